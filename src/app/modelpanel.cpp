// The Model tab (see modelpanel.h).
#include "modelpanel.h"

#include "ui_modelpanel.h"

#include <QHeaderView>
#include <QLocale>
#include <QMenu>

namespace rnnlab {

namespace {
constexpr LayerType kTypes[] = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru, LayerType::Dense};


QString count(long long n)
{
    return QLocale::c().toString(n).replace(QLatin1Char(','), QChar(0x2009)); // thin-space groups
}
} // namespace

QString layerTypeName(LayerType t)
{
    switch (t) {
    case LayerType::Rnn: return QStringLiteral("RNN");
    case LayerType::Lstm: return QStringLiteral("LSTM");
    case LayerType::Gru: return QStringLiteral("GRU");
    case LayerType::Dense: return QStringLiteral("Dense");
    }
    return {};
}

ModelPanel::ModelPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ModelPanel>())
{
    m_ui->setupUi(this);
    for (LayerType t : kTypes) {
        m_ui->typeCombo->addItem(layerTypeName(t), int(t));
    }
    auto *addMenu = new QMenu(this);
    for (LayerType t : kTypes) {
        addMenu->addAction(layerTypeName(t), this, [this, t] { addLayer(t); });
    }
    m_ui->addButton->setMenu(addMenu);
    m_ui->summaryTable->setColumnCount(3);
    m_ui->summaryTable->setHorizontalHeaderLabels({tr("Layer (type)"), tr("Output shape"), tr("Params")});
    m_ui->summaryTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_ui->summaryTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_ui->summaryTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_ui->summaryTable->verticalHeader()->hide();

    connect(m_ui->removeButton, &QToolButton::clicked, this, &ModelPanel::removeLayer);
    connect(m_ui->upButton, &QToolButton::clicked, this, [this] { moveLayer(-1); });
    connect(m_ui->downButton, &QToolButton::clicked, this, [this] { moveLayer(+1); });
    connect(m_ui->layersList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_filling) {
            showLayer(row);
        }
    });
    connect(m_ui->typeCombo, &QComboBox::currentIndexChanged, this, [this] { storeForm(); });
    connect(m_ui->unitsSpin, &QSpinBox::valueChanged, this, [this] { storeForm(); });
    connect(m_ui->activationCombo, &QComboBox::currentIndexChanged, this, [this] { storeForm(); });
    connect(m_ui->forgetBiasCheck, &QCheckBox::toggled, this, [this] { storeForm(); });
    connect(m_ui->gainSpin, &QDoubleSpinBox::valueChanged, this, &ModelPanel::specChanged);
    connect(m_ui->seedSpin, &QSpinBox::valueChanged, this, &ModelPanel::specChanged);

    // The canonical model of the seed: LSTM 64 -> LSTM 32 -> Dense (one unit per horizon step).
    m_layers = {LayerSpec{LayerType::Lstm, 64, Activation::Tanh, true},
                LayerSpec{LayerType::Lstm, 32, Activation::Tanh, true},
                LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    refresh();
    selectLayer(0);
}

ModelPanel::~ModelPanel() = default;

ModelSpec ModelPanel::spec() const
{
    ModelSpec s;
    s.inputSize = m_inputSize;
    s.layers = m_layers;
    if (!s.layers.empty() && s.layers.back().type == LayerType::Dense) {
        s.layers.back().units = m_horizon;
    }
    return s;
}

void ModelPanel::setSpec(const ModelSpec &spec)
{
    m_layers = spec.layers;
    m_inputSize = spec.inputSize;
    refresh();
    selectLayer(0);
}

void ModelPanel::setDataShape(int inputSize, int lookback, int horizon)
{
    if (inputSize == m_inputSize && lookback == m_lookback && horizon == m_horizon) {
        return;
    }
    m_inputSize = inputSize;
    m_lookback = lookback;
    m_horizon = horizon;
    refresh();
}

double ModelPanel::recurrentGain() const
{
    return m_ui->gainSpin->value();
}

void ModelPanel::setRecurrentGain(double gain)
{
    m_ui->gainSpin->setValue(gain);
}

int ModelPanel::seed() const
{
    return m_ui->seedSpin->value();
}

void ModelPanel::setSeed(int seed)
{
    m_ui->seedSpin->setValue(seed);
}

int ModelPanel::selectedLayer() const
{
    return m_ui->layersList->currentRow();
}

void ModelPanel::selectLayer(int index)
{
    m_ui->layersList->setCurrentRow(index);
    showLayer(index);
}

