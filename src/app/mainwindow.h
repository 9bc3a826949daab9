// The RNN Lab main window: the Data, Model and Training panels on the left, the
// predictions, gradients and loss plots on the right, the training controller, the
// menus (files, samples, experiments, exports) and the status bar with progress.
// It only calls src/core; training itself runs on the controller's thread.
#pragma once
#include "forecasting/baselines.h"
#include "experiment.h"
#include "runs/run_record.h"
#include "training/trainingsnapshot.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <memory>
#include <optional>

class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;

namespace Ui {
class MainWindow;
}

namespace rnnlab {

class ComparisonController;
struct ComparisonAxes;
class DataPanel;
class ModelPanel;
class TrainingPanel;
class LossPlot;
class PredictionPlot;
class GradientPlot;
class ResidualsView;
class HorizonErrorPlot;
class TrainingController;
class ForecastRunner;
struct ForecastResult;
class RunDock;
class RunOverlays;
class RunActions;
class RecentFiles;
class BaselineRunner;
struct BaselineResult;
using BaselineResultPtr = std::shared_ptr<const BaselineResult>;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // false: never open a dialog (tests, --quit-after-training); errors only show in the window.
    void setInteractive(bool interactive);
    // Exits the application after the next run ends (with a screenshot if a path is set).
    void setQuitAfterTraining(bool quit) { m_quitAfterTraining = quit; }
    void setScreenshotPath(const QString &path) { m_screenshotPath = path; }
    bool quitAfterTraining() const { return m_quitAfterTraining; }
    // What a hands-free run exits with after its training: 0, 1 (failed), 3 (diverged).
    int headlessExitCode() const;
    QString screenshotPath() const { return m_screenshotPath; }

    // A file the user picked: the generic data settings.
    bool openData(const QString &path);
    // A bundled sample (samplesettings.h): the data settings recommended for it.
    bool openSample(const QString &path);
    // A recent file: one that no longer exists is reported and leaves the list.
    bool openRecent(const QString &path);
    QStringList recentFiles() const;
    static bool isBundledSample(const QString &path);
    bool openGenerated(const GeneratorSettings &settings);
    bool openExperiment(const QString &path);
    bool saveExperiment(const QString &path);
    bool exportModel(const QString &path);
    bool exportPlots(const QString &directory, const QString &format); // "png", "pdf", "csv"
    bool saveScreenshot(const QString &path);
    void showPlotTab(const QString &name); // "predictions", "gradients"
    void showPanelTab(const QString &name); // "data", "model", "training"
    // 1280x800 and the default splitter sizes (screenshots look the same everywhere).
    void resetLayout();
    static QString findSampleDir();
    // Opens what the last session had open (an experiment or a series); false if none.
    bool reopenLastSession();

    void startTraining();
    void pauseTraining();
    void resumeTraining();
    void stepTraining();
    void stopTraining();
    void resetTraining();

    // Runs made elsewhere (a comparison job, a test) go into the run list; with
    // `select` they are selected, so the plots overlay them.
    void addRuns(const std::vector<RunRecord> &runs, bool select);
    // Trains the run's settings again on the data shown (its seed, its thread count,
    // its stop): the new run's numbers equal the old one's; the status bar says so.
    void retrainRun(const RunRecord &run);
    // The last retrain's firstDifference() with its run ("": bit for bit equal).
    QString lastRetrainDifference() const;
    RunDock *runDock() const { return m_runDock; }
    RunOverlays *runOverlays() const { return m_overlays; }

