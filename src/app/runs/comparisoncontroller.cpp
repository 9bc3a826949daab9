// The Compare menu, its dialogs and the progress (see comparisoncontroller.h).
#include "runs/comparisoncontroller.h"

#include "nn/memory_estimate.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {

constexpr ComparisonKind kKinds[3] = {ComparisonKind::Cells, ComparisonKind::ClipAB, ComparisonKind::GainSweep};

// Bytes of the `workers` largest runs of the plan: those may train at once.
double concurrentBytes(const std::vector<PlannedRun> &plan, long long rows, int workers)
{
    std::vector<double> bytes;
    for (const PlannedRun &p : plan) {
        const int batch = int(std::min<long long>(p.settings.train.batchSize, std::max<long long>(1, rows)));
        bytes.push_back(trainingBytes(p.settings.spec, {p.settings.windows.lookback, batch, 1, rows}));
    }
    std::sort(bytes.begin(), bytes.end(), std::greater<>());
    double sum = 0;
    for (int i = 0; i < workers && i < int(bytes.size()); ++i) {
        sum += bytes[std::size_t(i)];
    }
    return sum;
}

} // namespace

ComparisonBase comparisonBase(const TrainingJob &job, const QString &dataPath, const QString &checksum,
                              const std::vector<EpochRecord> &lastRun)
{
    ComparisonBase b;
    b.settings.data.file = dataPath.toStdString();
    b.settings.data.checksum = checksum.toStdString();
    b.settings.windows = job.data;
    b.settings.spec = job.spec;
    b.settings.train = job.train;
    b.series = job.series;
    std::vector<double> norms;
    for (const EpochRecord &e : lastRun) {
        if (std::isfinite(e.gradNorm) && e.gradNorm > 0) {
            norms.push_back(e.gradNorm);
        }
    }
    if (!norms.empty()) {
        // The same rule as the core's suggestedClipNorm: a quarter of the median.
        std::sort(norms.begin(), norms.end());
        const std::size_t n = norms.size();
        b.suggestedClip = (n % 2 == 1 ? norms[n / 2] : 0.5 * (norms[n / 2 - 1] + norms[n / 2])) / 4;
    }
    return b;
}

ComparisonController::ComparisonController(QWidget *parent, BaseProvider base)
    : QObject(parent)
    , m_parent(parent)
    , m_base(std::move(base))
    , m_job(new ComparisonJob(this))
    , m_menu(new QMenu(tr("&Compare"), parent))
    , m_progressWidget(new QWidget(parent))
    , m_progressLabel(new QLabel(m_progressWidget))
    , m_progressBar(new QProgressBar(m_progressWidget))
    , m_cancelButton(new QToolButton(m_progressWidget))
{
    const char *keys[3] = {"Ctrl+Shift+C", "Ctrl+Shift+K", "Ctrl+Shift+G"};
    const QString texts[3] = {tr("Compare &cells…"), tr("Clipping &A/B…"), tr("&Gain sweep…")};
    const QString tips[3] = {
        tr("Train an RNN, an LSTM and a GRU of the same layer sizes on the same data, windows, seed and settings, "
           "side by side."),
        tr("Train the same model and seed without and with gradient-norm clipping (threshold: a quarter of the median "
           "global norm of the unclipped run, or your own)."),
        tr("Train one cell type at several recurrent gains (0.5, 1, 1.5): vanishing and exploding gradients on one "
           "picture.")};
    for (int i = 0; i < 3; ++i) {
        QAction *a = new QAction(texts[i], this);
        a->setShortcut(QKeySequence(QString::fromLatin1(keys[i])));
        const QString name = a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"));
        a->setToolTip(tr("<b>%1</b> (%2)<br>%3").arg(name, a->shortcut().toString(QKeySequence::NativeText), tips[i]));
        a->setStatusTip(tips[i]);
        a->setIconText(comparisonTitle(kKinds[i]));
        connect(a, &QAction::triggered, this, [this, kind = kKinds[i]] { ask(kind); });
        m_menu->addAction(a);
        m_actions[i] = a;
    }
    m_menu->addSeparator();
    QAction *cancelAction = m_menu->addAction(tr("Cancel comparison"), this, &ComparisonController::cancel);
    cancelAction->setEnabled(false);
    connect(this, &ComparisonController::runningChanged, cancelAction, &QAction::setEnabled);

    auto *row = new QHBoxLayout(m_progressWidget);
    row->setContentsMargins(0, 0, 0, 0);
    m_progressBar->setRange(0, 1000);
    m_progressBar->setMaximumWidth(160);
    m_progressBar->setTextVisible(false);
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop every run of the comparison after its current batch; the runs trained so far "
                                  "are kept."));
    row->addWidget(m_progressLabel);
    row->addWidget(m_progressBar);
    row->addWidget(m_cancelButton);
    m_progressWidget->hide();
    connect(m_cancelButton, &QToolButton::clicked, this, &ComparisonController::cancel);

    connect(m_job, &ComparisonJob::progressed, this, &ComparisonController::updateProgress);
    connect(m_job, &ComparisonJob::runFinished, this, [this](const RunRecord &r) {
        const std::vector<PlannedRun> &plan = m_job->plan();
        for (std::size_t i = 0; i < plan.size() && i < m_arrived.size(); ++i) {
            if (plan[i].name == r.name) { // unique within a comparison
                m_arrived[i] = r;
            }
        }
        emit runFinished(r);
        release(false);
        updateProgress();
    });
    connect(m_job, &ComparisonJob::finished, this, [this](bool cancelled) {
        release(true);
        onEnded();
        emit finished(cancelled);
    });
    connect(m_job, &ComparisonJob::failed, this, [this](const QString &message) {
        release(true); // the runs that did finish are kept
        onEnded();
        if (m_interactive) {
            QMessageBox::warning(m_parent, m_title, tr("The comparison failed: %1").arg(message));
        }
        emit failed(message);
    });
}

