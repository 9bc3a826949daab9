// Runs in the window (see runactions.h).
#include "runs/runactions.h"

#include "runs/retrainmessage.h"

#include "datapanel.h"
#include "modelpanel.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "runs/runoverlays.h"
#include "runs/runreportexport.h"
#include "runs/run_trainer.h"
#include "trainingpanel.h"

#include <QFileDialog>

#include <limits>

namespace rnnlab {

RunActions::RunActions(RunDock *dock, RunOverlays *overlays, Panels panels, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_dock(dock)
    , m_overlays(overlays)
    , m_panels(panels)
    , m_dialogParent(dialogParent)
{
    connect(m_dock, &RunDock::overlaysChanged, this, &RunActions::updateOverlays);
    connect(m_dock, &RunDock::reportRequested, this, &RunActions::exportReport);
}

void RunActions::record(const RunRecord &run)
{
    if (run.history.empty()) {
        return; // stopped before its first batch: nothing to compare
    }
    if (m_retraining && run.name == m_retraining->name + " (retrain)") {
        m_retrainDifference = QString::fromStdString(firstDifference(*m_retraining, run));
        emit statusMessage(retrainMessage(*m_retraining, m_retrainDifference), 10000);
        m_retraining.reset();
    }
    m_dock->addRuns({run}, false);
}

bool RunActions::prepareRetrain(const RunRecord &run, const DataIdentity &shown)
{
    if (!run.settings.data.checksum.empty() && run.settings.data.checksum != shown.checksum) {
        emit bannerRequested(tr("Cannot retrain \u201c%1\u201d: it was trained on %2 (%3), not on the data shown.")
                                 .arg(QString::fromStdString(run.name), QString::fromStdString(run.settings.data.file),
                                      QString::fromStdString(run.settings.data.checksum).left(20) + QStringLiteral("\u2026")));
        return false;
    }
    // The panels show the run's settings; the job takes them from the record itself.
    m_panels.data->setConfig(run.settings.windows);
    m_panels.model->setSpec(run.settings.spec);
    m_panels.model->setSeed(int(run.settings.train.seed));
    m_panels.model->setRecurrentGain(run.settings.train.init.recurrentGain);
    m_panels.training->setConfig(run.settings.train);
    m_retrainOf = run;
    return true;
}

void RunActions::beginJob()
{
    m_retraining = std::exchange(m_retrainOf, std::nullopt);
}

bool RunActions::applyRetrain(TrainingJob &job) const
{
    if (!m_retraining) {
        return false;
    }
    // The record's settings themselves, not read back from the panels: the same numbers.
    const RunSettings &rs = m_retraining->settings;
    job.data = rs.windows;
    job.spec = rs.spec;
    job.train = rs.train;
    if (m_retraining->end == RunEnd::Stopped && !m_retraining->history.empty()) {
        job.stopAfterEpochs = int(m_retraining->history.size());
        // Stopped between epochs: the last epoch is complete, with its validation pass.
        const EpochStats &last = m_retraining->history.back();
        job.stopAfterBatches = last.stopped ? last.batches : std::numeric_limits<int>::max();
    }
    job.runName = m_retraining->name + " (retrain)";
    return true;
}

void RunActions::updateOverlays()
{
    const std::vector<RunRecord> all = m_dock->runs();
    std::vector<OverlayRun> runs;
    for (int row : m_dock->overlaidRows()) {
        const RunRecord &r = all[std::size_t(row)];
        runs.push_back({r, QString::fromStdString(r.name), m_dock->model()->colour(row)});
    }
    m_overlays->setRuns(std::move(runs));
    emit overlaysUpdated();
}

void RunActions::exportReport(const std::vector<RunRecord> &runs)
{
    if (!m_panels.data->hasSeries()) {
        emit bannerRequested(tr("Open the data the runs were trained on to export their report."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export report (HTML and PDF)"),
                                                      QStringLiteral("report.html"), tr("HTML report (*.html)"));
    if (path.isEmpty()) {
        return;
    }
    QString error, pdf;
    if (!exportRunReport(runs, m_panels.data->series(), path, &error, &pdf)) {
        emit errorOccurred(error);
        emit bannerRequested(tr("Report not written: %1").arg(error));
        return;
    }
    emit statusMessage(tr("Report written to %1 and %2").arg(path, pdf), 8000);
}

} // namespace rnnlab
