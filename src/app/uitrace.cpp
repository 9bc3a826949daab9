// The opt-in UI trace (see uitrace.h): line writing on any thread, and the observer
// that watches the main window from outside through its actions, events and signals.
#include "uitrace.h"

#include "training/trainingcontroller.h"

#include <QAction>
#include <QEvent>
#include <QMainWindow>
#include <QProgressBar>
#include <QRegularExpression>
#include <QStatusBar>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace rnnlab::uitrace {

namespace {
std::atomic<std::FILE *> g_override{nullptr};
std::atomic<long long> g_emitted{0};
std::mutex g_writeMutex;

double nowMs()
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void writeLine(const char *name, const std::string &details)
{
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%.3f ", nowMs());
    std::string line = stamp;
    line += name;
    if (!details.empty()) {
        line += ' ';
        line += details;
    }
    line += '\n';
    std::lock_guard lock(g_writeMutex);
    std::FILE *out = g_override.load(); // under the lock: setOutput(nullptr) then fclose is safe
    if (!out) {
        out = stderr;
    }
    std::fputs(line.c_str(), out);
    std::fflush(out);
}

// Lives as a child of the window; reads state the way a user sees it: which
// actions are enabled, what the status bar's progress text says when painted.
class Observer : public QObject {
public:
    explicit Observer(QMainWindow *window)
        : QObject(window)
        , m_window(window)
    {
        window->installEventFilter(this);
        static const char *const actions[] = {"actionStart", "actionPause", "actionResume", "actionStep",
                                              "actionStop",  "actionReset", "actionQuit"};
        for (const char *name : actions) {
            auto *a = window->findChild<QAction *>(QLatin1String(name));
            if (!a) {
                writeLine("ui trace-missing", name);
                continue;
            }
            const std::string verb = QString::fromLatin1(name + 6).toLower().toStdString();
            connect(a, &QAction::triggered, this, [verb] { writeLine("ui action", verb); });
        }
        m_start = window->findChild<QAction *>(QStringLiteral("actionStart"));
        m_resume = window->findChild<QAction *>(QStringLiteral("actionResume"));
        for (QAction *a : {m_start, m_resume}) {
            if (a) {
                connect(a, &QAction::changed, this, [this] { reportState(); });
            }
        }
        m_progress = window->statusBar()->findChild<QProgressBar *>();
        if (m_progress) {
            m_progress->installEventFilter(this);
        } else {
            writeLine("ui trace-missing", "status bar progress");
        }
        m_controller = window->findChild<TrainingController *>();
        if (m_controller) {
            m_controller->installEventFilter(this);
            // Connected after the window's own slot, so this runs once the window has handled it.
            connect(m_controller, &TrainingController::snapshotReady, this, [this](const TrainingSnapshot &s) {
                const long long queued = g_emitted.load() - ++m_delivered;
                const double work = m_callStart > 0 ? nowMs() - m_callStart : -1;
                writeLine("ui snapshot", QStringLiteral("epoch=%1 batch=%2/%3 queue=%4 merged-max=%5 work-ms=%6 state=%7")
                                             .arg(s.epoch)
                                             .arg(s.batch)
                                             .arg(s.batchCount)
                                             .arg(queued)
                                             .arg(m_controller->maxMergedSnapshots())
                                             .arg(work, 0, 'f', 2)
                                             .arg(toDisplayString(s.state).section(QLatin1Char(' '), 0, 0))
                                             .toStdString());
            });
        } else {
            writeLine("ui trace-missing", "TrainingController");
        }
        m_delivered = g_emitted.load();
        reportState();
    }

    bool eventFilter(QObject *watched, QEvent *e) override
    {
        if (watched == m_controller && e->type() == QEvent::MetaCall) {
            m_callStart = nowMs(); // a queued signal from the worker is about to be handled
        } else if (watched == m_progress && e->type() == QEvent::Paint) {
            static const QRegularExpression epochText(QStringLiteral("epoch (\\d+)"));
            const QRegularExpressionMatch m = epochText.match(m_progress->text());
            const int shown = m.hasMatch() ? m.captured(1).toInt() : -1;
            if (shown != m_shownEpoch) {
                m_shownEpoch = shown;
                writeLine("ui epoch-shown", std::to_string(shown));
            }
        } else if (watched == m_window) {
            if (e->type() == QEvent::Close) {
                writeLine("ui close-event", {});
            } else if (e->type() == QEvent::Hide) {
                writeLine("ui window-hidden", {});
            } else if (e->type() == QEvent::Show) {
                writeLine("ui window-shown", {});
            }
        }
        return false;
    }

private:
    void reportState()
    {
        const char *state = !m_start ? "unknown"
            : m_start->isEnabled()   ? "idle"
            : (m_resume && m_resume->isEnabled()) ? "paused"
                                                  : "running";
        if (m_state != state) {
            m_state = state;
            writeLine("ui state", state);
        }
    }

    QMainWindow *m_window;
    QAction *m_start = nullptr;
    QAction *m_resume = nullptr;
    QProgressBar *m_progress = nullptr;
    TrainingController *m_controller = nullptr;
    std::string m_state;
    int m_shownEpoch = -2;
    long long m_delivered = 0;
    double m_callStart = 0;
};
} // namespace

bool enabled()
{
    static const bool fromEnvironment = qEnvironmentVariable("RNNLAB_UI_TRACE") == QLatin1String("1");
    return fromEnvironment || g_override.load() != nullptr;
}

void event(const char *name, const QString &details)
{
    if (enabled()) {
        writeLine(name, details.toStdString());
    }
}

void event(const char *name, long long value)
{
    if (enabled()) {
        writeLine(name, std::to_string(value));
    }
}

void snapshotEmitted()
{
    ++g_emitted; // counted even untraced, so a trace turned on later still balances
}

void attach(QMainWindow *window)
{
    if (enabled()) {
        new Observer(window);
    }
}

void setOutput(std::FILE *file)
{
    std::lock_guard lock(g_writeMutex);
    g_override = file;
}

std::string writtenSoFar()
{
    std::lock_guard lock(g_writeMutex);
    std::FILE *out = g_override.load();
    if (!out) {
        return {};
    }
    std::fflush(out);
    const long end = std::ftell(out);
    if (end <= 0) {
        return {};
    }
    std::string all(std::size_t(end), '\0');
    std::rewind(out);
    all.resize(std::fread(all.data(), 1, all.size(), out));
    std::fseek(out, end, SEEK_SET); // the writers append from here
    return all;
}

} // namespace rnnlab::uitrace
