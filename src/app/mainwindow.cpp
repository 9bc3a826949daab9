// The main window (see mainwindow.h).
#include "mainwindow.h"

#include "datapanel.h"
#include "filedefaults.h"
#include "forecasting/forecast.h"
#include "generatedialog.h"
#include "plots/gradientplot.h"
#include "plots/hoverreadout.h"
#include "icons.h"
#include "plots/lossplot.h"
#include "forecasting/metrics.h"
#include "io/model_file.h"
#include "memoryguard.h"
#include "recentfiles.h"
#include "modelpanel.h"
#include "plots/plotexport.h"
#include "plots/predictionplot.h"
#include "plots/tableexport.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "runs/runoverlays.h"
#include "runs/runactions.h"
#include "runs/run_trainer.h"
#include "samplesettings.h"
#include "forecasting/baselinerunner.h"
#include "forecasting/forecastrunner.h"
#include "forecasting/testspanreport.h"
#include "plots/horizonerrorplot.h"
#include "plots/residualsview.h"
#include "runs/comparisonwiring.h"
#include "training/trainingcontroller.h"
#include "trainingpanel.h"
#include "ui_mainwindow.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

#include <cmath>
#include <iostream>

namespace rnnlab {

namespace {
// After the run state while the final predictions (and their metrics) are on their way.
QString finalPredictionsSuffix()
{
    return QCoreApplication::translate("MainWindow", " · final predictions…");
}

QString formatDuration(double seconds)
{
    const long long s = std::llround(std::max(0.0, seconds));
    if (s >= 3600) {
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// Up to here the baselines are computed at once on the GUI thread (a few ms).
constexpr int kSyncBaselineRows = 20000;
// Past here the baselines are computed and drawn on the test span only (memory).
constexpr int kAllWindowsBaselineRows = 200000;

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_controller(new TrainingController(this))
    , m_forecasts(new ForecastRunner(this))
    , m_baselineRunner(new BaselineRunner(this))
    , m_residuals(new ResidualsView(this))
    , m_horizonErrors(new HorizonErrorPlot(this))
    , m_progress(new QProgressBar(this))
    , m_stateLabel(new QLabel(tr("idle"), this))
    , m_rateLabel(new QLabel(this))
{
    m_ui->setupUi(this);
    m_runDock = new RunDock(this);
    m_overlays = new RunOverlays(lossPlot(), gradientPlot(), predictionPlot(), this);
    addDockWidget(Qt::BottomDockWidgetArea, m_runDock);
    resizeDocks({m_runDock}, {150}, Qt::Vertical);
    m_ui->menuTraining->addSeparator();
    m_ui->menuTraining->addAction(m_runDock->toggleViewAction());
    m_runActions = new RunActions(m_runDock, m_overlays, {dataPanel(), modelPanel(), trainingPanel()}, this);
    connect(m_runDock, &RunDock::retrainRequested, this, &MainWindow::retrainRun);
    connect(m_runActions, &RunActions::overlaysUpdated, this, &MainWindow::updateMetrics);
    connect(m_runActions, &RunActions::bannerRequested, this, [this](const QString &text) { showBanner(text); });
    connect(m_runActions, &RunActions::errorOccurred, this, [this](const QString &error) { m_lastError = error; });
    connect(m_runActions, &RunActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    setWindowIcon(appIcon(QStringLiteral("rnnlab")));
    m_progress->setMaximumWidth(320);
    m_progress->setMinimumWidth(220);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("no run"));
    m_progress->setTextVisible(true);
    // Wide enough for its longest text, so a status tip cannot squeeze it to "5".
    m_rateLabel->setMinimumWidth(m_rateLabel->fontMetrics().horizontalAdvance(tr("9999.9 steps/s · 99:59:59 left")) + 8);
    statusBar()->addPermanentWidget(m_rateLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_stateLabel);
    // Extra width goes 1:3 to the panels and the plots, so at 1920 px and beyond the
    // left panel's plot and table grow too (a stretch of 0 kept it at 400 px).
    m_ui->mainSplitter->setStretchFactor(0, 1);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->panelTabs->setCurrentIndex(0);
    m_ui->plotTabs->addTab(m_residuals, tr("Residuals"));
    m_ui->plotTabs->addTab(m_horizonErrors, tr("Horizon errors"));
    m_ui->plotTabs->setCurrentIndex(0);

    setupActions();
    setupComparisons();

    connect(m_controller, &TrainingController::snapshotReady, this, &MainWindow::onSnapshot);
    connect(m_controller, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &TrainingController::failed, this, &MainWindow::onFailed);
    connect(m_controller, &TrainingController::settled, this, &MainWindow::onSettled);
    connect(m_controller, &TrainingController::runRecorded, m_runActions, &RunActions::record);
    connect(m_forecasts, &ForecastRunner::ready, this, &MainWindow::onForecastReady);
    connect(m_forecasts, &ForecastRunner::idle, this, &MainWindow::onSettled);
    connect(m_baselineRunner, &BaselineRunner::ready, this, &MainWindow::onBaselinesReady);
    connect(dataPanel(), &DataPanel::configChanged, this, &MainWindow::onDataChanged);
    connect(dataPanel(), &DataPanel::configChanged, this, &MainWindow::startIfPending);
    connect(dataPanel(), &DataPanel::openRequested, m_ui->actionOpenData, &QAction::trigger);
    connect(trainingPanel(), &TrainingPanel::learningRateChanged, m_controller, &TrainingController::setLearningRate);
    connect(trainingPanel(), &TrainingPanel::clipChanged, m_controller, &TrainingController::setClip);
    connect(predictionPlot(), &PredictionPlot::forecastRequested, this, [this] { updateForecast(); });

    // Hover readouts of every plot go to the status bar.
    auto toStatus = [this](const QString &text) {
        if (!text.isEmpty()) {
            statusBar()->showMessage(text, 4000);
        }
    };
    QList<HoverReadout *> readouts{lossPlot()->readout(), predictionPlot()->readout(), dataPanel()->readout()};
    readouts << gradientPlot()->readouts();
    for (HoverReadout *r : readouts) {
        connect(r, &HoverReadout::readout, this, toStatus);
    }
    installPlotContextMenu(lossPlot()->plot(), QStringLiteral("loss"), this);
    installPlotContextMenu(predictionPlot()->plot(), QStringLiteral("predictions"), this);
    installPlotContextMenu(dataPanel()->rawPlot(), QStringLiteral("series"), this);
    const QStringList gradNames{QStringLiteral("gradient_time"), QStringLiteral("gradient_heatmap"),
                                QStringLiteral("gradient_norm"), QStringLiteral("spectral_radius")};
    for (int i = 0; i < gradNames.size(); ++i) {
        installPlotContextMenu(gradientPlot()->plots()[i], gradNames[i], this);
    }
    gradientPlot()->setLayers(recurrentLayerNames(modelPanel()->spec()));

    rebuildSamplesMenu();
    m_recent = new RecentFiles(m_ui->menuRecent, this);
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openRecent);
    restoreSettings();
    m_runDock->hide(); // until the first run (a saved window state may have shown it)
    updateRunState();
}

MainWindow::~MainWindow() = default;

DataPanel *MainWindow::dataPanel() const { return m_ui->dataPanel; }
ModelPanel *MainWindow::modelPanel() const { return m_ui->modelPanel; }
TrainingPanel *MainWindow::trainingPanel() const { return m_ui->trainingPanel; }
LossPlot *MainWindow::lossPlot() const { return m_ui->lossPlot; }
PredictionPlot *MainWindow::predictionPlot() const { return m_ui->predictionPlot; }
GradientPlot *MainWindow::gradientPlot() const { return m_ui->gradientPlot; }

bool MainWindow::isTraining() const
{
    return m_controller->isRunning();
}

QString MainWindow::progressText() const
{
    return m_progress->format();
}

QString MainWindow::stateText() const
{
    return m_stateLabel->text();
}

QString MainWindow::rateText() const
{
    return m_rateLabel->text();
}

QString MainWindow::bannerText() const
{
    return m_ui->bannerLabel->isHidden() ? QString() : m_ui->bannerLabel->text();
}

void MainWindow::setupActions()
{
    const std::pair<QAction *, const char *> icons[] = {
        {m_ui->actionStart, "start"}, {m_ui->actionPause, "pause"}, {m_ui->actionResume, "resume"},
        {m_ui->actionStep, "step"},   {m_ui->actionStop, "stop"},   {m_ui->actionReset, "reset"},
        {m_ui->actionOpenData, "open"}, {m_ui->actionSaveExperiment, "save"}};
    for (const auto &[action, name] : icons) {
        action->setIcon(appIcon(QString::fromLatin1(name)));
    }
    m_ui->actionReset->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    // Toolbar tooltips: the name, the shortcut, and one sentence saying what it does.
    const std::pair<QAction *, QString> tips[] = {
        {m_ui->actionStart, tr("Train the model from its initial weights with the settings on the left.")},
        {m_ui->actionPause, tr("Hold training after the current batch; the plots show the weights of that moment.")},
        {m_ui->actionResume, tr("Continue the paused run where it stopped.")},
        {m_ui->actionStep, tr("Train exactly one more epoch, then pause: watch the gradients change epoch by epoch.")},
        {m_ui->actionStop, tr("End the run after the current batch; the weights trained so far are kept.")},
        {m_ui->actionReset, tr("Forget the trained weights and clear every plot of the run.")},
        {m_ui->actionOpenData, tr("Open a CSV or TSV series file.")},
        {m_ui->actionSaveExperiment, tr("Save data settings, model, weights and history as one JSON file.")}};
    for (const auto &[action, sentence] : tips) {
        const QString name = action->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"));
        const QString keys = action->shortcut().toString(QKeySequence::NativeText);
        action->setToolTip(keys.isEmpty() ? tr("<b>%1</b><br>%2").arg(name, sentence)
                                          : tr("<b>%1</b> (%2)<br>%3").arg(name, keys, sentence));
    }
    connect(m_ui->actionStart, &QAction::triggered, this, &MainWindow::startTraining);
    connect(m_ui->actionPause, &QAction::triggered, this, &MainWindow::pauseTraining);
    connect(m_ui->actionResume, &QAction::triggered, this, &MainWindow::resumeTraining);
    connect(m_ui->actionStep, &QAction::triggered, this, &MainWindow::stepTraining);
    connect(m_ui->actionStop, &QAction::triggered, this, &MainWindow::stopTraining);
    connect(m_ui->actionReset, &QAction::triggered, this, &MainWindow::resetTraining);
    TrainingPanel *t = trainingPanel();
    connect(t->startButton(), &QPushButton::clicked, this, &MainWindow::startTraining);
    connect(t->pauseButton(), &QPushButton::clicked, this, &MainWindow::pauseTraining);
    connect(t->resumeButton(), &QPushButton::clicked, this, &MainWindow::resumeTraining);
    connect(t->stepButton(), &QPushButton::clicked, this, &MainWindow::stepTraining);
    connect(t->stopButton(), &QPushButton::clicked, this, &MainWindow::stopTraining);
    connect(t->resetButton(), &QPushButton::clicked, this, &MainWindow::resetTraining);

    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionOpenData, &QAction::triggered, this, [this] {
        const QString dir = dataPanel()->filePath().isEmpty() ? findSampleDir() : QFileInfo(dataPanel()->filePath()).absolutePath();
        const QString path = QFileDialog::getOpenFileName(this, tr("Open series"), dir,
                                                          tr("Series (*.csv *.tsv *.txt);;All files (*)"));
        if (!path.isEmpty()) {
            openData(path);
        }
    });
    connect(m_ui->actionOpenExperiment, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), QString(),
                                                          tr("RNN Lab experiment (*.json);;All files (*)"));
        if (!path.isEmpty() && !openExperiment(path)) {
            report(tr("Open experiment"), m_lastError);
        }
    });
    connect(m_ui->actionSaveExperiment, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save experiment"), QStringLiteral("experiment.json"),
                                                          tr("RNN Lab experiment (*.json)"));
        if (!path.isEmpty() && !saveExperiment(path)) {
            report(tr("Save experiment"), m_lastError);
        }
    });
    connect(m_ui->actionExportModel, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export model"), QStringLiteral("model.json"),
                                                          tr("RNN Lab model (*.json)"));
        if (!path.isEmpty() && !exportModel(path)) {
            report(tr("Export model"), m_lastError);
        }
    });
    auto exportTo = [this](const QString &format) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export every plot as %1 into").arg(format.toUpper()));
        if (!dir.isEmpty() && !exportPlots(dir, format)) {
            report(tr("Export plots"), m_lastError);
        } else if (!dir.isEmpty()) {
            statusBar()->showMessage(tr("Plots written to %1").arg(dir), 5000);
        }
    };
    connect(m_ui->actionExportPng, &QAction::triggered, this, [exportTo] { exportTo(QStringLiteral("png")); });
    connect(m_ui->actionExportSvg, &QAction::triggered, this, [exportTo] { exportTo(QStringLiteral("svg")); });
    connect(m_ui->actionExportPdf, &QAction::triggered, this, [exportTo] { exportTo(QStringLiteral("pdf")); });
    connect(m_ui->actionExportCsv, &QAction::triggered, this, [exportTo] { exportTo(QStringLiteral("csv")); });
    m_ui->actionExportPng->setText(tr("Export plots as &PNG…"));
    m_ui->actionExportSvg->setText(tr("Export plots as &SVG…"));
    m_ui->actionExportPdf->setText(tr("Export plots as P&DF…"));
    m_ui->actionExportCsv->setText(tr("Export plot &data as CSV…"));
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About RNN Lab"),
                           tr("<b>RNN Lab %1</b><p>Train RNN, LSTM and GRU networks on time series and watch the "
                              "loss, the predictions and the gradients through time.</p>"
                              "<p>Right-click a plot to save it as PNG, SVG, PDF or CSV; drag to pan, wheel to zoom.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    dataPanel()->samplesButton()->setMenu(m_ui->menuSamples);
}

