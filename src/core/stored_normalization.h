// Re-normalising windows over new data with a saved model's normalisers, instead of
// refitting them (a forecast must see its inputs scaled exactly as in training).
#pragma once
#include "windows.h"

namespace rnnlab {

// requires: w came from makeWindows on `series` with the same columns as `stored`.
// ensures: w.inputs, w.target and the normalisers are those of `stored`.
void renormalize(const Series &series, const Windows &stored, Windows &w);

} // namespace rnnlab
