// `rnnlab-cli compare`: train's options plus the axes to vary (--cells, --gains,
// --clip-norms); trains every variant (concurrently, one thread each, when the machine
// has the cores), writes one train-style directory per run and runs.csv, one row per run.
#include "args.h"
#include "commands.h"
#include "run_csv.h"
#include "run_files.h"
#include "train_options.h"

#include "runs/comparison.h"
#include "runs/sha256.h"
#include "io/atomic_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <unistd.h>

namespace rnnlab::cli {

namespace {

using nlohmann::json;

const char *usage =
    "rnnlab-cli compare [train's data and training options] --model SPEC --out DIR\n"
    "  [--cells rnn,lstm,gru] [--gains 0.5,1,1.5] [--clip-norms 0,1|0,auto] [--jobs N]\n"
    "  One run per combination of the listed values (at least one list): --cells replaces the cell of\n"
    "  every recurrent layer of SPEC, --gains the recurrent gain, --clip-norms the global-norm clipping\n"
    "  threshold (0: off; auto: a quarter of the median global\n"
    "  norm of the unclipped run, trained after it).\n"
    "  Each run trains on one thread; --jobs runs (default: one per core) train at\n"
    "  once. Writes DIR/<run>/ (train --out's files and run.json) and DIR/runs.csv.\n"
    "  Exit codes: 0 done, 2 bad arguments or input, 3 a run diverged (the others are still written).\n"
    "Train's options:\n";

std::vector<LayerType> parseCells(const Args &args)
{
    std::vector<LayerType> cells;
    for (const std::string &s : args.list("cells")) {
        try {
            cells.push_back(layerTypeFromString(s));
        } catch (const SpecError &) {
            throw ArgError("--cells: \"" + s + "\" is not a cell (expected rnn, lstm or gru)");
        }
        if (!isRecurrent(cells.back())) {
            throw ArgError("--cells: \"" + s + "\" is not a recurrent cell (expected rnn, lstm or gru)");
        }
    }
    return cells;
}

std::vector<double> parseNonNegative(const Args &args, const char *name)
{
    std::vector<double> v = args.reals(name, {});
    for (double x : v) {
        if (x < 0) {
            throw ArgError(std::string("--") + name + ": " + csvNumber(x) + " is negative");
        }
    }
    return v;
}

// The last complete epoch (a stopped or diverged one has no full-epoch losses).
const EpochStats *lastComplete(const RunRecord &r)
{
    for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
        if (!it->stopped && !it->nonFinite.found) {
            return &*it;
        }
    }
    return nullptr;
}

const Metrics *modelMetrics(const RunRecord &r)
{
    return !r.test.empty() && r.test[0].name == "model" ? &r.test[0].metrics : nullptr;
}

std::string cellOf(const ModelSpec &spec)
{
    std::string out;
    for (const LayerSpec &l : spec.layers) {
        if (isRecurrent(l.type) && out.find(toString(l.type)) == std::string::npos) {
            out += (out.empty() ? "" : "+") + std::string(toString(l.type));
        }
    }
    return out;
}

std::string runsCsv(const std::vector<RunRecord> &runs, bool gains, bool clips)
{
    std::string csv = "name,cell,model";
    csv += gains ? ",gain" : "";
    csv += clips ? ",clip_norm" : "";
    csv += ",end,epochs,train_loss,val_loss,test_mae,test_rmse,test_mape,test_smape,test_mase,grad_ratio,wall_seconds,"
           "note\n";
    for (const RunRecord &r : runs) {
        const RunSettings &s = r.settings;
        csv += csvQuote(r.name) + ',' + cellOf(s.spec) + ',' + csvQuote(formatModelSpec(s.spec));
        if (gains) {
            csv += ',' + csvNumber(s.train.init.recurrentGain);
        }
        if (clips) {
            csv += ',' + csvNumber(s.train.clip.kind == ClipKind::Norm ? s.train.clip.threshold : 0.0);
        }
        const EpochStats *last = lastComplete(r);
        csv += ',' + csvQuote(describeEnd(r.end, r.endEpoch)) + ',' + std::to_string(last ? last->epoch : 0) + ','
            + (last ? csvNumber(last->trainLoss) : "") + ',' + (last && last->valLoss ? csvNumber(*last->valLoss) : "");
        const Metrics *m = modelMetrics(r);
        csv += ',' + (m ? csvNumber(m->mae) : "") + ',' + (m ? csvNumber(m->rmse) : "") + ','
            + (m && m->mape ? csvNumber(*m->mape) : "") + ',' + (m ? csvNumber(m->smape) : "") + ','
            + (m && m->mase ? csvNumber(*m->mase) : "");
        csv += ',' + csvNumber(gradRatio(r)) + ',' + csvNumber(r.wallSeconds) + ',' + csvQuote(r.endMessage) + '\n';
    }
    return csv;
}

json nullable(double x)
{
    return std::isfinite(x) ? json(x) : json(nullptr);
}

} // namespace

