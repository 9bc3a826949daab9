// Fills a report's text from run records and the series they were trained on: the data
// description (file, checksum, rows, span, columns, transform, windows and split), the
// model summary per run, every setting (one column per run, differing rows marked) and
// the metric tables (one row per run, then the baselines of the first run).
#pragma once
#include "report/report.h"
#include "runs/run_record.h"

#include <vector>

namespace rnnlab {

// requires: runs is not empty; series is the raw file of runs[0] (its data identity).
// Throws std::invalid_argument when the series does not give runs[0]'s windows.
ReportContent reportFromRuns(const std::vector<RunRecord> &runs, const Series &series);

// A number for a report cell: 4 significant digits, "–" for none (NaN, missing).
QString reportNumber(double x);

} // namespace rnnlab
