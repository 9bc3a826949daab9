// The subcommands of rnnlab-cli. Each returns the process exit code:
// 0 done, 2 bad arguments or bad input, 3 training diverged.
#pragma once

namespace rnnlab::cli {

int bench(int argc, char **argv);
int compare(int argc, char **argv);
int train(int argc, char **argv);
int forecast(int argc, char **argv);
int generate(int argc, char **argv);

} // namespace rnnlab::cli
