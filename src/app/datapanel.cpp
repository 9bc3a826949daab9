// The Data tab (see datapanel.h).
#include "datapanel.h"

#include "plots/hoverreadout.h"
#include "plots/plotstyle.h"
#include "ui_datapanel.h"

#include <qcustomplot.h>

#include <QAbstractSpinBox>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {
constexpr int kPreviewRows = 20;
constexpr int kImmediateRows = 20000; // up to here an edit recomputes at once (a few ms)
constexpr int kDebounceMs = 300;
}

DataPanel::DataPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::DataPanel>())
{
    m_ui->setupUi(this);
    for (auto p : {MissingPolicy::Reject, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop}) {
        m_ui->missingCombo->addItem(QString::fromUtf8(toString(p)), int(p));
    }
    for (auto t : {Transform::None, Transform::Log, Transform::Difference, Transform::LogDifference}) {
        m_ui->transformCombo->addItem(QString::fromUtf8(toString(t)), int(t));
    }
    for (auto n : {Normalization::ZScore, Normalization::MinMax, Normalization::None}) {
        m_ui->normalizationCombo->addItem(QString::fromUtf8(toString(n)), int(n));
    }
    // The inputs flow left to right and wrap: four stock indices take one line, not four.
    m_ui->inputsList->setFlow(QListView::LeftToRight);
    m_ui->inputsList->setWrapping(true);
    m_ui->inputsList->setResizeMode(QListView::Adjust);
    m_ui->inputsList->setSpacing(1);
    m_ui->fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->fileLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    QCustomPlot *plot = m_ui->rawPlot;
    stylePlot(plot);
    plot->yAxis->setLabel(tr("value"));
    plot->xAxis->setLabel(tr("time"));
    m_readout = new HoverReadout(plot, this);

    connect(m_ui->openButton, &QPushButton::clicked, this, &DataPanel::openRequested);
    // Spin boxes report a typed number when editing finishes (Enter, focus out), not
    // per keystroke: "100" is one change, not three.
    for (QAbstractSpinBox *spin : findChildren<QAbstractSpinBox *>()) {
        spin->setKeyboardTracking(false);
    }
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        updateWindows();
        emit configChanged();
    });
    auto changed = [this] {
        if (m_filling) {
            return;
        }
        // Windows and baselines of a large series take a while: arrow clicks and
        // auto-repeat coalesce into one update after a short pause.
        if (m_series && m_series->rows() > kImmediateRows) {
            m_debounce->start();
            return;
        }
        updateWindows();
        emit configChanged();
    };
    connect(m_ui->targetCombo, &QComboBox::currentIndexChanged, this, [this, changed] {
        if (m_filling) {
            return;
        }
        // The default "the target is the only input" follows the target; a chosen set of
        // inputs stays as the user made it.
        const QString target = m_ui->targetCombo->currentText();
        if (checkedInputs() == QStringList{m_target}) {
            setCheckedInputs({target});
        }
        m_target = target;
        changed();
    });
    connect(m_ui->inputsList, &QListWidget::itemChanged, this, [this, changed] {
        if (m_filling) {
            return;
        }
        // No input at all means "the target" to the engine: show it checked, so the list
        // always says what the model reads.
        if (checkedInputs().isEmpty()) {
            setCheckedInputs({m_ui->targetCombo->currentText()});
        }
        changed();
    });
    connect(m_ui->missingCombo, &QComboBox::currentIndexChanged, this, changed);
    connect(m_ui->normalizationCombo, &QComboBox::currentIndexChanged, this, changed);
    connect(m_ui->transformCombo, &QComboBox::currentIndexChanged, this, changed);
    for (QSpinBox *s : {m_ui->lookbackSpin, m_ui->horizonSpin, m_ui->strideSpin}) {
        connect(s, &QSpinBox::valueChanged, this, changed);
    }
    // "1 step", "12 steps": the suffix follows the value.
    const std::pair<QSpinBox *, std::pair<QString, QString>> units[] = {
        {m_ui->lookbackSpin, {tr(" step"), tr(" steps")}},
        {m_ui->horizonSpin, {tr(" step"), tr(" steps")}},
        {m_ui->strideSpin, {tr(" row"), tr(" rows")}}};
    for (const auto &[spin, names] : units) {
        auto setSuffix = [spin, one = names.first, many = names.second](int v) { spin->setSuffix(v == 1 ? one : many); };
        connect(spin, &QSpinBox::valueChanged, this, setSuffix);
        setSuffix(spin->value());
    }
    // The three fractions must sum to 1: editing train or validation moves test.
    auto fractions = [this, changed] {
        if (m_filling) {
            return;
        }
        m_filling = true;
        const double test = 1.0 - m_ui->trainSpin->value() - m_ui->valSpin->value();
        m_ui->testSpin->setValue(std::max(0.0, std::round(test * 100.0) / 100.0));
        m_filling = false;
        changed();
    };
    connect(m_ui->trainSpin, &QDoubleSpinBox::valueChanged, this, fractions);
    connect(m_ui->valSpin, &QDoubleSpinBox::valueChanged, this, fractions);
    connect(m_ui->testSpin, &QDoubleSpinBox::valueChanged, this, changed);
    m_ui->windowsLabel->setText(tr("No series loaded."));
}