void ModelPanel::addLayer(LayerType type)
{
    if (m_locked) {
        return;
    }
    LayerSpec l;
    l.type = type;
    l.units = 32;
    l.activation = type == LayerType::Dense ? Activation::Linear : Activation::Tanh;
    int at = selectedLayer() + 1;
    if (at <= 0) {
        at = int(m_layers.size());
    }
    // A new layer goes before the output layer unless it is placed explicitly after it.
    if (at >= int(m_layers.size()) && !m_layers.empty() && m_layers.back().type == LayerType::Dense
        && type != LayerType::Dense) {
        at = int(m_layers.size()) - 1;
    }
    m_layers.insert(m_layers.begin() + at, l);
    refresh();
    selectLayer(at);
}

void ModelPanel::removeLayer()
{
    const int i = selectedLayer();
    if (m_locked || i < 0 || i >= int(m_layers.size())) {
        return;
    }
    m_layers.erase(m_layers.begin() + i);
    refresh();
    selectLayer(std::min(i, int(m_layers.size()) - 1));
}

void ModelPanel::moveLayer(int delta)
{
    const int i = selectedLayer();
    const int j = i + delta;
    if (m_locked || i < 0 || j < 0 || j >= int(m_layers.size())) {
        return;
    }
    std::swap(m_layers[std::size_t(i)], m_layers[std::size_t(j)]);
    refresh();
    selectLayer(j);
}

void ModelPanel::setLayerType(LayerType type)
{
    m_ui->typeCombo->setCurrentIndex(m_ui->typeCombo->findData(int(type)));
}

void ModelPanel::setLayerUnits(int units)
{
    m_ui->unitsSpin->setValue(units);
}

void ModelPanel::setLayerActivation(Activation a)
{
    m_ui->activationCombo->setCurrentIndex(m_ui->activationCombo->findData(int(a)));
}

void ModelPanel::showLayer(int index)
{
    const bool valid = index >= 0 && index < int(m_layers.size());
    m_filling = true;
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->typeCombo, m_ui->unitsSpin, m_ui->activationCombo,
                                                       m_ui->forgetBiasCheck}) {
        w->setEnabled(valid && !m_locked);
    }
    m_ui->removeButton->setEnabled(valid && !m_locked);
    m_ui->upButton->setEnabled(valid && index > 0 && !m_locked);
    m_ui->downButton->setEnabled(valid && index + 1 < int(m_layers.size()) && !m_locked);
    if (valid) {
        const LayerSpec &l = m_layers[std::size_t(index)];
        m_ui->typeCombo->setCurrentIndex(m_ui->typeCombo->findData(int(l.type)));
        m_ui->activationCombo->clear();
        if (l.type == LayerType::Dense) {
            for (Activation a : {Activation::Linear, Activation::Tanh, Activation::Relu, Activation::Sigmoid}) {
                m_ui->activationCombo->addItem(QString::fromUtf8(toString(a)), int(a));
            }
        } else if (l.type == LayerType::Rnn) {
            for (Activation a : {Activation::Tanh, Activation::Relu, Activation::Sigmoid}) {
                m_ui->activationCombo->addItem(QString::fromUtf8(toString(a)), int(a));
            }
        } else {
            m_ui->activationCombo->addItem(tr("(fixed gates)"), int(l.activation));
        }
        m_ui->activationCombo->setCurrentIndex(std::max(0, m_ui->activationCombo->findData(int(l.activation))));
        m_ui->activationCombo->setEnabled(!m_locked && (l.type == LayerType::Dense || l.type == LayerType::Rnn));
        const bool output = index + 1 == int(m_layers.size()) && l.type == LayerType::Dense;
        m_ui->unitsSpin->setValue(output ? m_horizon : l.units);
        m_ui->unitsSpin->setEnabled(!m_locked && !output);
        m_ui->unitsSpin->setToolTip(output ? tr("The output layer has one unit per horizon step (H = %1)").arg(m_horizon)
                                           : tr("Hidden size"));
        m_ui->forgetBiasCheck->setChecked(l.forgetBias);
        m_ui->forgetBiasCheck->setEnabled(!m_locked && l.type == LayerType::Lstm);
    }
    m_filling = false;
}

