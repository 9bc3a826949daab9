// `rnnlab-cli forecast`: runs a saved model over a series with the model file's own
// normalisation and data settings and prints CSV (time, forecast).
#include "args.h"
#include "commands.h"

#include "forecasting/forecast.h"
#include "io/model_file.h"
#include "data/stored_normalization.h"
#include "data/time_axis.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rnnlab::cli {

int forecast(int argc, char **argv)
{
    try {
        const Args args(argc, argv, {"model", "data", "steps", "mode", "origin"}, {"help"});
        if (args.has("help")) {
            std::puts("rnnlab-cli forecast --model MODEL.json --data FILE --steps N [--mode closed|open] [--origin ROW]");
            return 0;
        }
        const std::string modelPath = args.required("model");
        const std::string dataPath = args.required("data");
        const int steps = int(args.integer("steps", 0, 1, 100000000));
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
        fromJson(file.extra["data"], dc, stored);

        Series series = loadSeries(dataPath);
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
        std::printf("time,forecast\n");
        if (mode == "closed") {
            std::string note;
            const std::vector<double> f = closedLoopForecast(model, w, origin, steps, series.columns, &note);
            if (!note.empty()) {
                std::fprintf(stderr, "rnnlab-cli forecast: %s\n", note.c_str());
            }
            for (int k = 0; k < int(f.size()); ++k) {
                std::printf("%s,%.10g\n", timeLabel(series, origin + k).c_str(), f[std::size_t(k)]);
            }
        } else {
            // Open loop: the forecast of row r comes from the true rows [r-L, r); a window
            // needs all H of its target rows inside the data.
            std::vector<int> starts;
            for (int r = origin; r < origin + steps && r + w.horizon <= w.rows; ++r) {
                starts.push_back(r - w.lookback);
            }
            const Eigen::MatrixXd p = openLoopPredict(model, w, starts);
            for (size_t n = 0; n < starts.size(); ++n) {
                std::printf("%s,%.10g\n", timeLabel(series, starts[n] + w.lookback).c_str(), p(0, n));
            }
        }
        return 0;
    } catch (const ArgError &e) {
        std::fprintf(stderr, "rnnlab-cli forecast: %s\n", e.what());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli forecast: %s\n", e.what());
        return 2;
    }
}

} // namespace rnnlab::cli
