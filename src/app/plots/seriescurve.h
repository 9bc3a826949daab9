// One value column of a Series as a DecimatedGraph's curve, reading the series' own
// buffers (its time vector and the column, contiguous in the column-major matrix)
// instead of copying them: for 1M rows that is 16 MB less per plot of the target.
#pragma once
#include "data/series.h"

#include <memory>

namespace rnnlab {

class DecimatedGraph;

// requires: series, 0 <= column < series->values.cols(). The graph keeps `series` alive.
void showSeriesColumn(DecimatedGraph &graph, std::shared_ptr<const Series> series, int column);

} // namespace rnnlab
