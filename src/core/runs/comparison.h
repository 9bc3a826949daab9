// Several variants of one base setting trained side by side: the cell type of every
// recurrent layer, the recurrent gain, the clipping norm. Each run trains on one
// thread; with more than one worker the runs train concurrently, one per thread, and
// every run's numbers equal the same run trained alone with one thread (no shared
// state but the read-only series). Progress and cancel through callbacks and an atomic.
#pragma once
#include "runs/run_trainer.h"

#include <optional>

namespace rnnlab {

// Empty axes are not varied. Runs are the product, cells outermost, then gains, then clip norms.
struct ComparisonAxes {
    std::vector<LayerType> cells;  // recurrent types only
    std::vector<double> gains;     // recurrent gain, >= 0
    std::vector<double> clipNorms; // 0: clipping off; > 0: clip the global norm at it
    // Clipping A/B: one more clip value, "auto": clip at a quarter of the median global norm
    // of the same cell and gain's unclipped run (suggestedClipNorm), trained once that run is
    // done. Needs 0 in clipNorms.
    bool clipAuto = false;
};

struct PlannedRun {
    std::string name;      // "lstm", "rnn gain 0.5", "gru clip 1", ...: unique within a comparison
    RunSettings settings;  // the base with the variant applied and threads = 1
    int clipFrom = -1;     // >= 0: an "auto" clip run, its threshold from that plan index's record
};

// spec with the type of every recurrent layer replaced by `cell` (an rnn activation
// other than tanh becomes tanh for lstm/gru, which have none). Throws SpecError if cell is Dense.
ModelSpec withCell(const ModelSpec &spec, LayerType cell);

// Throws std::invalid_argument naming the bad value (a dense cell, a negative gain or
// clip norm, a repeated value, more than 1000 runs in all).
std::vector<PlannedRun> planComparison(const RunSettings &base, const ComparisonAxes &axes);

struct ComparisonHooks {
    // Called on the worker thread that trains run `run` (index into the plan), possibly
    // from several threads at once: the callee synchronises.
    std::function<void(int run, const EpochStats &)> onEpoch;
    std::function<void(int run, const RunRecord &)> onRunFinished;
    const std::atomic<bool> *cancel = nullptr; // stops every run at its next batch; unstarted runs are skipped
};

// How many runs train at once: min(runs, cores); 1 on a single-core machine.
// cores 0 means std::thread::hardware_concurrency().
int comparisonWorkers(int runs, int cores = 0);

// Trains every planned run, `workers` at a time (<= 1: one after another on the calling
// thread); "auto" clip runs in a second round, after the runs they measure. Returns the
// records in plan order; a run skipped by cancel (or an auto clip run whose unclipped
// run completed no epoch, with endMessage saying so) has end Stopped, endEpoch 0 and
// no history or weights. An exception from one run (bad settings) is
// rethrown after every worker has joined (the first in plan order).
std::vector<RunRecord> runComparison(const std::vector<PlannedRun> &plan, const Series &series, int workers,
                                     const ComparisonHooks &hooks = {});

} // namespace rnnlab
