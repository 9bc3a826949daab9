// Re-normalising windows over new data with a saved model's normalisers, instead of
// refitting them (a forecast must see its inputs scaled exactly as in training).
#pragma once
#include "data/windows.h"

namespace rnnlab {

// requires: w came from makeWindows on `series` with the same columns, and the same
//           transform (none/log/diff/logdiff), as `stored`; throws otherwise.
// ensures: w.inputs and w.target are the transformed values scaled by `stored`'s
//          normalisers, which replace w's own.
void renormalize(const Series &series, const Windows &stored, Windows &w);

} // namespace rnnlab
