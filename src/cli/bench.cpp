// `rnnlab-cli bench`: times forward + BPTT + Adam on random data after a warm-up
// and prints one JSON line. The yardstick for speed (tests never time anything).
#include "args.h"
#include "commands.h"
#include "load_args.h"

#include "data/series.h"
#include "nn/trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

namespace rnnlab::cli {

namespace {

double peakRssMb()
{
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stod(line.substr(6)) / 1024.0;
        }
    }
    return 0.0;
}

double forwardFlops(const ModelSpec &spec, int T, int B)
{
    double flops = 0.0;
    int in = spec.inputSize;
    for (const LayerSpec &l : spec.layers) {
        if (isRecurrent(l.type)) {
            flops += 2.0 * gateCount(l.type) * l.units * double(in + l.units) * T * B;
        } else {
            flops += 2.0 * l.units * double(in) * B;
        }
        in = l.units;
    }
    return flops;
}

} // namespace

int bench(int argc, char **argv)
{
    try {
        std::set<std::string> valued{"model", "lookback", "batch", "features", "horizon", "steps", "warmup", "threads",
                                     "seed", "load"};
        valued.insert(loadOptionNames().begin(), loadOptionNames().end());
        const Args args(argc, argv, valued, {"help"});
        if (args.has("help")) {
            std::puts("rnnlab-cli bench --model lstm:64,lstm:32,dense --lookback 50 --batch 32 --features 1\n"
                      "                 [--horizon 1] [--steps 50] [--warmup 5] [--threads 1] [--seed 1]\n"
                      "rnnlab-cli bench --load FILE [load options]   (times loading one series file)");
            std::fputs(kLoadUsage, stdout);
            return 0;
        }
        if (args.has("load")) {
            // Loader speed: one timed loadSeries of the file, and the process's peak memory.
            const std::string path = args.str("load", "");
            // CPU seconds too: on a machine shared with other work the wall time says
            // more about the neighbours than about the loader (it runs on one thread).
            const auto t0 = std::chrono::steady_clock::now();
            const std::clock_t c0 = std::clock();
            const Series s = loadSeries(path, loadOptionsFrom(args));
            const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
            nlohmann::json j{{"impl", "rnnlab"}, {"load", path},          {"rows", s.rows()},
                             {"value_columns", s.columns.size()}, {"time_column", !s.timeName.empty()},
                             {"seconds", sec},    {"rows_per_second", sec > 0 ? s.rows() / sec : 0.0},
                             {"cpu_seconds", cpu}, {"rows_per_cpu_second", cpu > 0 ? s.rows() / cpu : 0.0},
                             {"peak_rss_mb", peakRssMb()}};
            std::printf("%s\n", j.dump().c_str());
            return 0;
        }
        const int T = int(args.integer("lookback", 50, 1, 100000));
        const int B = int(args.integer("batch", 32, 1, 1000000));
        const int F = int(args.integer("features", 1, 1, 100000));
        const int H = int(args.integer("horizon", 1, 1, 10000));
        const int steps = int(args.integer("steps", 50, 1, 10000000));
        const int warmup = int(args.integer("warmup", 5, 0, 10000000));
        const int threads = int(args.integer("threads", 1, 1, 1024));
        const auto seed = (std::uint64_t)args.integer("seed", 1, 0, (1LL << 62));
        ModelSpec spec;
        try {
            spec = parseModelSpec(args.str("model", "lstm:64,lstm:32,dense"), F, H);
        } catch (const SpecError &e) {
            throw ArgError(std::string("--model: ") + e.what());
        }

        // Random data as one batch of windows, trained through the same Trainer::trainStep
        // as `train` (so --threads exercises the same data-parallel path).
        std::mt19937_64 rng(seed);
        std::normal_distribution<float> normal;
        Windows w;
        w.lookback = T;
        w.horizon = H;
        w.rows = T + H + B - 1;
        w.inputs.resize(F, w.rows);
        w.target.resize(w.rows);
        for (Eigen::Index i = 0; i < w.inputs.size(); ++i) {
            w.inputs.data()[i] = normal(rng);
        }
        for (Eigen::Index i = 0; i < w.target.size(); ++i) {
            w.target[i] = normal(rng);
        }
        for (int i = 0; i < B; ++i) {
            w.train.push_back(i);
        }
        w.trainEnd = w.valEnd = w.rows;
        TrainConfig tc;
        tc.seed = seed;
        tc.threads = threads;
        tc.batchSize = B;
        Trainer trainer(spec, tc, w);
        double loss = 0.0;
        auto step = [&] { loss = trainer.trainStep(w.train).loss; };
        for (int i = 0; i < warmup; ++i) {
            step();
        }
        const double rssAfterWarmup = peakRssMb();
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < steps; ++i) {
            step();
        }
        const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / steps;
        const double flops = 3.0 * forwardFlops(spec, T, B);
        nlohmann::json j;
        j["impl"] = "rnnlab";
        j["model"] = formatModelSpec(spec);
        j["lookback"] = T;
        j["batch"] = B;
        j["features"] = F;
        j["threads"] = threads;
        j["steps"] = steps;
        j["parameters"] = parameterCount(spec);
        j["sec_per_step"] = sec;
        j["steps_per_sec"] = 1.0 / sec;
        j["gflops_3x_forward"] = flops / sec * 1e-9;
        j["final_loss"] = loss;
        j["peak_rss_mb"] = peakRssMb();
        j["peak_rss_mb_after_warmup"] = rssAfterWarmup;
        std::printf("%s\n", j.dump().c_str());
        return 0;
    } catch (const ArgError &e) {
        std::fprintf(stderr, "rnnlab-cli bench: %s\n", e.what());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli bench: %s\n", e.what());
        return 2;
    }
}

} // namespace rnnlab::cli
