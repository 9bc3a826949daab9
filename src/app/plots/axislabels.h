// Axis titles that never clip: fitAxisLabels() (plotstyle.h, run before every replot)
// sets a vertical title that is longer than its axis, colour scales on the right
// included, in a smaller font and then in its short form; this names the short form
// when dropping the trailing parenthesis is not enough ("t" for "time step t").
// Implemented in plotstyle.cpp beside fitAxisLabels().
#pragma once
#include <QString>

class QCPAxis;

namespace rnnlab {

void setShortAxisLabel(QCPAxis *axis, const QString &label);

} // namespace rnnlab
