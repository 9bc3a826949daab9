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
class QToolButton;
class QTimer;

namespace Ui {
class DataPanel;
}

namespace rnnlab {

class HoverReadout;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget *parent = nullptr);
    ~DataPanel() override;

    // Returns false (and shows the message) when loading fails; the previous series stays.
    bool loadFile(const QString &path);
    // A series made in memory (a generated teaching series); `label` names it.
    void setSeries(const Series &series, const QString &label);

    bool hasSeries() const { return m_series.has_value(); }
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
    const std::optional<Series> &prepared() const { return m_prepared; }
    const std::optional<Windows> &windows() const { return m_windows; }
    QString windowsError() const { return m_windowsError; }

    void setLocked(bool locked); // while training: the data may not change
    // Applies an edit still waiting for its debounce (before a run reads windows()).
    void applyPendingEdits();
    bool hasPendingEdits() const;
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
    void replotRaw();
    void showError(const QString &message);

    std::unique_ptr<Ui::DataPanel> m_ui;
    std::optional<Series> m_series;
    std::optional<Series> m_prepared;
    std::optional<Windows> m_windows;
    QString m_windowsError;
    QString m_path;
    QString m_label;
    QString m_target; // the target the inputs list was last checked against
    bool m_filling = false;
    // Edits of a large series apply after a pause in typing or clicking, not per step.
    QTimer *m_debounce = nullptr;
    HoverReadout *m_readout = nullptr;
};

} // namespace rnnlab