QString MainWindow::findSampleDir()
{
    const QString exeDir = QCoreApplication::applicationDirPath();
    const QStringList candidates{QStringLiteral(RNNLAB_SAMPLE_DIR), exeDir + QStringLiteral("/../sample_data"),
                                 exeDir + QStringLiteral("/../share/rnnlab/sample_data"), exeDir + QStringLiteral("/sample_data"),
                                 QDir::currentPath() + QStringLiteral("/sample_data")};
    for (const QString &c : candidates) {
        if (QFileInfo(c + QStringLiteral("/airpassengers.csv")).isFile()) {
            return QDir(c).absolutePath();
        }
    }
    return {};
}

void MainWindow::rebuildSamplesMenu()
{
    QMenu *menu = m_ui->menuSamples;
    menu->clear();
    const QString dir = findSampleDir();
    const QStringList files = dir.isEmpty() ? QStringList() : QDir(dir).entryList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        const QString path = dir + QLatin1Char('/') + f;
        menu->addAction(f, this, [this, path] { openSample(path); });
    }
    if (files.isEmpty()) {
        menu->addAction(tr("(no bundled samples found)"))->setEnabled(false);
    }
    menu->addSection(tr("Generated teaching series"));
    const std::pair<const char *, QString> kinds[] = {{"sine", tr("Noisy sine…")},
                                                      {"random_walk", tr("Random walk (stock price)…")},
                                                      {"echo", tr("Echo task (lag k)…")}};
    for (const auto &[kind, label] : kinds) {
        const QString k = QString::fromLatin1(kind);
        menu->addAction(label, this, [this, k] {
            if (!m_interactive) {
                openGenerated(defaultGenerator(k));
                return;
            }
            GenerateDialog dialog(k, this);
            if (dialog.exec() == QDialog::Accepted) {
                openGenerated(dialog.settings());
            }
        });
    }
}