DataPanel::~DataPanel() = default;

bool DataPanel::hasPendingEdits() const
{
    return m_debounce->isActive();
}

void DataPanel::applyPendingEdits()
{
    if (m_debounce->isActive()) {
        m_debounce->stop();
        updateWindows();
        emit configChanged();
    }
}

QToolButton *DataPanel::samplesButton() const
{
    return m_ui->samplesButton;
}

QCustomPlot *DataPanel::rawPlot() const
{
    return m_ui->rawPlot;
}

QString DataPanel::errorText() const
{
    return m_ui->errorLabel->isVisible() || !m_ui->errorLabel->isHidden() ? m_ui->errorLabel->text() : QString();
}

void DataPanel::showError(const QString &message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
}

bool DataPanel::loadFile(const QString &path)
{
    Series s;
    try {
        s = loadSeries(path.toStdString());
    } catch (const std::exception &e) {
        showError(tr("Could not load %1:\n%2%3")
                      .arg(QFileInfo(path).fileName(), QString::fromStdString(e.what()),
                           m_series ? tr("\nThe previous series (%1) stays loaded.").arg(m_label) : QString()));
        return false;
    }
    if (s.columns.empty() || s.rows() == 0) {
        showError(tr("Could not load %1: no numeric column.").arg(path));
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    setSeries(s, QFileInfo(path).fileName());
    m_path = QFileInfo(path).absoluteFilePath();
    return true;
}

void DataPanel::setSeries(const Series &series, const QString &label)
{
    showError({});
    m_series = series;
    m_label = label;
    m_path.clear();
    m_ui->fileLabel->setText(label);
    m_ui->fileLabel->setToolTip(QString::fromStdString(series.source));
    QStringList info;
    // No translation is loaded, so %n alone would say "1 value columns".
    auto count = [](long long n, const QString &one, const QString &many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    info << count(series.rows(), tr("row"), tr("rows"))
         << count(qsizetype(series.columns.size()), tr("value column"), tr("value columns"));
    if (!series.missing.empty()) {
        info << count(qsizetype(series.missing.size()), tr("missing cell"), tr("missing cells"));
    }
    for (const auto &w : series.warnings) {
        info << QString::fromStdString(w);
    }
    m_ui->infoLabel->setText(info.join(QStringLiteral(" · ")));
    fillPickers();
    fillPreview();
    updateWindows();
    emit seriesChanged();
    emit configChanged();
}

void DataPanel::fillPickers()
{
    m_filling = true;
    const QString oldTarget = m_ui->targetCombo->currentText();
    m_ui->targetCombo->clear();
    m_ui->inputsList->clear();
    for (const auto &c : m_series->columns) {
        const QString name = QString::fromStdString(c);
        m_ui->targetCombo->addItem(name);
        auto *item = new QListWidgetItem(name, m_ui->inputsList);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    const int keep = m_ui->targetCombo->findText(oldTarget);
    m_ui->targetCombo->setCurrentIndex(keep >= 0 ? keep : 0);
    // The default: the target is the only input.
    m_target = m_ui->targetCombo->currentText();
    setCheckedInputs({m_target});
    fitInputsHeight();
    m_filling = false;
}

void DataPanel::fitInputsHeight()
{
    // As many lines as the names need at the list's width (at most three, then it
    // scrolls); the width is only known once the panel is laid out, hence resizeEvent.
    QListWidget *list = m_ui->inputsList;
    const QFontMetrics fm = list->fontMetrics();
    const int width = std::max(120, list->width() - 2 * list->frameWidth());
    int lines = 1;
    int x = 0;
    for (int i = 0; i < list->count(); ++i) {
        const int w = fm.horizontalAdvance(list->item(i)->text()) + 34; // check box, margins, spacing
        if (x > 0 && x + w > width) {
            ++lines;
            x = 0;
        }
        x += w;
    }
    const int lineHeight = std::max(fm.height(), 16) + 6;
    list->setFixedHeight(std::min(3, lines) * lineHeight + 2 * list->frameWidth() + 2);
}

void DataPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitInputsHeight();
}

void DataPanel::fillPreview()
{
    const Series &s = *m_series;
    QTableWidget *t = m_ui->previewTable;
    const int rows = std::min(kPreviewRows, s.rows());
    const bool hasTime = !s.timeName.empty();
    const int cols = int(s.columns.size()) + (hasTime ? 1 : 0);
    t->clear();
    t->setRowCount(rows);
    t->setColumnCount(cols);
    QStringList headers;
    if (hasTime) {
        headers << QString::fromStdString(s.timeName);
    }
    for (const auto &c : s.columns) {
        headers << QString::fromStdString(c);
    }
    t->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < rows; ++r) {
        int c = 0;
        if (hasTime) {
            t->setItem(r, c++, new QTableWidgetItem(QString::fromStdString(s.timeText[std::size_t(r)])));
        }
        for (int k = 0; k < int(s.columns.size()); ++k) {
            const double v = s.values(r, k);
            t->setItem(r, c++, new QTableWidgetItem(std::isnan(v) ? tr("(missing)") : QString::number(v, 'g', 8)));
        }
        t->setVerticalHeaderItem(r, new QTableWidgetItem(QString::number(s.lines.empty() ? r + 1 : s.lines[std::size_t(r)])));
    }
    t->resizeColumnsToContents();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 4);
    t->setToolTip(tr("The first %1 rows; the row header is the line in the file").arg(rows));
}