    // For tests and the status bar.
    DataPanel *dataPanel() const;
    ModelPanel *modelPanel() const;
    TrainingPanel *trainingPanel() const;
    LossPlot *lossPlot() const;
    PredictionPlot *predictionPlot() const;
    GradientPlot *gradientPlot() const;
    ResidualsView *residualsView() const { return m_residuals; }
    HorizonErrorPlot *horizonErrorPlot() const { return m_horizonErrors; }
    TrainingController *controller() const { return m_controller; }
    QString bannerText() const;
    QString progressText() const; // the status bar's progress text ("epoch 3/20 · batch 4/4")
    QString stateText() const;    // the status bar's run state ("training", "stopping…", "idle")
    QString rateText() const;
    QString lastError() const { return m_lastError; }
    QMenu *recentMenu() const;
    QMenu *samplesMenu() const;
    QSplitter *mainSplitter() const;
    QSplitter *plotSplitter() const;
    // Sum of the trainer's epoch times of the last run (training only: no plotting,
    // no predictions), and the wall time from Start to the end of the run.
    double trainingSeconds() const;
    double runWallSeconds() const { return m_runWallSeconds; }
    const std::vector<EpochRecord> &history() const { return m_history; }
    const std::vector<float> &trainedParams() const { return m_params; }
    bool isTraining() const;
    // Start was pressed while a long series' windows are still being made: the run
    // starts when they arrive (Stop cancels it), and the window stays responsive.
    bool isStartPending() const { return m_pendingStart.has_value(); }

    // A comparison of the current settings without a dialog (the command line, tests):
    // false with lastError() when it cannot start. Hands-free, its end ends the process.
    bool startComparison(const ComparisonAxes &axes, const QString &title);
    ComparisonController *comparisons() const { return m_comparisons; }

signals:
    void trainingFinished(rnnlab::TrainingState state);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setupActions();
    void rebuildSamplesMenu();
    void onDataChanged();
    void onSnapshot(const TrainingSnapshot &snapshot);
    void onFinished(TrainingState state);
    void onFailed(const QString &message);
    void onSettled();
    void onForecastReady(const ForecastResult &result);
    DataIdentity dataIdentity() const;
    void onBaselinesReady(BaselineResultPtr result);
    // Everything shown about a run (plots, counters, labels) back to empty.
    void clearRunView();
    void updateRunState();
    void updateMetrics();
    void updateForecast();
    void applyParamsToModel();
    void showBanner(const QString &text, bool error = true);
    void report(const QString &title, const QString &message);
    QStringList recurrentLayerNames(const ModelSpec &spec) const;
    std::optional<TrainingJob> makeJob(bool startPaused);
    void startRun(bool stepOnly);
    void startIfPending();
    void restoreSettings();
    void saveSettings();
    void finishHeadless();
    void setupComparisons();

    std::unique_ptr<Ui::MainWindow> m_ui;
    TrainingController *m_controller;
    ForecastRunner *m_forecasts;
    BaselineRunner *m_baselineRunner;
    ResidualsView *m_residuals;
    HorizonErrorPlot *m_horizonErrors;
    QProgressBar *m_progress;
    QLabel *m_stateLabel;
    QLabel *m_rateLabel;
    bool m_interactive = true;
    bool m_quitAfterTraining = false;
    bool m_lastRunDiverged = false;
    bool m_quitPending = false; // headless: the run ended, waiting for its final predictions
    QString m_screenshotPath;
    QString m_lastError;
    ComparisonController *m_comparisons = nullptr;

    // The run being shown: what it was trained on, its history and its latest weights.
    std::shared_ptr<const Series> m_runSeries; // shared with the Data tab, plots and jobs
    std::shared_ptr<const Windows> m_runWindows; // shared with forecast jobs
    ModelSpec m_runSpec;
    TrainConfig m_runTrain;
    std::unique_ptr<Model<float>> m_model;
    std::vector<EpochRecord> m_history;
    std::vector<float> m_params;
    std::vector<int> m_predStarts;
    Eigen::MatrixXd m_pred;
    BaselineResultPtr m_baselines; // null until the current windows' baselines arrive
    int m_bestEpoch = 0;
    GeneratorSettings m_generator;
    QString m_dataChecksum;              // of the data file as it was read
    std::vector<double> m_restoreView;   // an opened experiment's prediction zoom
    QElapsedTimer m_runClock;

    RunDock *m_runDock;
    RunOverlays *m_overlays;
    int m_runNumber = 0;
    std::optional<bool> m_pendingStart;     // a deferred Start: its stepOnly
    RunActions *m_runActions;
    RecentFiles *m_recent;
    bool m_openingExperiment = false; // baselines go to the runner, never on the GUI thread
    double m_runWallSeconds = 0;
};

} // namespace rnnlab
