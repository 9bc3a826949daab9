// An opt-in trace of what the window shows and what the training worker does, read by
// scripts/bench-gui-latency. With RNNLAB_UI_TRACE=1 each event is one stderr line
// "<monotonic ms> <event> <details>" (steady_clock, the clock of Python's time.monotonic());
// without it every call is a single branch. It observes, it never changes behaviour.
#pragma once

#include <QString>

#include <cstdio>
#include <string>

class QMainWindow;

namespace rnnlab::uitrace {

bool enabled();
// Thread-safe: one whole line per call, never interleaved.
void event(const char *name, const QString &details = {});
void event(const char *name, long long value);
// Worker side: counts the notifications queued for the GUI (call it next to the emit), so
// the window's side can report how many still wait when one arrives ("ui snapshot ... queue=N";
// "merged-max=M" is the most snapshots the mailbox has folded into one delivery).
void snapshotEmitted();
// Window side: reports, without a line in the window's own code, the actions triggered
// ("ui action stop", written once the window's own slot has returned), the run state the actions show ("ui state idle|running|paused"),
// the epoch painted in the status bar ("ui epoch-shown 37"), each snapshot's arrival
// with its queue and handling time, and the window's close and hide.
// Finds its objects by name: actionStart, actionResume, the status bar's QProgressBar
// and the TrainingController child; a missing one is reported on the trace.
void attach(QMainWindow *window);

// For tests: trace to this file instead of stderr, whatever RNNLAB_UI_TRACE says
// (nullptr: back to the environment's choice). Serialised with the writers (the
// worker thread traces too, and may outlive a window): once it returns, nothing more
// is written to the previous file, which may then be closed.
void setOutput(std::FILE *file);
// For tests: everything written so far to the file given to setOutput (empty when
// none), read under the writers' lock so a line being written is never cut or moved.
std::string writtenSoFar();

} // namespace rnnlab::uitrace