QStringList MainWindow::recentFiles() const
{
    return m_recent->files();
}

bool MainWindow::openRecent(const QString &path)
{
    if (!QFileInfo(path).isFile()) {
        m_recent->remove(path);
        m_lastError = tr("%1 no longer exists; it was removed from the recent files.").arg(path);
        report(tr("Open recent file"), m_lastError);
        return false;
    }
    return isBundledSample(path) ? openSample(path) : openData(path);
}

bool MainWindow::isBundledSample(const QString &path)
{
    const QString dir = findSampleDir();
    SampleRecommendation unused;
    return !dir.isEmpty() && QFileInfo(path).absoluteDir() == QDir(dir)
        && recommendSampleSettings(QFileInfo(path).fileName(), DataConfig{}, unused);
}

QMenu *MainWindow::recentMenu() const { return m_ui->menuRecent; }
QMenu *MainWindow::samplesMenu() const { return m_ui->menuSamples; }
QSplitter *MainWindow::mainSplitter() const { return m_ui->mainSplitter; }
QSplitter *MainWindow::plotSplitter() const { return m_ui->plotSplitter; }

double MainWindow::trainingSeconds() const
{
    double sum = 0;
    for (const EpochRecord &e : m_history) {
        sum += e.seconds;
    }
    return sum;
}

bool MainWindow::reopenLastSession()
{
    const auto [kind, path] = RecentFiles::lastSession();
    if (path.isEmpty() || !QFileInfo(path).isFile()) {
        return false;
    }
    bool ok = false;
    if (kind == QLatin1String("experiment")) {
        ok = openExperiment(path);
    } else if (kind == QLatin1String("data")) {
        ok = isBundledSample(path) ? openSample(path) : openData(path);
    }
    if (ok) {
        statusBar()->showMessage(tr("Reopened %1 from the last session; the bundled samples are in File > Samples.")
                                     .arg(QFileInfo(path).fileName()),
                                 10000);
    }
    return ok;
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (s.contains(QStringLiteral("window/geometry"))) {
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
        m_ui->mainSplitter->restoreState(s.value(QStringLiteral("window/mainSplitter")).toByteArray());
        m_ui->plotSplitter->restoreState(s.value(QStringLiteral("window/plotSplitter")).toByteArray());
    } else {
        resetLayout();
    }
}

void MainWindow::resetLayout()
{
    resize(1280, 800);
    m_ui->mainSplitter->setSizes({400, 880});
    m_ui->plotSplitter->setSizes({500, 230});
    if (m_runDock->isVisible()) {
        resizeDocks({m_runDock}, {150}, Qt::Vertical); // about five runs; the plots keep the height
    }
}

void MainWindow::saveSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/mainSplitter"), m_ui->mainSplitter->saveState());
    s.setValue(QStringLiteral("window/plotSplitter"), m_ui->plotSplitter->saveState());
}

void MainWindow::showBanner(const QString &text, bool error)
{
    m_ui->bannerLabel->setStyleSheet(
        error ? QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e5a5a5; border-radius: 3px; padding: 4px; }")
              : QStringLiteral("QLabel { background: #fff8e1; color: #6d4c00; border: 1px solid #e6cf8a; border-radius: 3px; padding: 4px; }"));
    m_ui->bannerLabel->setText(text);
    m_ui->bannerLabel->setVisible(!text.isEmpty());
}

void MainWindow::report(const QString &title, const QString &message)
{
    if (m_interactive) {
        QMessageBox::warning(this, title, message);
    } else {
        showBanner(message);
    }
}

QStringList MainWindow::recurrentLayerNames(const ModelSpec &spec) const
{
    QStringList names;
    for (int i = 0; i < int(spec.layers.size()); ++i) {
        const LayerSpec &l = spec.layers[std::size_t(i)];
        if (isRecurrent(l.type)) {
            names << tr("%1 %2 (layer %3)").arg(layerTypeName(l.type)).arg(l.units).arg(i + 1);
        }
    }
    return names;
}

bool MainWindow::openData(const QString &path)
{
    if (isTraining()) {
        showBanner(tr("Stop training before loading another series."));
        return false;
    }
    if (!dataPanel()->loadFile(path)) {
        m_lastError = dataPanel()->errorText();
        showPanelTab(QStringLiteral("data"));
        return false;
    }
    // The generic defaults, whatever the previous series used: a sample's recommended
    // settings (or an echo task's columns) must not leak into another file.
    DataConfig generic;
    generic.target = dataPanel()->series().columns.front();
    generic.inputs = {generic.target};
    const QString transformWhy = applyAutoTransform(dataPanel()->series(), generic);
    dataPanel()->setConfig(generic);
    statusBar()->showMessage(transformWhy, 10000);
    m_generator = GeneratorSettings{};
    clearRunView(); // the old run belonged to the old data
    gradientPlot()->setLayers(recurrentLayerNames(modelPanel()->spec()));
    m_dataChecksum = fileChecksum(dataPanel()->filePath()); // kept in case the file disappears
    m_restoreView.clear();
    m_recent->add(dataPanel()->filePath());
    RecentFiles::rememberSession(QStringLiteral("data"), dataPanel()->filePath());
    setWindowTitle(tr("%1 – RNN Lab").arg(QFileInfo(path).fileName()));
    showBanner({});
    return true;
}