void ModelPanel::storeForm()
{
    const int i = selectedLayer();
    if (m_filling || m_locked || i < 0 || i >= int(m_layers.size())) {
        return;
    }
    LayerSpec &l = m_layers[std::size_t(i)];
    const auto type = LayerType(m_ui->typeCombo->currentData().toInt());
    const bool output = i + 1 == int(m_layers.size()) && l.type == LayerType::Dense;
    if (!output || type == l.type) {
        l.units = m_ui->unitsSpin->value();
    }
    if (type != l.type) {
        l.type = type;
        l.activation = type == LayerType::Dense ? Activation::Linear : Activation::Tanh;
        if (l.units < 1 || (output && type != LayerType::Dense)) {
            l.units = 32;
        }
    } else if (type == LayerType::Dense || type == LayerType::Rnn) {
        l.activation = Activation(m_ui->activationCombo->currentData().toInt());
    }
    l.forgetBias = m_ui->forgetBiasCheck->isChecked();
    refresh();
    showLayer(i);
}

QString ModelPanel::layerLabel(int i) const
{
    const LayerSpec &l = m_layers[std::size_t(i)];
    const bool output = i + 1 == int(m_layers.size()) && l.type == LayerType::Dense;
    QString s = QStringLiteral("%1  %2 %3").arg(i + 1).arg(layerTypeName(l.type)).arg(output ? m_horizon : l.units);
    if (l.type == LayerType::Rnn || l.type == LayerType::Dense) {
        s += QStringLiteral(" · %1").arg(QString::fromUtf8(toString(l.activation)));
    }
    if (l.type == LayerType::Lstm && !l.forgetBias) {
        s += tr(" · no forget bias");
    }
    if (output) {
        s += tr("  (output)");
    }
    return s;
}

void ModelPanel::refresh()
{
    m_filling = true;
    const int keep = m_ui->layersList->currentRow();
    m_ui->layersList->clear();
    for (int i = 0; i < int(m_layers.size()); ++i) {
        m_ui->layersList->addItem(layerLabel(i));
    }
    m_ui->layersList->setCurrentRow(std::min(keep, int(m_layers.size()) - 1));
    m_filling = false;

    const ModelSpec s = spec();
    m_error.clear();
    try {
        if (s.layers.empty() || s.layers.back().type != LayerType::Dense) {
            throw SpecError("the stack must end with a Dense output layer");
        }
        validate(s);
    } catch (const std::exception &e) {
        m_error = QString::fromStdString(e.what());
    }
    m_ui->messageLabel->setText(m_error.isEmpty() ? QString() : tr("This stack cannot be trained: %1").arg(m_error));
    m_ui->messageLabel->setVisible(!m_error.isEmpty());

    QTableWidget *t = m_ui->summaryTable;
    t->setRowCount(int(s.layers.size()));
    long long total = 0;
    const int lastRecurrent = [&] {
        int last = -1;
        for (int i = 0; i < int(s.layers.size()); ++i) {
            if (isRecurrent(s.layers[std::size_t(i)].type)) {
                last = i;
            }
        }
        return last;
    }();
    for (int i = 0; i < int(s.layers.size()); ++i) {
        const LayerSpec &l = s.layers[std::size_t(i)];
        const QString shape = isRecurrent(l.type) && i < lastRecurrent
                                  ? QStringLiteral("(None, %1, %2)").arg(m_lookback).arg(l.units)
                                  : QStringLiteral("(None, %1)").arg(l.units);
        QString params = QStringLiteral("–");
        if (m_error.isEmpty()) {
            const long long n = parameterCount(s, i);
            total += n;
            params = count(n);
        }
        auto *name = new QTableWidgetItem(QStringLiteral("%1_%2 (%3)").arg(layerTypeName(l.type).toLower()).arg(i + 1).arg(layerTypeName(l.type)));
        auto *shapeItem = new QTableWidgetItem(shape);
        auto *paramsItem = new QTableWidgetItem(params);
        paramsItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(i, 0, name);
        t->setItem(i, 1, shapeItem);
        t->setItem(i, 2, paramsItem);
    }
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->setFixedHeight(t->horizontalHeader()->sizeHint().height() + int(s.layers.size()) * t->verticalHeader()->defaultSectionSize() + 6);
    m_total = m_error.isEmpty() ? total : -1;
    m_ui->totalLabel->setText(m_error.isEmpty()
                                  ? tr("Input: (None, %1, %2) · Total params: <b>%3</b> (trainable)")
                                        .arg(m_lookback)
                                        .arg(m_inputSize)
                                        .arg(count(total))
                                  : tr("Total params: – (invalid stack)"));
    emit specChanged();
}

void ModelPanel::setLocked(bool locked)
{
    m_locked = locked;
    m_ui->addButton->setEnabled(!locked);
    m_ui->gainSpin->setEnabled(!locked);
    m_ui->seedSpin->setEnabled(!locked);
    m_ui->layersGroup->setToolTip(locked ? tr("The architecture is locked while training") : QString());
    showLayer(selectedLayer());
}

} // namespace rnnlab
