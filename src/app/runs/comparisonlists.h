// The lists a comparison varies, as the user types them in the Compare dialogs and on
// the window's command line ("rnn,lstm,gru", "0.5, 1, 1.5", "0,auto"). Each parser
// returns the values, or an error saying which entry is wrong and why.
#pragma once
#include "runs/comparison.h"

#include <QString>

#include <optional>

namespace rnnlab {

// Comma-separated recurrent cells, each once: rnn, lstm, gru (any case).
std::optional<std::vector<LayerType>> parseCellList(const QString &text, QString *error);
// Comma-separated recurrent gains, each a finite number in (0, 1000], each once.
std::optional<std::vector<double>> parseGainList(const QString &text, QString *error);
// Clipping A/B: comma-separated global-norm thresholds (0: off) and at most one "auto"
// (a quarter of the median global norm of the unclipped run, which needs a 0 in the list).
// Sets axes.clipNorms and axes.clipAuto; false (with *error) on a bad entry.
bool parseClipList(const QString &text, ComparisonAxes &axes, QString *error);

// "RNN, LSTM, GRU": the cells as the dialogs and progress show them.
QString cellListText(const std::vector<LayerType> &cells);

} // namespace rnnlab
