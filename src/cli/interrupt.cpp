// The signal flag (see interrupt.h): a lock-free atomic, the only thing a handler may touch.
#include "interrupt.h"

#include <atomic>
#include <csignal>

namespace rnnlab::cli {

namespace {
std::atomic<int> g_signal {0};
struct sigaction g_oldInt {}, g_oldTerm {};

extern "C" void onSignal(int sig)
{
    g_signal.store(sig);
}
} // namespace

InterruptGuard::InterruptGuard()
{
    static_assert(std::atomic<int>::is_always_lock_free);
    g_signal.store(0);
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND; // the second signal takes the default action
    sigaction(SIGINT, &sa, &g_oldInt);
    sigaction(SIGTERM, &sa, &g_oldTerm);
}

InterruptGuard::~InterruptGuard()
{
    sigaction(SIGINT, &g_oldInt, nullptr);
    sigaction(SIGTERM, &g_oldTerm, nullptr);
}

bool InterruptGuard::requested()
{
    return g_signal.load() != 0;
}

int InterruptGuard::signalNumber()
{
    return g_signal.load();
}

int InterruptGuard::exitCode()
{
    const int s = g_signal.load();
    return s == 0 ? 0 : 128 + s;
}

} // namespace rnnlab::cli
