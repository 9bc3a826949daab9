// `rnnlab-cli forecast`: runs a saved model over a series with the model file's own
// normalisation and data settings and prints CSV (time, forecast). The steps are
// checked before anything runs; a long forecast prints progress lines on stderr, and
// Ctrl-C / SIGTERM stop it with nothing printed to stdout (a cut-short forecast would
// read as a whole one), exit 130 / 143. A signal while the rows are being printed
// stops the printing at a row boundary, with the same exit code.
#include "args.h"
#include "commands.h"
#include "interrupt.h"
#include "load_args.h"
#include "progress_line.h"

#include "forecasting/forecast.h"
#include "io/model_file.h"
#include "data/stored_normalization.h"
#include "data/time_axis.h"
#include "nn/memory_estimate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace rnnlab::cli {

int forecast(int argc, char **argv)
{
    try {
        std::set<std::string> valued{"model", "data", "steps", "mode", "origin"};
        valued.insert(loadOptionNames().begin(), loadOptionNames().end());
        const Args args(argc, argv, valued, {"help"});
        if (args.has("help")) {
            std::puts("rnnlab-cli forecast --model MODEL.json --data FILE --steps N [--mode closed|open] [--origin ROW]");
            std::fputs(kLoadUsage, stdout);
            return 0;
        }
        const std::string modelPath = args.required("model");
        const std::string dataPath = args.required("data");
        // A million closed-loop steps of a small model run in seconds; 1e8 would take
        // hours (one forward call of `lookback` steps per step) and GBs.
        const long long maxSteps = 1000000;
        const long long stepsAsked = args.integer("steps", 0, 1, (1LL << 62));
        if (!args.has("steps")) {
            throw ArgError("--steps is required");
        }
        const std::string mode = args.str("mode", "closed");
        if (mode != "closed" && mode != "open") {
            throw ArgError("--mode: \"" + mode + "\" is not closed or open");
        }
        const ModelFile file = loadModelFile(modelPath);
        if (!file.extra.contains("data")) {
            throw ArgError(modelPath + ": the model file has no \"data\" settings (normalisation, columns, lookback)");
        }
        DataConfig dc;
        Windows stored;
        try {
            fromJson(file.extra["data"], dc, stored);
        } catch (const std::invalid_argument &e) {
            throw ArgError(modelPath + ": " + e.what());
        }
        const int lookback = dc.lookback;
        const double memory = forecastBytes(stepsAsked, lookback, file.spec.horizon());
        if (stepsAsked > maxSteps) {
            throw ArgError("--steps " + std::to_string(stepsAsked) + " is above the limit of " + std::to_string(maxSteps)
                           + " steps (the forecast would need about " + formatBytes(memory) + " of memory and "
                           + std::to_string((stepsAsked + file.spec.horizon() - 1) / std::max(1, file.spec.horizon()))
                           + " forward calls of the model over " + std::to_string(lookback) + " steps)");
        }
        const MemoryCheck check = checkMemory(memory, MemoryLimits::forThisMachine(),
                                              "forecasting " + std::to_string(stepsAsked) + " steps", "ask for fewer steps");
        if (check.verdict == MemoryVerdict::Refuse) {
            throw ArgError(check.message);
        }
        const int steps = int(stepsAsked);

        // The reading choices given here, else those the model was trained with.
        const LoadOptions loadOptions = hasLoadOptions(args) || !file.extra["data"].contains("load")
            ? loadOptionsFrom(args)
            : loadOptionsFromJson(file.extra["data"]["load"]);
        Series series = loadSeries(dataPath, loadOptions);
        // Windows over the new data with the model's columns and lookback, every window
        // in one split; then the model's own normalisation replaces the refitted one.
        DataConfig all = dc;
        all.trainFraction = 1.0;
        all.valFraction = 0.0;
        all.testFraction = 0.0;
        std::vector<int> used;
        for (const std::string &name : dc.inputs.empty() ? std::vector<std::string>{dc.target} : dc.inputs) {
            used.push_back(series.columnIndex(name));
        }
        used.push_back(series.columnIndex(dc.target));
        for (int c : used) {
            if (c < 0) {
                throw ArgError(dataPath + ": the model needs the columns it was trained on (target \"" + dc.target
                               + "\") and this file lacks one");
            }
        }
        applyMissingPolicy(series, dc.missing, used);
        Windows w = makeWindows(series, all);
        // The stored transform (in dc) was applied by makeWindows; renormalize checks it.
        renormalize(series, stored, w);

        Model<float> model(file.spec);
        model.params() = file.params;
        // A differencing transform has no value at row 0, so the first window starts at row 1.
        const int lowest = w.lookback + w.firstRow();
        const int origin = int(args.integer("origin", mode == "closed" ? w.rows : lowest, lowest, w.rows));
        const InterruptGuard guard;
        ProgressLine progress("forecast", "steps", steps);
        const auto goOn = [&](int done) {
            progress.update(done);
            return !InterruptGuard::requested();
        };
        bool printed = false;
        const auto stopped = [&printed] {
            std::fprintf(stderr, "rnnlab-cli forecast: interrupted; %s\n",
                         printed ? "the rows printed so far are incomplete" : "nothing printed");
            return InterruptGuard::exitCode();
        };
        if (mode == "closed") {
            std::string note;
            std::vector<double> f;
            try {
                f = closedLoopForecast(model, w, origin, steps, series.columns, &note, goOn);
            } catch (const ForecastStopped &) {
                return stopped();
            }
            if (!note.empty()) {
                std::fprintf(stderr, "rnnlab-cli forecast: %s\n", note.c_str());
            }
            std::printf("time,forecast\n");
            printed = true;
            for (int k = 0; k < int(f.size()); ++k) {
                if (InterruptGuard::requested()) {
                    return stopped();
                }
                std::printf("%s,%.10g\n", timeLabel(series, origin + k).c_str(), f[std::size_t(k)]);
            }
        } else {
            // Open loop: the forecast of row r comes from the true rows [r-L, r); a window
            // needs all H of its target rows inside the data.
            std::vector<int> starts;
            for (int r = origin; r < origin + steps && r + w.horizon <= w.rows; ++r) {
                starts.push_back(r - w.lookback);
            }
            Eigen::MatrixXd p;
            try {
                p = openLoopPredict(model, w, starts, 256, goOn);
            } catch (const ForecastStopped &) {
                return stopped();
            }
            std::printf("time,forecast\n");
            printed = true;
            for (size_t n = 0; n < starts.size(); ++n) {
                if (InterruptGuard::requested()) {
                    return stopped();
                }
                std::printf("%s,%.10g\n", timeLabel(series, starts[n] + w.lookback).c_str(), p(0, n));
            }
        }
        return InterruptGuard::exitCode(); // 0 unless a signal came after the last row
    } catch (const ArgError &e) {
        std::fprintf(stderr, "rnnlab-cli forecast: %s\n", e.what());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli forecast: %s\n", e.what());
        return 2;
    }
}

} // namespace rnnlab::cli
