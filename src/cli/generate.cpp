// `rnnlab-cli generate`: writes one of the teaching series (see core/generate.h).
// The size is checked before anything is generated; a long write prints progress
// lines, and Ctrl-C / SIGTERM stop it with nothing written (the old file, if any,
// stays as it was: a cut-short series would read back as a whole one), exit 130 / 143.
#include "args.h"
#include "commands.h"
#include "interrupt.h"
#include "progress_line.h"

#include "data/generate.h"
#include "nn/memory_estimate.h"

#include <cstdio>

namespace rnnlab::cli {

int generate(int argc, char **argv)
{
    const char *usage = "rnnlab-cli generate sine|random-walk|echo --rows N [--period P] [--noise X] [--lag K]\n"
                        "                    [--start S] [--drift D] [--vol V] [--seed S] --out FILE\n";
    try {
        const Args args(argc, argv, {"rows", "period", "noise", "lag", "start", "drift", "vol", "seed", "out"}, {"help"});
        if (args.has("help")) {
            std::fputs(usage, stdout);
            return 0;
        }
        if (args.positional().size() != 1) {
            throw ArgError("name one series: sine, random-walk or echo");
        }
        const std::string kind = args.positional()[0];
        // 10 million rows is a ~300 MB CSV: past that the limit, not the disk, answers.
        const long long maxRows = 10000000;
        const long long rows = args.integer("rows", 1000, 1, (1LL << 62));
        const auto seed = (std::uint64_t)args.integer("seed", 1, 0, (1LL << 62));
        const std::string out = args.required("out");
        const int columns = kind == "echo" ? 2 : 1;
        const double memory = generatedSeriesBytes(rows, columns);
        if (rows > maxRows) {
            throw ArgError("--rows " + std::to_string(rows) + " is above the limit of " + std::to_string(maxRows)
                           + " rows (the series would need about " + formatBytes(memory) + " of memory and "
                           + formatBytes(generatedCsvBytes(rows, columns)) + " of disk)");
        }
        const MemoryCheck check = checkMemory(memory, MemoryLimits::forThisMachine(),
                                              "generating " + std::to_string(rows) + " rows", "ask for fewer rows");
        if (check.verdict == MemoryVerdict::Refuse) {
            throw ArgError(check.message);
        }
        if (check.verdict == MemoryVerdict::Warn) {
            std::fprintf(stderr, "rnnlab-cli generate: warning: %s\n", check.message.c_str());
        }
        const InterruptGuard guard;
        Series s;
        if (kind == "sine") {
            s = noisySine(int(rows), args.real("period", 50.0, 1e-9, 1e12), args.real("noise", 0.1, 0.0, 1e12), seed);
        } else if (kind == "random-walk") {
            s = randomWalk(int(rows), args.real("start", 100.0, 1e-12, 1e12), args.real("drift", 0.0005, -1.0, 1.0),
                           args.real("vol", 0.01, 0.0, 10.0), seed);
        } else if (kind == "echo") {
            s = echo(int(rows), int(args.integer("lag", 20, 0, 100000)), seed);
        } else {
            throw ArgError("unknown series \"" + kind + "\" (expected sine, random-walk or echo)");
        }
        if (InterruptGuard::requested()) {
            std::fprintf(stderr, "rnnlab-cli generate: interrupted; nothing written\n");
            return InterruptGuard::exitCode();
        }
        ProgressLine progress("generate", "rows", rows);
        try {
            writeCsv(s, out, [&](int done) {
                progress.update(done);
                return !InterruptGuard::requested();
            });
        } catch (const WriteStopped &) {
            std::fprintf(stderr, "rnnlab-cli generate: interrupted; nothing written (%s left as it was)\n", out.c_str());
            return InterruptGuard::exitCode();
        }
        return 0;
    } catch (const ArgError &e) {
        std::fprintf(stderr, "rnnlab-cli generate: %s\n%s", e.what(), usage);
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli generate: %s\n", e.what());
        return 2;
    }
}

} // namespace rnnlab::cli