bool MainWindow::openSample(const QString &path)
{
    if (!openData(path)) {
        return false;
    }
    SampleRecommendation r;
    if (recommendSampleSettings(QFileInfo(path).fileName(), dataPanel()->config(), r)) {
        dataPanel()->setConfig(r.config);
        statusBar()->showMessage(tr("Sample settings: %1.").arg(r.why), 8000);
    }
    return true;
}

bool MainWindow::openGenerated(const GeneratorSettings &settings)
{
    if (isTraining()) {
        showBanner(tr("Stop training before loading another series."));
        return false;
    }
    Series s;
    try {
        s = generateSeries(settings);
    } catch (const std::exception &e) {
        m_lastError = QString::fromStdString(e.what());
        report(tr("Generate series"), m_lastError);
        return false;
    }
    dataPanel()->setSeries(s, generatorLabel(settings));
    m_generator = settings;
    clearRunView();
    gradientPlot()->setLayers(recurrentLayerNames(modelPanel()->spec()));
    DataConfig generic;
    generic.target = s.columns.front();
    generic.inputs = {generic.target};
    dataPanel()->setConfig(generic);
    if (settings.kind == QLatin1String("echo")) {
        // The echo task: predict the target column from the input column alone, over a
        // lookback that covers the lag.
        DataConfig c = dataPanel()->config();
        c.target = "target";
        c.inputs = {"input"};
        c.lookback = settings.lag + 5;
        c.normalization = Normalization::None;
        dataPanel()->setConfig(c);
    }
    setWindowTitle(tr("%1 – RNN Lab").arg(generatorLabel(settings)));
    showBanner({});
    return true;
}

void MainWindow::onDataChanged()
{
    if (isTraining()) {
        return;
    }
    const auto &w = dataPanel()->windows();
    const auto &prepared = dataPanel()->prepared();
    if (w) {
        modelPanel()->setDataShape(w->features(), w->lookback, w->horizon);
    } else {
        const DataConfig c = dataPanel()->config();
        modelPanel()->setDataShape(std::max<int>(1, int(c.inputs.size())), c.lookback, c.horizon);
    }
    // A model trained on other data or settings no longer matches what is shown.
    m_forecasts->cancel();
    m_baselineRunner->cancel();
    m_params.clear();
    m_model.reset();
    m_predStarts.clear();
    m_pred.resize(0, 0);
    m_baselines.reset();
    predictionPlot()->setBaselinesPending(false);
    if (!w || !prepared) {
        m_runSeries.reset();
        m_runWindows.reset();
        predictionPlot()->clearData();
        m_overlays->clearData();
        return;
    }
    m_runSeries = dataPanel()->preparedShared();
    m_runWindows = w;
    predictionPlot()->setData(m_runSeries, m_runWindows);
    m_overlays->setData(m_runSeries, m_runWindows, dataPanel()->config());
    // Baselines of a long series (ETS fits several models) take seconds: they run on
    // the pool and arrive in onBaselinesReady; a short one's take milliseconds, and
    // are there at once for whatever reads them next.
    BaselineRequest request{m_runSeries, m_runWindows, prepared->rows() > kAllWindowsBaselineRows,
                            dataPanel()->config().seasonalPeriod};
    if (prepared->rows() > kSyncBaselineRows || m_openingExperiment) {
        m_baselineRunner->request(std::move(request));
        predictionPlot()->setBaselinesPending(true);
        updateMetrics();
        return;
    }
    const std::atomic<bool> never{false};
    onBaselinesReady(std::make_shared<const BaselineResult>(runBaselineRequest(request, m_baselineRunner->generation(), never)));
}

void MainWindow::onBaselinesReady(BaselineResultPtr result)
{
    predictionPlot()->setBaselinesPending(false);
    m_baselines = std::move(result);
    if (!m_baselines->error.isEmpty()) {
        statusBar()->showMessage(tr("Baselines: %1").arg(m_baselines->error), 8000);
    }
    predictionPlot()->setBaselines(m_baselines->baselines, m_baselines->starts);
    updateMetrics();
}

std::optional<TrainingJob> MainWindow::makeJob(bool startPaused)
{
    dataPanel()->applyPendingEdits(); // a Start right after an edit trains on the edit
    if (!dataPanel()->hasSeries()) {
        showBanner(tr("Load a series first (File > Open series, or a sample)."));
        return std::nullopt;
    }
    if (!dataPanel()->windows()) {
        showBanner(tr("The data settings do not make training windows: %1").arg(dataPanel()->windowsError()));
        showPanelTab(QStringLiteral("data"));
        return std::nullopt;
    }
    if (!modelPanel()->isValid()) {
        showBanner(tr("The model cannot be trained: %1").arg(modelPanel()->errorText()));
        showPanelTab(QStringLiteral("model"));
        return std::nullopt;
    }
    TrainingJob job;
    job.series = dataPanel()->series();
    job.data = dataPanel()->config();
    job.spec = modelPanel()->spec();
    job.spec.inputSize = dataPanel()->windows()->features();
    job.train = trainingPanel()->config();
    job.train.seed = std::uint64_t(modelPanel()->seed());
    job.train.init.recurrentGain = modelPanel()->recurrentGain();
    job.ensemble = trainingPanel()->ensembleSize();
    job.startPaused = startPaused;
    if (!confirmJobMemory(this, job, m_interactive, &m_lastError)) {
        showBanner(m_lastError, true);
        return std::nullopt;
    }
    return job;
}

void MainWindow::startTraining()
{
    startRun(false);
}

void MainWindow::startRun(bool stepOnly)
{
    if (isTraining() || m_comparisons->isRunning()) {
        return;
    }
    // Waiting here for the windows of a long series would freeze the window for the
    // job's time: wait in the event loop instead (startIfPending()).
    dataPanel()->flushEdits();
    if (dataPanel()->windowsPending()) {
        m_pendingStart = stepOnly;
        m_stateLabel->setText(tr("waiting for windows…"));
        m_progress->setFormat(tr("starting when the windows are ready · Stop cancels"));
        updateRunState();
        return;
    }
    m_pendingStart.reset();
    // A step from idle must be part of the job: a separate step() after start() could
    // land after the worker has already run several short epochs.
    m_lastError.clear();
    auto job = makeJob(stepOnly);
    m_runActions->beginJob();
    if (!job) {
        return;
    }
    job->dataIdentity = dataIdentity();
    if (!m_runActions->applyRetrain(*job)) {
        job->runName = tr("run %1").arg(++m_runNumber).toStdString();
    }
    m_overlays->setLive(true);
    showBanner({});
    onDataChanged();
    m_runSpec = job->spec;
    m_runTrain = job->train;
    clearRunView();
    m_model = std::make_unique<Model<float>>(m_runSpec);
    lossPlot()->setLossName(QString::fromUtf8(toString(job->train.loss)).toUpper());
    gradientPlot()->setLayers(recurrentLayerNames(m_runSpec));
    m_runWallSeconds = 0;
    m_runClock.start();
    m_controller->start(*job);
    m_progress->setFormat(tr("epoch 0/%1 · starting").arg(job->train.epochs));
    m_stateLabel->setText(tr("training"));
    updateRunState();
}