int compare(int argc, char **argv)
{
    try {
        std::set<std::string> valued = trainValuedOptions();
        valued.insert({"cells", "gains", "clip-norms", "jobs", "out"});
        std::set<std::string> flags = trainFlagOptions();
        flags.insert("help");
        const Args args(argc, argv, valued, flags);
        if (args.has("help")) {
            std::fputs(usage, stdout);
            std::fputs(kTrainOptionsUsage, stdout);
            return 0;
        }
        if (!args.positional().empty()) {
            throw ArgError("unexpected argument \"" + args.positional().front() + "\"");
        }
        if (args.has("threads")) {
            throw ArgError("--threads: every compared run trains on one thread (so it equals the same run trained "
                           "alone); --jobs N sets how many runs train at once");
        }
        const TrainOptions opts = parseTrainOptions(args);
        ComparisonAxes axes;
        axes.cells = parseCells(args);
        axes.gains = parseNonNegative(args, "gains");
        for (double g : axes.gains) {
            if (g > 1000) {
                throw ArgError("--gains: " + csvNumber(g) + " is out of range [0, 1000]");
            }
        }
        for (const std::string &c : args.list("clip-norms")) {
            if (c == "auto") {
                axes.clipAuto = true;
                continue;
            }
            double v = 0;
            const auto r = std::from_chars(c.data(), c.data() + c.size(), v);
            if (r.ec != std::errc() || r.ptr != c.data() + c.size() || !std::isfinite(v)) {
                throw ArgError("--clip-norms: \"" + c + "\" is not a finite number or auto");
            }
            if (v < 0) {
                throw ArgError("--clip-norms: " + c + " is negative");
            }
            axes.clipNorms.push_back(v);
        }
        if (axes.clipAuto && std::find(axes.clipNorms.begin(), axes.clipNorms.end(), 0.0) == axes.clipNorms.end()) {
            throw ArgError("--clip-norms: auto needs 0 in the list too (auto clips at a quarter of the median global "
                           "norm of the unclipped run)");
        }
        if (axes.cells.empty() && axes.gains.empty() && axes.clipNorms.empty() && !axes.clipAuto) {
            throw ArgError("nothing to compare: give --cells, --gains or --clip-norms");
        }
        if (!axes.clipNorms.empty() && (args.has("clip-norm") || args.has("clip-value"))) {
            throw ArgError("--clip-norms replaces --clip-norm/--clip-value: give one or the other");
        }
        if (!axes.gains.empty() && args.has("gain")) {
            throw ArgError("--gains replaces --gain: give one or the other");
        }
        const std::string outDir = args.required("out");
        const int jobs = int(args.integer("jobs", 0, 1, 1024));

        Series series = loadSeries(opts.dataPath);
        for (const std::string &w : series.warnings) {
            std::fprintf(stderr, "rnnlab-cli compare: warning: %s\n", w.c_str());
        }
        RunSettings base;
        base.data.file = opts.dataPath;
        base.data.checksum = fileChecksum(opts.dataPath);
        base.windows = opts.data;
        base.train = opts.train;
        // The spec needs the feature count, which needs the windows: cut them once here
        // (this also reports bad columns and short data before any run starts).
        {
            Series probe = series;
            std::vector<int> used;
            const int target = opts.data.target.empty() ? 0 : probe.columnIndex(opts.data.target);
            if (target >= 0) {
                used.push_back(target);
            }
            for (const std::string &name : opts.data.inputs) {
                if (probe.columnIndex(name) >= 0) {
                    used.push_back(probe.columnIndex(name));
                }
            }
            applyMissingPolicy(probe, opts.data.missing, used);
            const Windows w = makeWindows(probe, opts.data);
            try {
                base.spec = parseModelSpec(opts.modelText, w.features(), w.horizon);
            } catch (const SpecError &e) {
                throw ArgError(std::string("--model: ") + e.what());
            }
        }
        std::vector<PlannedRun> plan;
        try {
            plan = planComparison(base, axes);
        } catch (const std::invalid_argument &e) {
            throw ArgError(std::string("--cells/--gains/--clip-norms: ") + e.what());
        }
        const int workers = args.has("jobs") ? std::min(jobs, int(plan.size())) : comparisonWorkers(int(plan.size()));

        const bool tty = isatty(fileno(stderr)) != 0;
        std::mutex progressMutex;
        int finished = 0;
        ComparisonHooks hooks;
        hooks.onRunFinished = [&](int, const RunRecord &r) {
            if (tty) {
                std::lock_guard lock(progressMutex);
                ++finished;
                std::fprintf(stderr, "\rcompare: %d/%zu runs done (last: %s)            ", finished, plan.size(),
                             r.name.c_str());
                std::fflush(stderr);
            }
        };
        const std::vector<RunRecord> runs = runComparison(plan, series, workers, hooks);
        if (tty) {
            std::fprintf(stderr, "\r%70s\r", "");
        }

        std::filesystem::create_directories(outDir);
        int exitCode = 0;
        for (const RunRecord &r : runs) {
            writeRunFiles(outDir + "/" + r.name, r, series);
            if (r.end == RunEnd::Diverged) {
                std::fprintf(stderr, "rnnlab-cli compare: run %s diverged in epoch %d: %s; the last finite weights are kept\n",
                             r.name.c_str(), r.endEpoch, r.endMessage.c_str());
                exitCode = 3;
            } else if (r.params.empty()) {
                std::fprintf(stderr, "rnnlab-cli compare: run %s was not trained: %s\n", r.name.c_str(), r.endMessage.c_str());
            }
            const EpochStats *last = lastComplete(r);
            const Metrics *m = modelMetrics(r);
            json line = {{"run", r.name},
                         {"cell", cellOf(r.settings.spec)},
                         {"model", formatModelSpec(r.settings.spec)},
                         {"end", describeEnd(r.end, r.endEpoch)},
                         {"epochs", last ? last->epoch : 0},
                         {"train_loss", last ? nullable(last->trainLoss) : json(nullptr)},
                         {"val_loss", last && last->valLoss ? nullable(*last->valLoss) : json(nullptr)},
                         {"test_mase", m && m->mase ? nullable(*m->mase) : json(nullptr)},
                         {"grad_ratio", nullable(gradRatio(r))},
                         {"wall_seconds", r.wallSeconds}};
            std::printf("%s\n", line.dump().c_str());
        }
        writeFileAtomically(outDir + "/runs.csv", runsCsv(runs, !axes.gains.empty(), !axes.clipNorms.empty()));
        std::fflush(stdout);
        return exitCode;
    } catch (const ArgError &e) {
        std::fprintf(stderr, "rnnlab-cli compare: %s\n", e.what());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli compare: %s\n", e.what());
        return 2;
    }
}

} // namespace rnnlab::cli
