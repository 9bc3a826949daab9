// The Training tab: optimizer, learning rate on a log slider, batch, epochs, loss,
// clipping, truncated BPTT, early stopping, threads, the seed ensemble's size, and the run buttons. While a run
// is going only the learning rate and the clipping stay editable (applied live).
#pragma once
#include "nn/trainer.h"

#include <QWidget>

#include <memory>

class QPushButton;

namespace Ui {
class TrainingPanel;
}

namespace rnnlab {

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override;

    // Everything but the seed and the initialisation, which the Model tab holds.
    TrainConfig config() const;
    void setConfig(const TrainConfig &config);
    double learningRate() const;
    void setLearningRate(double lr);
    ClipConfig clip() const;
    // Networks a run trains from seeds seed, seed+1, ... (1: no ensemble, the CLI's default).
    int ensembleSize() const;
    void setEnsembleSize(int members);
    void setEpochs(int epochs);

    void setRunning(bool running, bool paused);

    QPushButton *startButton() const;
    QPushButton *pauseButton() const;
    QPushButton *resumeButton() const;
    QPushButton *stepButton() const;
    QPushButton *stopButton() const;
    QPushButton *resetButton() const;

signals:
    void learningRateChanged(double lr);
    void clipChanged(const rnnlab::ClipConfig &clip);

private:
    void updateEnabled();

    std::unique_ptr<Ui::TrainingPanel> m_ui;
    bool m_syncing = false;
    bool m_running = false;
};

} // namespace rnnlab