void MainWindow::pauseTraining()
{
    m_controller->pause();
}

void MainWindow::resumeTraining()
{
    if (m_controller->isPaused()) {
        showBanner({});
    }
    m_controller->resume();
}

void MainWindow::stepTraining()
{
    if (!isTraining()) {
        startRun(true);
        return;
    }
    m_controller->step();
}

void MainWindow::startIfPending()
{
    if (!m_pendingStart || dataPanel()->windowsPending()) {
        return;
    }
    startRun(*m_pendingStart);
    if (!isTraining() && !m_interactive) {
        std::cerr << "rnnlab: training could not start: " << bannerText().toStdString() << "\n";
        QCoreApplication::exit(2);
    }
}

void MainWindow::stopTraining()
{
    if (m_pendingStart) {
        m_pendingStart.reset();
        m_runActions->cancelRetrain();
        m_stateLabel->setText(tr("idle"));
        m_progress->setFormat(tr("no run"));
        updateRunState();
        return;
    }
    if (!isTraining()) {
        return;
    }
    m_controller->requestStop();
    // The worker stops after its current batch; say so until it has.
    m_stateLabel->setText(tr("stopping…"));
    updateRunState();
}

void MainWindow::clearRunView()
{
    m_forecasts->cancel();
    m_history.clear();
    m_bestEpoch = 0;
    m_params.clear();
    m_predStarts.clear();
    m_pred.resize(0, 0);
    lossPlot()->clear();
    lossPlot()->setBestEpoch(0);
    gradientPlot()->clear();
    predictionPlot()->setPredictions({}, {});
    predictionPlot()->setForecastNote(QString());
    m_progress->setValue(0);
    m_progress->setFormat(tr("no run"));
    m_rateLabel->clear();
    m_stateLabel->setText(tr("idle"));
    updateMetrics();
}

void MainWindow::resetTraining()
{
    if (isTraining()) {
        return;
    }
    showBanner({});
    onDataChanged();
    clearRunView();
    gradientPlot()->setLayers(recurrentLayerNames(modelPanel()->spec()));
}

void MainWindow::updateRunState()
{
    const bool pending = isStartPending();
    const bool running = isTraining() || pending;
    const bool paused = m_controller->isPaused();
    const bool stopping = m_controller->isStopping();
    trainingPanel()->setRunning(running, paused);
    trainingPanel()->stopButton()->setEnabled(running && !stopping);
    trainingPanel()->pauseButton()->setEnabled(running && !pending && !paused);
    modelPanel()->setLocked(running);
    dataPanel()->setLocked(running);
    // One thing trains at a time: a single run or a comparison.
    const bool comparing = m_comparisons->isRunning();
    m_comparisons->setActionsEnabled(!running);
    trainingPanel()->startButton()->setEnabled(!running && !comparing);
    m_ui->actionStart->setEnabled(!running && !comparing);
    m_ui->actionPause->setEnabled(running && !pending && !paused);
    m_ui->actionResume->setEnabled(running && paused);
    m_ui->actionStep->setEnabled((!running && !comparing) || paused);
    m_ui->actionStop->setEnabled(running && !stopping);
    m_ui->actionReset->setEnabled(!running);
    m_ui->actionOpenData->setEnabled(!running);
    m_ui->actionOpenExperiment->setEnabled(!running);
    m_ui->menuSamples->setEnabled(!running);
    m_ui->menuRecent->setEnabled(!running && !m_ui->menuRecent->isEmpty());
}

void MainWindow::onSnapshot(const TrainingSnapshot &s)
{
    QElapsedTimer handling;
    handling.start();
    // The next delivery waits ~4x what this one costs (handler + the plots' last
    // redraws), so the GUI thread stays mostly idle and a click is handled at once.
    const auto paceDeliveries = qScopeGuard([this, &handling] {
        double cost = double(handling.nsecsElapsed()) * 1e-6;
        for (QCustomPlot *p : {lossPlot()->plot(), predictionPlot()->plot()}) {
            cost += p->replotTime(false);
        }
        if (gradientPlot()->isVisible()) {
            for (QCustomPlot *p : gradientPlot()->plots()) {
                cost += p->replotTime(false);
            }
        }
        m_controller->setMinDeliveryInterval(std::clamp(int(4.0 * cost), 50, 400));
    });
    if (!s.newEpochs.empty()) {
        m_history.insert(m_history.end(), s.newEpochs.begin(), s.newEpochs.end());
        lossPlot()->appendEpochs(s.newEpochs);
        gradientPlot()->appendEpochs(s.newEpochs);
        int best = s.bestEpoch;
        if (best == 0) {
            double bestVal = std::numeric_limits<double>::infinity();
            for (const EpochRecord &e : m_history) {
                if (std::isfinite(e.valLoss) && e.valLoss < bestVal) {
                    bestVal = e.valLoss;
                    best = e.epoch;
                }
            }
        }
        m_bestEpoch = best;
        lossPlot()->setBestEpoch(best);
    }
    if (!s.params.empty()) {
        m_params = s.params;
        applyParamsToModel();
    }
    if (s.hasPredictions()) {
        m_predStarts = s.predictionStarts;
        m_pred = s.predictions;
        predictionPlot()->setPredictions(m_predStarts, m_pred, s.ensemble); // an ensemble comes with the final ones
        updateMetrics();
        updateForecast(); // off the GUI thread: the result arrives in onForecastReady
    }
    if (!s.nonFiniteMessage.isEmpty()) {
        showBanner(tr("Training diverged at epoch %1: %2. The run ended and is kept in the run list; the model keeps "
                      "its last finite weights. Lower the learning rate or turn on gradient clipping, then Start again.")
                       .arg(s.epoch)
                       .arg(s.nonFiniteMessage));
    }
    const double total = double(std::max(1, s.epochs)) * std::max(1, s.batchCount);
    const double done = double(s.epoch) * std::max(1, s.batchCount) + (s.batch < s.batchCount ? s.batch : 0);
    m_progress->setValue(int(1000.0 * std::min(1.0, done / total)));
    m_progress->setFormat(snapshotProgressText(s)); // epoch, batch and the ensemble's member
    if (s.state == TrainingState::Running) {
        m_rateLabel->setText(tr("%1 steps/s · %2 left").arg(s.stepsPerSecond, 0, 'f', 1).arg(formatDuration(s.secondsLeft)));
    }
    m_stateLabel->setText(m_controller->isStopping() ? tr("stopping…") : toDisplayString(s.state));
    updateRunState();
}

