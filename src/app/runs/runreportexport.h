// Export report of the run list: the selected runs as one self-contained HTML file
// and a PDF beside it (same name, .pdf), through the report module (reportFromRuns,
// makeRunOverlayPlots, ReportWriter). The window asks for the path; this writes.
#pragma once
#include "runs/run_record.h"

#include <QString>

namespace rnnlab {

// requires: runs not empty; series is the raw file the first run was trained on.
// htmlPath ends in .html (or not: ".html" is what the HTML gets, ".pdf" the PDF).
// Returns false with *error naming the file or the problem.
bool exportRunReport(const std::vector<RunRecord> &runs, const Series &series, const QString &htmlPath,
                     QString *error, QString *pdfPath = nullptr);

} // namespace rnnlab
