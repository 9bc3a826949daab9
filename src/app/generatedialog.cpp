// The teaching-series dialog (see generatedialog.h).
#include "generatedialog.h"

#include "data/generate.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace rnnlab {

GeneratorSettings defaultGenerator(const QString &kind)
{
    GeneratorSettings g;
    g.kind = kind;
    g.seed = 1;
    if (kind == QLatin1String("sine")) {
        g.n = 600;
        g.period = 40;
        g.noise = 0.1;
    } else if (kind == QLatin1String("random_walk")) {
        g.n = 1000;
        g.start = 100;
        g.drift = 0.0005;
        g.vol = 0.01;
    } else {
        g.n = 2000;
        g.lag = 10;
    }
    return g;
}

Series generateSeries(const GeneratorSettings &g)
{
    if (g.kind == QLatin1String("sine")) {
        return noisySine(g.n, g.period, g.noise, g.seed);
    }
    if (g.kind == QLatin1String("random_walk")) {
        return randomWalk(g.n, g.start, g.drift, g.vol, g.seed);
    }
    return echo(g.n, g.lag, g.seed);
}

QString generatorLabel(const GeneratorSettings &g)
{
    if (g.kind == QLatin1String("sine")) {
        return QObject::tr("noisy sine (period %1, noise %2, n %3)").arg(g.period).arg(g.noise).arg(g.n);
    }
    if (g.kind == QLatin1String("random_walk")) {
        return QObject::tr("random walk (vol %1, n %2)").arg(g.vol).arg(g.n);
    }
    return QObject::tr("echo task (lag %1, n %2)").arg(g.lag).arg(g.n);
}

GenerateDialog::GenerateDialog(const QString &kind, QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_n(new QSpinBox(this))
    , m_lag(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_period(new QDoubleSpinBox(this))
    , m_noise(new QDoubleSpinBox(this))
    , m_start(new QDoubleSpinBox(this))
    , m_drift(new QDoubleSpinBox(this))
    , m_vol(new QDoubleSpinBox(this))
{
    const GeneratorSettings d = defaultGenerator(kind);
    auto *form = new QFormLayout(this);
    m_n->setRange(10, 1000000);
    m_n->setValue(d.n);
    form->addRow(tr("Rows"), m_n);
    if (kind == QLatin1String("sine")) {
        setWindowTitle(tr("Noisy sine"));
        m_period->setRange(2, 100000);
        m_period->setValue(d.period);
        m_noise->setRange(0, 10);
        m_noise->setDecimals(3);
        m_noise->setValue(d.noise);
        form->addRow(tr("Period (rows)"), m_period);
        form->addRow(tr("Noise (std)"), m_noise);
    } else if (kind == QLatin1String("random_walk")) {
        setWindowTitle(tr("Random walk"));
        m_start->setRange(0.01, 1e6);
        m_start->setValue(d.start);
        m_drift->setRange(-1, 1);
        m_drift->setDecimals(5);
        m_drift->setValue(d.drift);
        m_vol->setRange(0, 1);
        m_vol->setDecimals(4);
        m_vol->setValue(d.vol);
        form->addRow(tr("Start price"), m_start);
        form->addRow(tr("Drift per row"), m_drift);
        form->addRow(tr("Volatility per row"), m_vol);
    } else {
        setWindowTitle(tr("Echo task"));
        m_lag->setRange(0, 10000);
        m_lag->setValue(d.lag);
        form->addRow(tr("Lag k (steps)"), m_lag);
        auto *note = new QLabel(tr("target(t) = input(t − k): only a model that carries information over k steps "
                                   "solves it. Use a lookback longer than k."),
                                this);
        note->setWordWrap(true);
        form->addRow(note);
    }
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(int(d.seed));
    form->addRow(tr("Seed"), m_seed);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

GeneratorSettings GenerateDialog::settings() const
{
    GeneratorSettings g;
    g.kind = m_kind;
    g.n = m_n->value();
    g.period = m_period->value();
    g.noise = m_noise->value();
    g.start = m_start->value();
    g.drift = m_drift->value();
    g.vol = m_vol->value();
    g.lag = m_lag->value();
    g.seed = std::uint64_t(m_seed->value());
    return g;
}

} // namespace rnnlab