void MainWindow::applyParamsToModel()
{
    if (!m_model || m_params.empty() || m_model->params().size() != Eigen::Index(m_params.size())) {
        return;
    }
    m_model->params() = Eigen::Map<const Vec<float>>(m_params.data(), Eigen::Index(m_params.size()));
}

void MainWindow::onFinished(TrainingState state)
{
    m_overlays->setLive(false);
    m_runWallSeconds = m_runClock.isValid() ? double(m_runClock.nsecsElapsed()) * 1e-9 : 0;
    // The final predictions (and their metrics) follow finished(): until they arrive the
    // plot and the table show the last preview's, so say what is coming.
    m_stateLabel->setText(toDisplayString(state) + (m_controller->isSettling() ? finalPredictionsSuffix() : QString()));
    m_lastRunDiverged = state == TrainingState::Diverged;
    m_rateLabel->setText(tr("%n epochs", nullptr, int(m_history.size())));
    if (state == TrainingState::Finished || state == TrainingState::EarlyStopped) {
        m_progress->setValue(1000);
    }
    updateRunState();
    emit trainingFinished(state);
    if (m_quitAfterTraining) {
        // The screenshot wants the final predictions, which come after finished().
        m_quitPending = true;
        if (!m_controller->isSettling()) {
            onSettled();
        }
    }
}

void MainWindow::onSettled()
{
    if (!m_controller->isSettling() && !isTraining() && m_stateLabel->text().endsWith(finalPredictionsSuffix())) {
        m_stateLabel->setText(m_stateLabel->text().chopped(finalPredictionsSuffix().size()));
    }
    if (m_quitPending && !m_forecasts->isBusy()) {
        m_quitPending = false;
        finishHeadless();
    }
}

void MainWindow::onFailed(const QString &message)
{
    m_lastError = message;
    showBanner(tr("Training failed: %1").arg(message));
}

int MainWindow::headlessExitCode() const
{
    // As rnnlab-cli train: 1 for a failed run (an exception in the worker), 3 for a divergence.
    if (!m_lastError.isEmpty()) {
        return 1;
    }
    return m_lastRunDiverged ? 3 : 0;
}

void MainWindow::finishHeadless()
{
    // Let the queued replots of the last snapshot run before grabbing the window.
    QTimer::singleShot(150, this, [this] {
        int code = headlessExitCode();
        if (code == 3) {
            std::cerr << "rnnlab: " << bannerText().toStdString() << "\n";
        }
        if (!m_screenshotPath.isEmpty() && !saveScreenshot(m_screenshotPath)) {
            std::cerr << "rnnlab: cannot write the screenshot " << m_screenshotPath.toStdString() << "\n";
            code = 1;
        }
        if (!m_lastError.isEmpty()) {
            std::cerr << "rnnlab: " << m_lastError.toStdString() << "\n";
        }
        // Comparable with the sum of `rnnlab-cli train`'s per-epoch "seconds".
        std::cerr << "rnnlab: trained " << m_history.size() << " epochs in " << trainingSeconds()
                  << " s (sum of epoch times; run wall time " << m_runWallSeconds << " s)\n";
        QCoreApplication::exit(code);
    });
}

void MainWindow::setupComparisons()
{
    auto base = [this](QString *error) -> std::optional<ComparisonBase> {
        const auto job = makeJob(false);
        if (!job) {
            *error = m_lastError.isEmpty() ? bannerText() : m_lastError;
            return std::nullopt;
        }
        return comparisonBase(*job, dataPanel()->filePath(), m_dataChecksum, m_history);
    };
    auto *wiring = new ComparisonWiring(this, m_ui->menuHelp->menuAction(), m_ui->mainToolBar, base);
    m_comparisons = wiring->controller();
    connect(wiring, &ComparisonWiring::runningChanged, this, &MainWindow::updateRunState);
    connect(wiring, &ComparisonWiring::failed, this, [this](const QString &error) {
        m_lastError = error;
        showBanner(tr("Comparison failed: %1").arg(error));
    });
}

void MainWindow::setInteractive(bool interactive)
{
    m_interactive = interactive;
    m_comparisons->setInteractive(interactive);
}

bool MainWindow::startComparison(const ComparisonAxes &axes, const QString &title)
{
    m_lastError.clear();
    if (isTraining() || !m_comparisons->start(axes, title, &m_lastError)) {
        if (m_lastError.isEmpty()) {
            m_lastError = tr("a training is running");
        }
        return false;
    }
    return true;
}

void MainWindow::updateMetrics()
{
    if (!m_runSeries || !m_runWindows) {
        predictionPlot()->setMetrics({}, QString());
        m_residuals->clear(tr("Train a model to see its residuals."));
        m_horizonErrors->clear(tr("Train a model to see its error by forecast step."));
        return;
    }
    const Windows &w = *m_runWindows;
    if (w.test.empty()) {
        const QString why = tr("No test split: set a test fraction in the Data tab to see metrics.");
        predictionPlot()->setMetrics({}, why);
        m_residuals->clear(why);
        m_horizonErrors->clear(why);
        return;
    }
    const BaselineResult none;
    const BaselineResult &baselines = m_baselines ? *m_baselines : none;
    const TestSpanReport r = testSpanReport(*m_runSeries, w, m_predStarts, m_pred, baselines.baselines, baselines.starts,
                                            predictionPlot()->ensemble(), dataPanel()->config().seasonalPeriod);
    std::vector<PredictionPlot::MetricsRow> rows = r.rows;
    for (const PredictionPlot::MetricsRow &run : m_overlays->metricsRows()) {
        rows.push_back(run); // one row per overlaid run
    }
    predictionPlot()->setMetrics(rows, r.notes.join(QLatin1Char(' ')));
    const QString unit = QString::fromStdString(m_runSeries->columns[std::size_t(w.targetColumn)]);
    if (r.residuals.empty()) {
        m_residuals->clear(tr("Train a model to see its residuals."));
    } else {
        m_residuals->setResiduals(*m_runSeries, r.residualRows, r.residuals, r.seasonalPeriod, unit);
    }
    std::vector<HorizonErrorPlot::Curve> curves;
    for (const HorizonErrors &e : r.byStep) {
        curves.push_back({e.name, e.mae});
    }
    m_horizonErrors->setErrors(curves, unit);
}

void MainWindow::updateForecast()
{
    if (!m_model || m_params.empty() || !m_runWindows || !m_runSeries) {
        return;
    }
    ForecastRequest r;
    r.spec = m_runSpec;
    r.params = m_params;
    r.members = predictionPlot()->ensemble().params; // a seed ensemble forecasts by its median
    r.windows = m_runWindows;
    r.columns = m_runSeries->columns;
    r.origin = predictionPlot()->forecastOrigin();
    r.steps = predictionPlot()->forecastSteps();
    m_forecasts->request(std::move(r));
}

