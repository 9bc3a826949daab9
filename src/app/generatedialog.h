// The dialog behind "Samples > Generated": the parameters of a teaching series (a
// noisy sine, a random walk, the echo task with its lag) before it is generated.
#pragma once
#include "experiment.h"

#include <QDialog>

class QSpinBox;
class QDoubleSpinBox;

namespace rnnlab {

class GenerateDialog : public QDialog {
    Q_OBJECT
public:
    GenerateDialog(const QString &kind, QWidget *parent = nullptr);
    GeneratorSettings settings() const;

private:
    QString m_kind;
    QSpinBox *m_n, *m_lag, *m_seed;
    QDoubleSpinBox *m_period, *m_noise, *m_start, *m_drift, *m_vol;
};

// Defaults a teaching series is generated with when no dialog is shown.
GeneratorSettings defaultGenerator(const QString &kind);
// Makes the series (throws std::invalid_argument from the generator on bad values).
Series generateSeries(const GeneratorSettings &g);
QString generatorLabel(const GeneratorSettings &g);

} // namespace rnnlab