QStringList DataPanel::checkedInputs() const
{
    QStringList names;
    for (int i = 0; i < m_ui->inputsList->count(); ++i) {
        if (m_ui->inputsList->item(i)->checkState() == Qt::Checked) {
            names << m_ui->inputsList->item(i)->text();
        }
    }
    return names;
}

void DataPanel::setCheckedInputs(const QStringList &names)
{
    const bool wasFilling = m_filling;
    m_filling = true;
    for (int i = 0; i < m_ui->inputsList->count(); ++i) {
        QListWidgetItem *item = m_ui->inputsList->item(i);
        item->setCheckState(names.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = wasFilling;
}

DataConfig DataPanel::config() const
{
    DataConfig c;
    c.target = m_ui->targetCombo->currentText().toStdString();
    for (int i = 0; i < m_ui->inputsList->count(); ++i) {
        if (m_ui->inputsList->item(i)->checkState() == Qt::Checked) {
            c.inputs.push_back(m_ui->inputsList->item(i)->text().toStdString());
        }
    }
    c.missing = MissingPolicy(m_ui->missingCombo->currentData().toInt());
    c.normalization = Normalization(m_ui->normalizationCombo->currentData().toInt());
    c.transform = Transform(m_ui->transformCombo->currentData().toInt());
    c.lookback = m_ui->lookbackSpin->value();
    c.horizon = m_ui->horizonSpin->value();
    c.stride = m_ui->strideSpin->value();
    c.trainFraction = m_ui->trainSpin->value();
    c.valFraction = m_ui->valSpin->value();
    c.testFraction = m_ui->testSpin->value();
    return c;
}

void DataPanel::setConfig(const DataConfig &c)
{
    m_filling = true;
    const int t = m_ui->targetCombo->findText(QString::fromStdString(c.target));
    if (t >= 0) {
        m_ui->targetCombo->setCurrentIndex(t);
    }
    m_target = m_ui->targetCombo->currentText();
    QStringList inputs;
    for (const auto &name : c.inputs) {
        inputs << QString::fromStdString(name);
    }
    // Empty inputs mean "just the target" (DataConfig), and the list shows that.
    setCheckedInputs(inputs.isEmpty() ? QStringList{m_target} : inputs);
    m_ui->missingCombo->setCurrentIndex(m_ui->missingCombo->findData(int(c.missing)));
    m_ui->normalizationCombo->setCurrentIndex(m_ui->normalizationCombo->findData(int(c.normalization)));
    m_ui->transformCombo->setCurrentIndex(m_ui->transformCombo->findData(int(c.transform)));
    m_ui->lookbackSpin->setValue(c.lookback);
    m_ui->horizonSpin->setValue(c.horizon);
    m_ui->strideSpin->setValue(c.stride);
    m_ui->trainSpin->setValue(c.trainFraction);
    m_ui->valSpin->setValue(c.valFraction);
    m_ui->testSpin->setValue(c.testFraction);
    m_filling = false;
    updateWindows();
    emit configChanged();
}

void DataPanel::updateWindows()
{
    m_prepared.reset();
    m_windows.reset();
    m_windowsError.clear();
    if (!m_series) {
        return;
    }
    const DataConfig c = config();
    try {
        Series s = *m_series;
        std::vector<int> used{s.columnIndex(c.target)};
        for (const auto &name : c.inputs) {
            used.push_back(s.columnIndex(name));
        }
        used.erase(std::remove(used.begin(), used.end(), -1), used.end());
        applyMissingPolicy(s, c.missing, used);
        Windows w = makeWindows(s, c);
        m_prepared = std::move(s);
        m_windows = std::move(w);
    } catch (const std::exception &e) {
        m_windowsError = QString::fromStdString(e.what());
    }
    if (m_windows) {
        const Windows &w = *m_windows;
        m_ui->windowsLabel->setStyleSheet(QString());
        m_ui->windowsLabel->setText(tr("%1 windows of %2 × %3: train %4, val %5, test %6")
                                        .arg(w.train.size() + w.val.size() + w.test.size())
                                        .arg(w.lookback)
                                        .arg(w.features())
                                        .arg(w.train.size())
                                        .arg(w.val.size())
                                        .arg(w.test.size()));
    } else {
        m_ui->windowsLabel->setStyleSheet(QStringLiteral("color: #8a1c1c;"));
        m_ui->windowsLabel->setText(m_windowsError);
    }
    replotRaw();
}

void DataPanel::replotRaw()
{
    QCustomPlot *plot = m_ui->rawPlot;
    plot->clearGraphs();
    plot->clearItems();
    if (!m_series) {
        plot->replot();
        return;
    }
    const Series &s = m_prepared ? *m_prepared : *m_series;
    const DataConfig c = config();
    int target = s.columnIndex(c.target);
    if (target < 0) {
        target = 0;
    }
    setupTimeAxis(plot->xAxis, s);
    m_readout->setKeyFormatter([this](double t) { return formatTime(m_prepared ? *m_prepared : *m_series, t); });
    QVector<double> x(s.rows());
    QVector<double> y(s.rows());
    for (int r = 0; r < s.rows(); ++r) {
        x[r] = timeAt(s, r);
        y[r] = s.values(r, target);
    }
    QCPGraph *g = plot->addGraph();
    g->setName(QString::fromStdString(s.columns[std::size_t(target)]));
    setGraphData(g, x, y, QPen(colors::series, 1.2));
    plot->yAxis->setLabel(tr("%1 (file units)").arg(g->name()));
    if (m_windows && s.rows() > 1) {
        const Windows &w = *m_windows;
        auto at = [&](int r) { return timeAt(s, std::clamp(r, 0, s.rows() - 1)); };
        const double half = 0.5 * (at(1) - at(0));
        addSpan(plot, at(0) - half, at(w.trainEnd) - half, colors::train, tr("train"));
        if (w.valEnd > w.trainEnd) {
            addSpan(plot, at(w.trainEnd) - half, at(w.valEnd) - half, colors::val, tr("validation"));
        }
        if (w.rows > w.valEnd) {
            addSpan(plot, at(w.valEnd) - half, at(w.rows - 1) + half, colors::test, tr("test"));
        }
    }
    plot->rescaleAxes();
    plot->yAxis->scaleRange(1.08, plot->yAxis->range().center());
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void DataPanel::setLocked(bool locked)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->openButton, m_ui->samplesButton, m_ui->columnsGroup,
                                                       m_ui->windowsGroup}) {
        w->setEnabled(!locked);
    }
}

} // namespace rnnlab