void MainWindow::onForecastReady(const ForecastResult &result)
{
    if (result.error.isEmpty()) {
        predictionPlot()->showForecast(result); // the forecast, its spread, intervals and coverage
        if (m_restoreView.size() == 4) {
            // An experiment's saved zoom wins over the forecast's fit, once.
            QCustomPlot *p = predictionPlot()->plot();
            p->xAxis->setRange(m_restoreView[0], m_restoreView[1]);
            p->yAxis->setRange(m_restoreView[2], m_restoreView[3]);
            p->replot(QCustomPlot::rpQueuedReplot);
            m_restoreView.clear();
        }
        if (!result.note.isEmpty()) {
            statusBar()->showMessage(tr("Closed-loop forecast: %1.").arg(result.note), 8000);
        }
    } else {
        predictionPlot()->setForecastNote(tr("No closed-loop forecast: %1").arg(result.error));
    }
}

bool MainWindow::saveExperiment(const QString &path)
{
    Experiment e;
    e.generator = m_generator;
    if (m_generator.kind.isEmpty()) {
        e.dataPath = dataPanel()->filePath();
        e.dataChecksum = fileChecksum(e.dataPath);
    }
    e.data = dataPanel()->config();
    e.spec = m_params.empty() ? modelPanel()->spec() : m_runSpec;
    e.train = trainingPanel()->config();
    e.train.seed = std::uint64_t(modelPanel()->seed());
    e.train.init.recurrentGain = modelPanel()->recurrentGain();
    e.ensemble = trainingPanel()->ensembleSize();
    if (dataPanel()->windows()) {
        e.spec.inputSize = dataPanel()->windows()->features();
    }
    e.params = m_params;
    e.history = m_history;
    e.bestEpoch = m_bestEpoch;
    e.predictionStarts = m_predStarts;
    e.predictions = m_pred;
    e.forecastOrigin = predictionPlot()->forecastOrigin();
    e.forecastSteps = predictionPlot()->forecastSteps();
    e.visibleBaselines = predictionPlot()->visibleBaselines();
    e.lossLogScale = lossPlot()->logScale();
    e.lossSmoothing = lossPlot()->smoothing();
    e.horizonStep = predictionPlot()->horizonStep();
    auto viewOf = [](QCustomPlot *p) {
        return std::vector<double>{p->xAxis->range().lower, p->xAxis->range().upper, p->yAxis->range().lower,
                                   p->yAxis->range().upper};
    };
    e.predictionView = viewOf(predictionPlot()->plot());
    e.lossView = viewOf(lossPlot()->plot());
    e.runs = m_runDock->runs();
    for (int row : m_runDock->overlaidRows()) {
        e.selectedRuns.push_back(row);
    }
    e.referenceRun = std::max(0, m_runDock->model()->reference());
    // A data file deleted since it was opened: keep its path and the checksum it had
    // when it was read, and say that the experiment cannot be reopened without it.
    QString missingWarning;
    if (m_generator.kind.isEmpty() && !e.dataPath.isEmpty() && !QFileInfo(e.dataPath).isFile()) {
        e.dataChecksum = m_dataChecksum;
        missingWarning = tr("The data file %1 no longer exists: the experiment stores its path, settings, weights "
                            "and results (checksum %2, as read when it was opened), but reopening it will ask for the file.")
                             .arg(e.dataPath, m_dataChecksum.isEmpty() ? tr("unknown") : m_dataChecksum.left(20) + QStringLiteral("…"));
    }
    try {
        rnnlab::saveExperiment(path, e);
    } catch (const std::exception &ex) {
        m_lastError = QString::fromStdString(ex.what());
        return false;
    }
    statusBar()->showMessage(tr("Experiment saved to %1").arg(path), 5000);
    if (!missingWarning.isEmpty()) {
        showBanner(missingWarning, false);
    }
    RecentFiles::rememberSession(QStringLiteral("experiment"), path);
    return true;
}

bool MainWindow::openExperiment(const QString &path)
{
    if (isTraining()) {
        m_lastError = tr("Stop training before opening an experiment.");
        return false;
    }
    // Opening sets the data, then the data settings, then the rest: each would fit the
    // baselines (ETS: most of the open) on the GUI thread. Off it they are fitted for the
    // last request only (latest wins) and arrive in onBaselinesReady.
    m_openingExperiment = true;
    const auto opened = qScopeGuard([this] { m_openingExperiment = false; });
    Experiment e;
    try {
        e = loadExperiment(path);
    } catch (const std::exception &ex) {
        m_lastError = QString::fromStdString(ex.what());
        return false;
    }
    QString warning;
    if (!e.generator.kind.isEmpty()) {
        if (!openGenerated(e.generator)) {
            return false;
        }
    } else {
        QString dataPath = e.dataPath;
        if (!QFileInfo(dataPath).isFile()) {
            // Look next to the experiment, then ask: a moved data file is not fatal.
            const QString beside = QFileInfo(path).absolutePath() + QLatin1Char('/') + QFileInfo(dataPath).fileName();
            if (QFileInfo(beside).isFile()) {
                dataPath = beside;
            } else if (m_interactive) {
                dataPath = QFileDialog::getOpenFileName(this, tr("Locate the data file %1").arg(QFileInfo(e.dataPath).fileName()),
                                                        QFileInfo(path).absolutePath(),
                                                        tr("Series (*.csv *.tsv *.txt);;All files (*)"));
            } else {
                dataPath.clear();
            }
            if (dataPath.isEmpty()) {
                m_lastError = tr("%1: the data file %2 was not found; open it to restore the experiment.").arg(path, e.dataPath);
                return false;
            }
        }
        if (!openData(dataPath)) {
            m_lastError = dataPanel()->errorText();
            return false;
        }
        const QString sum = fileChecksum(dataPath);
        if (!e.dataChecksum.isEmpty() && sum != e.dataChecksum) {
            warning = tr("The data file %1 has changed since the experiment was saved (checksum differs); the plots show "
                         "the saved results.")
                          .arg(dataPath);
        }
    }
    m_runDock->setRuns(e.runs);
    m_runNumber = int(e.runs.size());
    dataPanel()->setConfig(e.data);
    modelPanel()->setSpec(e.spec);
    modelPanel()->setSeed(int(e.train.seed));
    modelPanel()->setRecurrentGain(e.train.init.recurrentGain);
    trainingPanel()->setConfig(e.train);
    trainingPanel()->setEnsembleSize(e.ensemble);
    onDataChanged();

    m_runSpec = e.spec;
    m_runTrain = e.train;
    m_history = e.history;
    m_bestEpoch = e.bestEpoch;
    lossPlot()->clear();
    lossPlot()->setLossName(QString::fromUtf8(toString(e.train.loss)).toUpper());
    lossPlot()->setLogScale(e.lossLogScale);
    lossPlot()->setSmoothing(e.lossSmoothing);
    lossPlot()->appendEpochs(m_history);
    lossPlot()->setBestEpoch(m_bestEpoch);
    gradientPlot()->setLayers(recurrentLayerNames(m_runSpec));
    gradientPlot()->appendEpochs(m_history);
    m_params = e.params;
    m_model = std::make_unique<Model<float>>(m_runSpec);
    applyParamsToModel();
    m_predStarts = e.predictionStarts;
    m_pred = e.predictions;
    predictionPlot()->setPredictions(m_predStarts, m_pred);
    predictionPlot()->setVisibleBaselines(e.visibleBaselines);
    {
        const QSignalBlocker block(predictionPlot());
        if (e.forecastSteps > 0) {
            predictionPlot()->setForecastSteps(e.forecastSteps);
        }
        if (e.forecastOrigin > 0) {
            predictionPlot()->setForecastOrigin(e.forecastOrigin);
        }
    }
    predictionPlot()->setHorizonStep(e.horizonStep);
    updateMetrics();
    updateForecast();
    auto setView = [](QCustomPlot *p, const std::vector<double> &v) {
        if (v.size() == 4) {
            p->xAxis->setRange(v[0], v[1]);
            p->yAxis->setRange(v[2], v[3]);
            p->replot(QCustomPlot::rpQueuedReplot);
        }
    };
    // The overlays refit the plots: before the saved zoom is applied.
    m_runDock->model()->setReference(e.runs.empty() ? -1 : e.referenceRun);
    m_runDock->selectRows(QList<int>(e.selectedRuns.begin(), e.selectedRuns.end()));
    m_restoreView = e.predictionView; // re-applied once the forecast arrives (it refits the y range)
    setView(predictionPlot()->plot(), e.predictionView);
    setView(lossPlot()->plot(), e.lossView);
    RecentFiles::rememberSession(QStringLiteral("experiment"), path);
    m_progress->setValue(m_history.empty() ? 0 : 1000);
    m_progress->setFormat(tr("epoch %1/%2").arg(m_history.empty() ? 0 : m_history.back().epoch).arg(e.train.epochs));
    m_stateLabel->setText(tr("restored"));
    showBanner(warning, false);
    statusBar()->showMessage(tr("Experiment %1 opened").arg(path), 5000);
    return true;
}

