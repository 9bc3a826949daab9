// `rnnlab-cli generate`: writes one of the teaching series (see core/generate.h).
#include "args.h"
#include "commands.h"

#include "data/generate.h"

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
        const int rows = int(args.integer("rows", 1000, 1, 10000000));
        const auto seed = (std::uint64_t)args.integer("seed", 1, 0, (1LL << 62));
        const std::string out = args.required("out");
        Series s;
        if (kind == "sine") {
            s = noisySine(rows, args.real("period", 50.0, 1e-9, 1e12), args.real("noise", 0.1, 0.0, 1e12), seed);
        } else if (kind == "random-walk") {
            s = randomWalk(rows, args.real("start", 100.0, 1e-12, 1e12), args.real("drift", 0.0005, -1.0, 1.0),
                           args.real("vol", 0.01, 0.0, 10.0), seed);
        } else if (kind == "echo") {
            s = echo(rows, int(args.integer("lag", 20, 0, 100000)), seed);
        } else {
            throw ArgError("unknown series \"" + kind + "\" (expected sine, random-walk or echo)");
        }
        writeCsv(s, out);
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
