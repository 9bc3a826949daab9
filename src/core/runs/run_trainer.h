// Trains one run from its settings to a RunRecord (the loop the CLI's train runs:
// missing-value policy, windows, trainer, early stopping, divergence, test metrics of
// the model and the baselines), and replays a record: the same settings on the same
// data give every logged number again, bit for bit, for the same thread count.
#pragma once
#include "runs/run_record.h"

#include <atomic>
#include <functional>

namespace rnnlab {

struct RunHooks {
    // After every logged epoch, on the thread that trains (so it must be thread-safe
    // when several runs train at once).
    std::function<void(const EpochStats &)> onEpoch;
    // After every batch, on the training thread: (epoch index from 0, batch, batches).
    std::function<void(int, int, int)> onBatch;
    // Checked after every batch and between epochs; once true the run ends as Stopped
    // with the batches done so far.
    const std::atomic<bool> *cancel = nullptr;
};

// requires: series is the raw file as loaded (the missing-value policy of
// settings.windows is applied here, to a copy).
// ensures: record.settings == settings except data.rows and data.columns, filled from
// the series, and an empty target or input list, replaced by the column names the
// windows read; record.name == name. Throws std::invalid_argument (bad
// columns, too few rows...) or SpecError (the spec does not fit the data).
RunRecord trainRun(const std::string &name, const RunSettings &settings, const Series &series,
                   const RunHooks &hooks = {});

// The pieces of trainRun for a loop of its own (the window's worker, which pauses,
// steps and changes settings live): used in the same order they give the same record.
// The series with the run's missing-value policy applied to the columns it reads
// (the target, the first column when none is named, and the inputs): on a copy, or in place.
Series preparedSeries(const Series &raw, const DataConfig &dc);
void prepareSeries(Series &series, const DataConfig &dc);
// The target and input columns the windows read, by name, replacing an empty target or
// input list ("the default column"), so a replay or a model file reads the same columns.
void nameReadColumns(DataConfig &dc, const Series &prepared, const Windows &windows);
// settings as a record keeps them: rows and columns from the prepared series, and
// the target and input columns the windows read, by name.
RunSettings recordedSettings(const RunSettings &settings, const Series &prepared, const Windows &windows);
// Test-span metrics (original units) of the model, then of every baseline that ran;
// empty without a test split. (The model is not const: prediction uses its workspace.)
std::vector<NamedMetrics> testMetrics(Model<float> &model, const Series &prepared, const Windows &windows);

// Trains the record's settings again on `series`; a stopped run stops after the same
// batch. Throws RunRecordError when the series' rows or columns differ from the
// record's data identity (checksums are the caller's: it knows where the file is).
RunRecord replayRun(const RunRecord &record, const Series &series, const RunHooks &hooks = {});

// Every logged number of a and b (history but its wall-clock seconds, weights, end,
// best epoch, test metrics) equal bit for bit? Returns "" if so, else where they first differ.
std::string firstDifference(const RunRecord &a, const RunRecord &b);

} // namespace rnnlab
