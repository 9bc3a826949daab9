// The memory check before a run starts in the window: refused above the hard limit
// (nn/memory_estimate.h), a confirmation above the soft one. Without a user at the
// screen (hands-free runs) nothing opens a dialog: the message goes to stderr and
// the answer is "no", so the run ends with a non-zero exit instead of waiting.
#pragma once
#include "training/trainingsnapshot.h"

#include <QString>

class QWidget;

namespace rnnlab {

// True when the job may start. False with *error set (refused, or not confirmed).
bool confirmJobMemory(QWidget *parent, const TrainingJob &job, bool interactive, QString *error);

} // namespace rnnlab
