// The Data tab: the loaded series (file, sample or generated), a plot of it with the
// split spans shaded, its first rows, and the pickers that make a DataConfig. A file
// that fails to load shows the loader's message here and the previous data stays.
#pragma once
#include "data/series.h"
#include "data/windows.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;
class QToolButton;
class QTimer;

namespace Ui {
class DataPanel;
}

namespace rnnlab {

class HoverReadout;
class LoadOptionsForm;
class SeriesLoadJob;
class WindowsRunner;
struct WindowsResult;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget *parent = nullptr);
    ~DataPanel() override;

    // Returns false (and shows the message) when loading fails or is cancelled; the
    // previous series stays. The file is read on a thread of its own while the window
    // keeps handling events (progress bar, Cancel); a new file starts from the default
    // reading choices, the same file keeps the form's.
    bool loadFile(const QString &path);
    bool loadFile(const QString &path, const LoadOptions &options);
    bool isLoading() const;
    void cancelLoading();
    LoadOptionsForm *loadOptionsForm() const { return m_loadForm; }
    LoadOptions loadedOptions() const { return m_loadedOptions; }
    // A series made in memory (a generated teaching series); `label` names it.
    void setSeries(Series series, const QString &label);

    bool hasSeries() const { return m_series != nullptr; }
    const Series &series() const { return *m_series; }   // raw, as loaded; requires: hasSeries()
    QString filePath() const { return m_path; }          // empty for a generated series
    QString sourceLabel() const { return m_label; }
    QString errorText() const;

    DataConfig config() const;
    void setConfig(const DataConfig &config);
    // The names checked in the inputs list, in column order (never empty once a series
    // is loaded: unchecking the last one checks the target again).
    QStringList checkedInputs() const;

    // The series after the missing-value policy and its windows, when the current
    // settings are valid (else nullopt, and windowsError() says why).
    // Points at series() itself when the policy had nothing to change (no copy).
    const Series *prepared() const { return preparedShared().get(); }
    // The same, shared read-only with the plots and jobs that keep it (no copy).
    std::shared_ptr<const Series> preparedShared() const { return m_windows ? (m_prepared ? m_prepared : m_series) : nullptr; }
    const std::shared_ptr<const Windows> &windows() const { return m_windows; }
    QString windowsError() const { return m_windowsError; }
    // The seasonal period the baselines use: the one typed, else the detected one (0: none).
    int seasonalPeriod() const;
    int detectedPeriod() const { return m_detectedPeriod; }

    void setLocked(bool locked); // while training: the data may not change
    // Applies an edit still waiting for its debounce (before a run reads windows()).
    // flushEdits() only starts the edit's windows; applyPendingEdits() also waits for them.
    void flushEdits();
    void applyPendingEdits();
    bool hasPendingEdits() const;
    // The windows of a long series are being made in the background (windows() is
    // null until they arrive with configChanged()).
    bool windowsPending() const;
    QToolButton *samplesButton() const;
    QCustomPlot *rawPlot() const;
    HoverReadout *readout() const { return m_readout; }

protected:
    void resizeEvent(QResizeEvent *event) override;

signals:
    void seriesChanged();  // a new series was loaded
    void configChanged();  // pickers changed (also after seriesChanged)
    void openRequested();

private:
    void fillPickers();
    void setCheckedInputs(const QStringList &names); // without emitting configChanged
    void fitInputsHeight();
    void fillPreview();
    void updateWindows();
    void applyWindows(const WindowsResult &result);
    void replotRaw();
    void showError(const QString &message);
    void updatePreview();
    void setLoadingUi(bool loading);

    std::unique_ptr<Ui::DataPanel> m_ui;
    // Shared read-only with the prediction plot and the baseline jobs: one copy each.
    std::shared_ptr<const Series> m_series;
    std::shared_ptr<const Series> m_prepared; // only when the missing-value policy changed something
    std::shared_ptr<const Windows> m_windows;
    QString m_windowsError;
    int m_detectedPeriod = 0;
    QString m_path;
    QString m_label;
    QString m_target; // the target the inputs list was last checked against
    bool m_filling = false;
    // Edits of a large series apply after a pause in typing or clicking, not per step.
    QTimer *m_debounce = nullptr;
    HoverReadout *m_readout = nullptr;
    LoadOptionsForm *m_loadForm = nullptr;
    SeriesLoadJob *m_job = nullptr;
    WindowsRunner *m_windowsRunner = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_reload = nullptr;
    QLabel *m_previewNote = nullptr;
    QTimer *m_previewTimer = nullptr;
    LoadOptions m_loadedOptions;
    std::string m_head;    // the first lines of the file the form reads
    QString m_headPath;    // that file (the loaded one, or one that failed to load)
};

} // namespace rnnlab