bool MainWindow::exportModel(const QString &path)
{
    if (!m_model || m_params.empty()) {
        m_lastError = tr("There is no trained model to export yet: train first.");
        return false;
    }
    try {
        nlohmann::json extra;
        if (m_runWindows) {
            extra["data"] = toJson(dataPanel()->config(), *m_runWindows);
        }
        extra["training"] = {{"optimizer", toString(m_runTrain.optimizer.kind)},
                             {"lr", m_runTrain.optimizer.lr},
                             {"loss", toString(m_runTrain.loss)},
                             {"epochs", int(m_history.size())},
                             {"seed", m_runTrain.seed}};
        saveModelFile(path.toStdString(), *m_model, extra);
    } catch (const std::exception &e) {
        m_lastError = QString::fromStdString(e.what());
        return false;
    }
    statusBar()->showMessage(tr("Model written to %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportPlots(const QString &directory, const QString &format)
{
    QList<std::pair<QString, QCustomPlot *>> plots{{QStringLiteral("loss"), lossPlot()->plot()},
                                                   {QStringLiteral("predictions"), predictionPlot()->plot()},
                                                   {QStringLiteral("series"), dataPanel()->rawPlot()}};
    plots << m_residuals->namedPlots() << std::pair{QStringLiteral("horizon_errors"), m_horizonErrors->plot()};
    const QStringList gradNames{QStringLiteral("gradient_time"), QStringLiteral("gradient_heatmap"),
                                QStringLiteral("gradient_norm"), QStringLiteral("spectral_radius")};
    for (int i = 0; i < gradNames.size(); ++i) {
        plots.append({gradNames[i], gradientPlot()->plots()[i]});
    }
    for (const auto &[name, plot] : plots) {
        const QString path = QDir(directory).filePath(name + QLatin1Char('.') + format);
        QString error;
        const bool ok = format == QLatin1String("png") ? savePlotPng(plot, path, &error)
            : format == QLatin1String("pdf")           ? savePlotPdf(plot, path, &error)
            : format == QLatin1String("svg")           ? savePlotSvg(plot, path, &error)
                                                       : savePlotCsv(plot, path, &error);
        if (!ok) {
            m_lastError = error.isEmpty() ? tr("%1: cannot write").arg(path) : error;
            return false;
        }
    }
    if (format == QLatin1String("csv")) {
        QString error;
        if (!saveTableCsv(predictionPlot()->metricsTable(), QDir(directory).filePath(QStringLiteral("metrics.csv")), &error)) {
            m_lastError = error;
            return false;
        }
    }
    return true;
}

bool MainWindow::saveScreenshot(const QString &path)
{
    QList<QCustomPlot *> plots{lossPlot()->plot(), predictionPlot()->plot(), dataPanel()->rawPlot()};
    plots << gradientPlot()->plots();
    for (QCustomPlot *p : plots) {
        p->replot(QCustomPlot::rpImmediateRefresh);
    }
    return savePixmapPng(grab(), path, &m_lastError);
}

void MainWindow::showPlotTab(const QString &name)
{
    m_ui->plotTabs->setCurrentWidget(name == QLatin1String("gradients") ? m_ui->gradientsTab
                                     : name == QLatin1String("residuals") ? static_cast<QWidget *>(m_residuals)
                                     : name == QLatin1String("horizon")   ? static_cast<QWidget *>(m_horizonErrors)
                                                                          : m_ui->predictionsTab);
}

void MainWindow::showPanelTab(const QString &name)
{
    if (name == QLatin1String("model")) {
        m_ui->panelTabs->setCurrentWidget(m_ui->modelTab);
    } else if (name == QLatin1String("training")) {
        m_ui->panelTabs->setCurrentWidget(m_ui->trainingTab);
    } else {
        m_ui->panelTabs->setCurrentWidget(m_ui->dataTab);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    // No waiting here: the window goes at once; the worker is told to stop and the
    // controller joins it (within one batch) when the application tears down.
    if (isTraining() || m_controller->isSettling()) {
        m_controller->requestStop();
    }
    m_forecasts->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty()
        && event->mimeData()->urls().first().isLocalFile()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) {
        event->ignore();
        return;
    }
    const QString path = urls.first().toLocalFile();
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        if (!openExperiment(path)) {
            report(tr("Open experiment"), m_lastError);
        }
    } else {
        openData(path);
    }
    event->acceptProposedAction();
}

DataIdentity MainWindow::dataIdentity() const
{
    DataIdentity id;
    if (m_generator.kind.isEmpty()) {
        id.file = dataPanel()->filePath().toStdString();
        id.checksum = m_dataChecksum.toStdString();
    } else {
        id.file = "generated " + m_generator.kind.toStdString(); // no file: no checksum
    }
    return id;
}

void MainWindow::addRuns(const std::vector<RunRecord> &runs, bool select)
{
    m_runDock->addRuns(runs, select);
}

void MainWindow::retrainRun(const RunRecord &run)
{
    if (!isTraining() && m_runActions->prepareRetrain(run, dataIdentity())) {
        startRun(false);
    }
}

QString MainWindow::lastRetrainDifference() const
{
    return m_runActions->lastRetrainDifference();
}

} // namespace rnnlab
