// The defaults a user's own file gets when they name no setting: the lookback, early
// stopping's patience and the epoch cap. Stated rules, not a search, so the same data
// always trains the same way. The GUI and the CLI share them.
#pragma once

namespace rnnlab {

// Epochs to run at most when early stopping is on (it normally stops long before).
constexpr int kDefaultEpochCap = 300;

// Patience on the validation loss: small training sets give noisy epochs (few batches),
// so they wait longer. 20 epochs below 1000 training windows, else 10.
int defaultPatience(int trainWindows);

// The lookback: one season when a season of 13..trainRows/4 rows was found (so the window
// sees a whole cycle), else 12.
int defaultLookback(int seasonalPeriod, int trainRows);

} // namespace rnnlab