ComparisonController::~ComparisonController() = default;

QAction *ComparisonController::action(ComparisonKind kind) const
{
    return m_actions[int(kind)];
}

QList<QAction *> ComparisonController::actions() const
{
    return {m_actions[0], m_actions[1], m_actions[2]};
}

void ComparisonController::setActionsEnabled(bool enabled)
{
    for (QAction *a : m_actions) {
        a->setEnabled(enabled && !isRunning());
    }
}

void ComparisonController::ask(ComparisonKind kind)
{
    if (isRunning()) {
        return;
    }
    QString error;
    const std::optional<ComparisonBase> base = m_base(&error);
    if (!base) {
        if (m_interactive) {
            QMessageBox::information(m_parent, comparisonTitle(kind), error);
        }
        emit failed(error);
        return;
    }
    ComparisonDialog dialog(kind, base->settings, comparisonWorkers(3), base->suggestedClip, m_parent);
    if (m_interactive && dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (!start(dialog.axes(), comparisonTitle(kind), &error)) {
        if (m_interactive) {
            QMessageBox::warning(m_parent, comparisonTitle(kind), error);
        }
        emit failed(error);
    }
}

bool ComparisonController::start(const ComparisonAxes &axes, const QString &title, QString *error)
{
    if (isRunning()) {
        *error = tr("A comparison is already running.");
        return false;
    }
    std::optional<ComparisonBase> base = m_base(error);
    if (!base) {
        return false;
    }
    std::vector<PlannedRun> plan;
    try {
        plan = planComparison(base->settings, axes);
    } catch (const std::exception &e) {
        *error = tr("Cannot compare: %1").arg(QString::fromStdString(e.what()));
        return false;
    }
    const int workers = comparisonWorkers(int(plan.size()));
    const double bytes = concurrentBytes(plan, base->series.rows(), workers);
    const MemoryCheck check = checkMemory(bytes, MemoryLimits::forThisMachine(),
                                          std::to_string(workers) + " comparison runs at once");
    if (check.verdict == MemoryVerdict::Refuse
        || (check.verdict == MemoryVerdict::Warn
            && (!m_interactive
                || QMessageBox::question(m_parent, title, QString::fromStdString(check.message) + tr(".\n\nTrain anyway?"),
                                         QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                    != QMessageBox::Yes))) {
        *error = tr("Not started: %1").arg(QString::fromStdString(check.message));
        return false;
    }
    m_title = title;
    m_arrived.assign(plan.size(), std::nullopt);
    m_released = 0;
    m_job->start(std::move(plan), std::move(base->series), workers);
    for (QAction *a : m_actions) {
        a->setEnabled(false);
    }
    m_cancelButton->setEnabled(true);
    m_progressWidget->show();
    updateProgress();
    emit runningChanged(true);
    return true;
}

void ComparisonController::cancel()
{
    if (!isRunning()) {
        return;
    }
    m_job->cancel();
    m_cancelButton->setEnabled(false);
    updateProgress();
}

QString ComparisonController::progressText() const
{
    const std::vector<PlannedRun> &plan = m_job->plan();
    if (plan.empty()) {
        return {};
    }
    QStringList parts;
    parts << tr("%1: %2/%3 runs done").arg(m_title).arg(m_job->runsFinished()).arg(plan.size());
    for (int i = 0; i < int(plan.size()); ++i) {
        const int e = m_job->epochsDone(i);
        if (e > 0 && e < plan[std::size_t(i)].settings.train.epochs) {
            parts << tr("%1 epoch %2/%3").arg(QString::fromStdString(plan[std::size_t(i)].name)).arg(e).arg(
                plan[std::size_t(i)].settings.train.epochs);
        }
    }
    if (m_job->isCancelling()) {
        parts << tr("cancelling…");
    }
    return parts.join(QStringLiteral(" · "));
}

std::vector<RunRecord> ComparisonController::lastRuns() const
{
    std::vector<RunRecord> out;
    for (const std::optional<RunRecord> &r : m_arrived) {
        if (r) {
            out.push_back(*r);
        }
    }
    return out;
}

void ComparisonController::release(bool all)
{
    std::vector<RunRecord> ready;
    for (; m_released < m_arrived.size(); ++m_released) {
        if (m_arrived[m_released]) {
            ready.push_back(*m_arrived[m_released]);
        } else if (!all) {
            break; // an earlier run of the plan still trains
        }
    }
    if (!ready.empty()) {
        emit runsReady(ready);
    }
}

void ComparisonController::updateProgress()
{
    const std::vector<PlannedRun> &plan = m_job->plan();
    double done = 0;
    double total = 0;
    for (int i = 0; i < int(plan.size()); ++i) {
        done += m_job->epochsDone(i);
        total += std::max(1, plan[std::size_t(i)].settings.train.epochs);
    }
    m_progressBar->setValue(total > 0 ? int(1000.0 * std::min(1.0, done / total)) : 0);
    m_progressLabel->setText(progressText());
}

void ComparisonController::onEnded()
{
    m_progressWidget->hide();
    for (QAction *a : m_actions) {
        a->setEnabled(true);
    }
    emit runningChanged(false);
}

} // namespace rnnlab
