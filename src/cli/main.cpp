// rnnlab-cli: a thin command-line client of the engine. Subcommands live in their
// own files; this one only dispatches.
#include "commands.h"

#include <cstdio>
#include <cstring>
#include <new>
#include <string>

namespace {
int dispatch(int argc, char **argv);
} // namespace

// No std::bad_alloc escapes as an abort: every command ends with a message and exit 2.
int main(int argc, char **argv)
{
    try {
        return dispatch(argc, argv);
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "rnnlab-cli: out of memory\n");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli: %s\n", e.what());
    }
    return 2;
}

namespace {
int dispatch(int argc, char **argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::fprintf(stderr, "usage: rnnlab-cli bench|train|compare|forecast|generate [options]\n"
                             "       rnnlab-cli COMMAND --help for the options of one command\n");
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    if (cmd == "bench") {
        return rnnlab::cli::bench(argc - 1, argv + 1);
    }
    if (cmd == "compare") {
        return rnnlab::cli::compare(argc - 1, argv + 1);
    }
    if (cmd == "train") {
        return rnnlab::cli::train(argc - 1, argv + 1);
    }
    if (cmd == "forecast") {
        return rnnlab::cli::forecast(argc - 1, argv + 1);
    }
    if (cmd == "generate") {
        return rnnlab::cli::generate(argc - 1, argv + 1);
    }
    std::fprintf(stderr, "rnnlab-cli: unknown command \"%s\" (expected bench, train, compare, forecast or generate)\n", cmd.c_str());
    return 2;
}
} // namespace
