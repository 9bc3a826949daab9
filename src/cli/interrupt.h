// Ctrl-C and SIGTERM during a long command: the first signal only sets a flag that
// the training loop checks after every batch, so the run stops cleanly and saves
// what it was asked to save; a second signal ends the process at once (the default).
#pragma once

namespace rnnlab::cli {

class InterruptGuard {
public:
    InterruptGuard();  // installs the handlers for SIGINT and SIGTERM
    ~InterruptGuard(); // restores the previous ones
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    static bool requested();
    static int signalNumber(); // 0 when none arrived
    static int exitCode();     // 128 + the signal (130, 143), 0 when none arrived
};

} // namespace rnnlab::cli
