// The Training tab (see trainingpanel.h).
#include "trainingpanel.h"

#include "ui_trainingpanel.h"

#include <cmath>

namespace rnnlab {

TrainingPanel::TrainingPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TrainingPanel>())
{
    m_ui->setupUi(this);
    m_ui->optimizerCombo->addItem(QStringLiteral("Adam"), int(OptimizerKind::Adam));
    m_ui->optimizerCombo->addItem(QStringLiteral("SGD"), int(OptimizerKind::Sgd));
    m_ui->optimizerCombo->addItem(QStringLiteral("RMSprop"), int(OptimizerKind::RmsProp));
    m_ui->lossCombo->addItem(QStringLiteral("MSE"), int(LossKind::Mse));
    m_ui->lossCombo->addItem(QStringLiteral("MAE"), int(LossKind::Mae));
    m_ui->lossCombo->addItem(QStringLiteral("Huber"), int(LossKind::Huber));
    m_ui->clipCombo->addItem(tr("off"), int(ClipKind::None));
    m_ui->clipCombo->addItem(tr("global norm"), int(ClipKind::Norm));
    m_ui->clipCombo->addItem(tr("value"), int(ClipKind::Value));
    m_ui->lrSpin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);

    // The slider is log10(lr) in tenths of a decade; the spin box holds the exact value.
    connect(m_ui->lrSlider, &QSlider::valueChanged, this, [this](int v) {
        if (m_syncing) {
            return;
        }
        m_syncing = true;
        m_ui->lrSpin->setValue(std::pow(10.0, v / 10.0));
        m_syncing = false;
        emit learningRateChanged(m_ui->lrSpin->value());
    });
    connect(m_ui->lrSpin, &QDoubleSpinBox::valueChanged, this, [this](double lr) {
        if (m_syncing) {
            return;
        }
        m_syncing = true;
        m_ui->lrSlider->setValue(int(std::lround(std::log10(lr) * 10.0)));
        m_syncing = false;
        emit learningRateChanged(lr);
    });
    auto clipEdited = [this] {
        updateEnabled();
        emit clipChanged(clip());
    };
    connect(m_ui->clipCombo, &QComboBox::currentIndexChanged, this, clipEdited);
    connect(m_ui->clipSpin, &QDoubleSpinBox::valueChanged, this, clipEdited);
    connect(m_ui->optimizerCombo, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
    updateEnabled();
    setRunning(false, false);
}

TrainingPanel::~TrainingPanel() = default;

QPushButton *TrainingPanel::startButton() const { return m_ui->startButton; }
QPushButton *TrainingPanel::pauseButton() const { return m_ui->pauseButton; }
QPushButton *TrainingPanel::resumeButton() const { return m_ui->resumeButton; }
QPushButton *TrainingPanel::stepButton() const { return m_ui->stepButton; }
QPushButton *TrainingPanel::stopButton() const { return m_ui->stopButton; }
QPushButton *TrainingPanel::resetButton() const { return m_ui->resetButton; }

double TrainingPanel::learningRate() const
{
    return m_ui->lrSpin->value();
}

void TrainingPanel::setLearningRate(double lr)
{
    m_ui->lrSpin->setValue(lr);
}

int TrainingPanel::ensembleSize() const
{
    return m_ui->ensembleSpin->value();
}

void TrainingPanel::setEnsembleSize(int members)
{
    m_ui->ensembleSpin->setValue(members);
}

void TrainingPanel::setEpochs(int epochs)
{
    m_ui->epochsSpin->setValue(epochs);
}

ClipConfig TrainingPanel::clip() const
{
    ClipConfig c;
    c.kind = ClipKind(m_ui->clipCombo->currentData().toInt());
    c.threshold = m_ui->clipSpin->value();
    return c;
}

TrainConfig TrainingPanel::config() const
{
    TrainConfig c;
    c.optimizer.kind = OptimizerKind(m_ui->optimizerCombo->currentData().toInt());
    c.optimizer.lr = learningRate();
    c.optimizer.momentum = m_ui->momentumSpin->value();
    c.loss = LossKind(m_ui->lossCombo->currentData().toInt());
    c.clip = clip();
    c.batchSize = m_ui->batchSpin->value();
    c.epochs = m_ui->epochsSpin->value();
    c.shuffle = m_ui->shuffleCheck->isChecked();
    c.tbptt = m_ui->tbpttSpin->value();
    c.patience = m_ui->patienceSpin->value();
    c.threads = m_ui->threadsSpin->value();
    return c;
}

void TrainingPanel::setConfig(const TrainConfig &c)
{
    m_ui->optimizerCombo->setCurrentIndex(m_ui->optimizerCombo->findData(int(c.optimizer.kind)));
    setLearningRate(c.optimizer.lr);
    m_ui->momentumSpin->setValue(c.optimizer.momentum);
    m_ui->lossCombo->setCurrentIndex(m_ui->lossCombo->findData(int(c.loss)));
    m_ui->clipCombo->setCurrentIndex(m_ui->clipCombo->findData(int(c.clip.kind)));
    m_ui->clipSpin->setValue(c.clip.threshold);
    m_ui->batchSpin->setValue(c.batchSize);
    m_ui->epochsSpin->setValue(c.epochs);
    m_ui->shuffleCheck->setChecked(c.shuffle);
    m_ui->tbpttSpin->setValue(c.tbptt);
    m_ui->patienceSpin->setValue(c.patience);
    m_ui->threadsSpin->setValue(c.threads);
}

void TrainingPanel::updateEnabled()
{
    const auto kind = OptimizerKind(m_ui->optimizerCombo->currentData().toInt());
    m_ui->momentumSpin->setEnabled(!m_running && kind != OptimizerKind::Adam);
    m_ui->clipSpin->setEnabled(ClipKind(m_ui->clipCombo->currentData().toInt()) != ClipKind::None);
}

void TrainingPanel::setRunning(bool running, bool paused)
{
    m_running = running;
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->optimizerCombo, m_ui->batchSpin, m_ui->epochsSpin,
                                                       m_ui->lossCombo, m_ui->tbpttSpin, m_ui->patienceSpin,
                                                       m_ui->threadsSpin, m_ui->ensembleSpin, m_ui->shuffleCheck}) {
        w->setEnabled(!running);
    }
    m_ui->startButton->setEnabled(!running);
    m_ui->pauseButton->setEnabled(running && !paused);
    m_ui->resumeButton->setEnabled(running && paused);
    m_ui->stepButton->setEnabled(!running || paused);
    m_ui->stopButton->setEnabled(running);
    m_ui->resetButton->setEnabled(!running);
    updateEnabled();
}

} // namespace rnnlab
