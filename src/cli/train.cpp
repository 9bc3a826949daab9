// `rnnlab-cli train`: load a series, cut windows, train, print one JSON line per
// epoch and a summary with the test metrics of the model and the baselines.
#include "args.h"
#include "commands.h"
#include "interrupt.h"
#include "load_args.h"
#include "preflight.h"
#include "progress.h"
#include "run_csv.h"
#include "train_defaults.h"
#include "train_options.h"
#include "train_ensemble.h"
#include "train_verdict.h"

#include "forecasting/baselines.h"
#include "forecasting/forecast.h"
#include "forecasting/metrics.h"
#include "data/time_axis.h"
#include "data/time_spacing.h"
#include "io/model_file.h"
#include "io/output_set.h"
#include "nn/trainer.h"
#include "nn/training_defaults.h"
#include "runs/run_trainer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <new>

namespace rnnlab::cli {

namespace {

using nlohmann::json;

json nullable(double x)
{
    return std::isfinite(x) ? json(x) : json(nullptr);
}

json metricsJson(const Metrics &m)
{
    json j;
    j["mae"] = nullable(m.mae);
    j["rmse"] = nullable(m.rmse);
    j["mape"] = m.mape ? nullable(*m.mape) : json(nullptr);
    j["smape"] = nullable(m.smape);
    j["mase"] = m.mase ? nullable(*m.mase) : json(nullptr);
    if (!m.note.empty()) {
        j["note"] = m.note;
    }
    return j;
}

json reportJson(const MetricsReport &r)
{
    json j = metricsJson(r.overall);
    if (r.perStep.size() > 1) {
        json steps = json::array();
        for (const Metrics &m : r.perStep) {
            steps.push_back(metricsJson(m));
        }
        j["per_step"] = steps;
    }
    return j;
}

const char *usage = "rnnlab-cli train --data FILE [--target COL] [--inputs COL,COL] [--missing reject|interpolate|ffill|drop]\n"
                    "  [--model lstm:32,dense] [--lookback L] [--horizon 1] [--stride 1] [--split 0.7,0.15,0.15]\n"
                    "  [--normalize zscore|minmax|none] [--transform auto|none|log|diff|logdiff|sdiff|logsdiff]\n"
                    "  [--period m] [--window-norm none|last] [--loss mse|mae|huber] [--optimizer adam|sgd|rmsprop]\n"
                    "  [--lr 0.001] [--momentum 0] [--nesterov] [--weight-decay 0] [--batch 32] [--epochs 300]\n"
                    "  [--no-shuffle] [--clip-norm X] [--clip-value X] [--tbptt K] [--gain 1] [--no-forget-bias]\n"
                    "  [--patience P] [--seed 1] [--threads N] [--ensemble 1] [--refit] [--init MODEL.json] [--save MODEL.json] [--out DIR]\n"
                    "Defaults: --transform auto decides from the training rows (the reason goes to stderr),\n"
                    "and --window-norm with it (last when it picks no transform and finds no season);\n"
                    "the lookback is one season when a season of 13+ rows is found, else 12; early stopping\n"
                    "on the validation loss with patience 20 (10 from 1000 training windows), --patience 0 off.\n";

} // namespace

int train(int argc, char **argv)
{
    std::string savePath;
    try {
        // The options train shares with compare, and its own.
        std::set<std::string> valued = trainValuedOptions();
        valued.insert({"period", "window-norm", "init", "ensemble", "save", "out"});
        valued.insert(loadOptionNames().begin(), loadOptionNames().end());
        std::set<std::string> flags = trainFlagOptions();
        flags.insert({"refit", "help"});
        const Args args(argc, argv, valued, flags);
        if (args.has("help")) {
            std::fputs(usage, stdout);
            std::fputs(kLoadUsage, stdout);
            return 0;
        }
        if (!args.positional().empty()) {
            throw ArgError("unexpected argument \"" + args.positional().front() + "\"");
        }
        // --- data
        DataConfig dc;
        dc.target = args.str("target", "");
        dc.inputs = args.list("inputs");
        dc.missing = parseChoice(args, "missing", "reject", missingPolicyFromString);
        dc.normalization = parseChoice(args, "normalize", "zscore", normalizationFromString);
        const std::string transformText = args.str("transform", "auto");
        try {
            dc.transform = transformText == "auto" ? Transform::None : transformFromString(transformText);
        } catch (const std::invalid_argument &e) {
            throw ArgError(std::string("--transform: ") + e.what() + " (or auto)");
        }
        // The season of sdiff/logsdiff; 0 (default): detected from the training rows.
        dc.seasonalPeriod = int(args.integer("period", 0, 0, 100000));
        dc.windowNorm = parseChoice(args, "window-norm", "none", windowNormFromString);
        dc.lookback = int(args.integer("lookback", 12, 1, 100000));
        dc.horizon = int(args.integer("horizon", 1, 1, 10000));
        dc.stride = int(args.integer("stride", 1, 1, 1000000));
        parseSplit(args, dc);
        // --- training
        TrainConfig tc = parseTrainConfig(args, kDefaultEpochCap);
        const int ensembleSize = int(args.integer("ensemble", 1, 1, 1000));
        if (ensembleSize > 1 && args.has("init")) {
            throw ArgError("--ensemble trains its members from their own seeds; it cannot start from --init");
        }
        const std::string modelText = args.str("model", "lstm:32,dense");
        const std::string dataPath = args.required("data");
        savePath = args.str("save", "");
        const std::string outDir = args.str("out", "");

        const LoadOptions loadOptions = loadOptionsFrom(args);
        Series series = loadSeries(dataPath, loadOptions);
        for (const std::string &w : series.warnings) {
            std::fprintf(stderr, "rnnlab-cli train: warning: %s\n", w.c_str());
        }
        // The missing-value policy once, here, so baselines and metrics see the same rows
        // (in place: a copy of a 10-million-row series would double its memory).
        prepareSeries(series, dc);
        const json decided = decideDataDefaults(series, dc, transformText == "auto", !args.has("lookback"),
                                               !args.has("window-norm"));
        Windows windows = makeWindows(series, dc);
        if (!args.has("patience")) {
            tc.patience = windows.val.empty() ? 0 : defaultPatience(int(windows.train.size()));
        }
        nameReadColumns(dc, series, windows); // so the model file reads the same columns later
        ModelSpec spec;
        try {
            spec = parseModelSpec(modelText, windows.features(), windows.horizon);
        } catch (const SpecError &e) {
            throw ArgError(std::string("--model: ") + e.what());
        }
        preflightTrain(spec, tc, windows, savePath, outDir, ensembleSize); // before any epoch runs
        Trainer trainer(spec, tc, windows);
        if (args.has("init")) {
            const ModelFile init = loadModelFile(args.str("init", ""));
            try {
                applyModelFile(init, trainer.model());
            } catch (const ModelFileError &e) {
                throw ArgError(std::string("--init: ") + e.what());
            }
        }
        const InterruptGuard interrupt; // Ctrl-C: stop after this batch, save, exit 130

        auto extra = [&] {
            json j;
            j["data"] = toJson(dc, windows);
            j["data"]["file"] = std::filesystem::path(dataPath).filename().string();
            j["data"]["load"] = loadOptionsJson(loadOptions); // forecast reads the file the same way
            j["training"] = trainingJson(spec, tc, trainer.epochsRun());
            if (InterruptGuard::requested()) {
                j["interrupted"] = true; // the weights of an unfinished run
            }
            return j;
        };

        TrainEnsemble ensemble(spec, tc, windows, ensembleSize);
        Progress progress(tc.epochs);
        EpochCsv epochCsv(windows.lookback);
        int exitCode = 0;
        for (int e = 0; e < tc.epochs; ++e) {
            const EpochStats st = trainer.runEpoch([&](int b, int n) {
                progress.update(e, b + 1, n);
                return !InterruptGuard::requested();
            }, [] { return InterruptGuard::requested(); });
            if (st.stopped || InterruptGuard::requested()) {
                progress.clear();
                std::fprintf(stderr, "rnnlab-cli train: interrupted by signal %d in epoch %d; saving what was asked for\n",
                             InterruptGuard::signalNumber(), st.epoch);
                exitCode = InterruptGuard::exitCode();
                if (st.stopped) {
                    break; // a partial epoch has no statistics to print
                }
            }
            if (st.nonFinite.found) {
                progress.clear();
                std::fprintf(stderr, "rnnlab-cli train: training diverged in epoch %d: %s; the last finite weights are kept\n",
                             st.epoch, st.nonFinite.message().c_str());
                exitCode = 3;
                break;
            }
            json line;
            line["epoch"] = st.epoch;
            line["train_loss"] = nullable(st.trainLoss);
            line["val_loss"] = st.valLoss ? nullable(*st.valLoss) : json(nullptr);
            line["grad_norm"] = nullable(st.gradNorm);
            line["grad_norm_clipped"] = nullable(st.gradNormClipped);
            line["hidden_grad_norms"] = st.hiddenGradNorms;
            line["spectral_radius"] = st.spectralRadius;
            line["spectral_radius_epoch"] = st.spectralRadiusEpoch; // recomputed every k epochs (cost budget)
            line["seconds"] = st.seconds;
            progress.clear();
            std::printf("%s\n", line.dump().c_str());
            std::fflush(stdout);
            epochCsv.add(st);
            if (trainer.shouldStop() || exitCode != 0) {
                break;
            }
        }
        progress.clear();
        const bool interrupted = exitCode == InterruptGuard::exitCode() && exitCode != 0;
        if ((exitCode == 0 || interrupted) && tc.patience > 0 && trainer.bestEpoch() > 0) {
            trainer.restoreBest();
        }
        if (exitCode == 0 && args.has("refit")) {
            ensemble.refit(trainer);
        }

        // --- summary: test metrics of the model and of each baseline
        json summary;
        summary["epochs"] = trainer.epochsRun();
        summary["series"] = describeSeries(series); // rows, span, spacing and gaps
        if (trainer.bestEpoch() > 0) {
            summary["best_epoch"] = trainer.bestEpoch();
            summary["best_val_loss"] = trainer.bestValLoss();
        }
        summary.update(decided);
        summary["patience"] = tc.patience;
        if ((ensemble.size() > 1 || args.has("refit")) && exitCode == 0) {
            ensemble.wait();
            summary["ensemble"] = ensemble.describe(trainer);
        }
        summary["train_windows"] = windows.train.size();
        summary["val_windows"] = windows.val.size();
        summary["test_windows"] = windows.test.size();
        if (interrupted) {
            summary["interrupted"] = true;
        }
        if (exitCode == 0 || interrupted) {
            if (windows.test.empty()) {
                summary["test"] = nullptr;
                summary["note"] = "no test split: no test metrics";
            } else {
                const Eigen::MatrixXd actual = actualsMatrix(series, windows, windows.test);
                const std::optional<double> scale = naiveScale(series, windows);
                json test;
                const Eigen::MatrixXd modelPred = ensemble.predict(trainer.model(), windows.test);
                test["model"] = reportJson(computeMetrics(modelPred, actual, scale));
                for (const BaselineForecast &b : runBaselines(series, windows, windows.test)) {
                    if (b.skipped()) {
                        test[b.name] = {{"skipped", b.note}};
                    } else {
                        test[b.name] = reportJson(computeMetrics(b.pred, actual, scale));
                    }
                }
                summary["test"] = test;
                addVerdictFields(summary, series, windows);
                addIntervalFields(summary, ensemble.savedModel(trainer), windows);
                addResidualFields(summary, series, windows, modelPred - actual);
            }
        }
        if (!savePath.empty()) {
            saveModelFile(savePath, ensemble.savedModel(trainer), extra());
        }
        if (!outDir.empty()) {
            // Replaced as a whole (io/output_set.h): never half old, half new.
            OutputSet set(outDir);
            set.add("metrics.csv", epochCsv.metrics());
            set.add("gradnorms.csv", epochCsv.gradNorms());
            set.add("model.json", modelToJson(ensemble.savedModel(trainer), extra()).dump() + '\n');
            const AllWindows all = allWindows(windows);
            const Eigen::MatrixXd pred = ensemble.predict(trainer.model(), all.starts);
            set.add("predictions.csv", predictionsCsv(series, windows, all, pred, runBaselines(series, windows, all.starts)));
            set.commit();
        }
        if (exitCode == 0 || interrupted) {
            std::printf("%s\n", json{{"summary", summary}}.dump().c_str());
        }
        return exitCode;
    } catch (const ArgError &e) {
        std::fprintf(stderr, "rnnlab-cli train: %s\n", e.what());
        return 2;
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "rnnlab-cli train: out of memory (the estimate before training was too low; "
                             "make the model, lookback or batch smaller)\n");
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rnnlab-cli train: %s\n", e.what());
        return 2;
    }
}

} // namespace rnnlab::cli
