// The files of one run's directory, as `train --out` writes them (metrics.csv,
// gradnorms.csv, model.json, predictions.csv) plus run.json, the run record that
// `compare` results and replays are made of. Every file is written atomically.
#pragma once
#include "runs/run_record.h"

#include <string>

namespace rnnlab::cli {

// requires: `series` is the raw file the run was trained on. A run that never trained
// (no weights) gets run.json only. Creates `dir` if needed. Throws std::runtime_error
// naming the file that failed.
void writeRunFiles(const std::string &dir, const RunRecord &run, const Series &series);

} // namespace rnnlab::cli
