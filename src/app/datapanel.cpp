// The Data tab (see datapanel.h).
#include "datapanel.h"

#include "data/time_axis.h"
#include "data/time_parse.h"
#include "data/loadoptionsform.h"
#include "data/previewtable.h"
#include "data/seriesloadjob.h"
#include "data/windowsrunner.h"
#include "data/time_spacing.h"
#include "plots/decimator.h"
#include "plots/seriescurve.h"
#include "plots/hoverreadout.h"
#include "plots/plotexport.h"
#include "plots/plotstyle.h"
#include "ui_datapanel.h"

#include <qcustomplot.h>

#include <QAbstractSpinBox>
#include <QEventLoop>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
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
    m_windowsRunner = new WindowsRunner(this);
    connect(m_windowsRunner, &WindowsRunner::ready, this, [this](const WindowsResult &result) {
        applyWindows(result);
        emit configChanged();
    });
    for (auto p : {MissingPolicy::Reject, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop}) {
        m_ui->missingCombo->addItem(QString::fromUtf8(toString(p)), int(p));
    }
    for (auto t : {Transform::None, Transform::Log, Transform::Difference, Transform::LogDifference,
                   Transform::SeasonalDifference, Transform::LogSeasonalDifference}) {
        m_ui->transformCombo->addItem(QString::fromUtf8(toString(t)), int(t));
    }
    for (auto n : {WindowNorm::None, WindowNorm::Last}) {
        m_ui->windowNormCombo->addItem(QString::fromUtf8(toString(n)), int(n));
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
    connect(m_ui->periodSpin, &QSpinBox::valueChanged, this, changed);
    connect(m_ui->windowNormCombo, &QComboBox::currentIndexChanged, this, changed);
    for (QSpinBox *s : {m_ui->lookbackSpin, m_ui->horizonSpin, m_ui->strideSpin}) {
        connect(s, &QSpinBox::valueChanged, this, changed);
    }
    // "1 step", "12 steps": the suffix follows the value.
    const std::pair<QSpinBox *, std::pair<QString, QString>> units[] = {
        {m_ui->lookbackSpin, {tr(" step"), tr(" steps")}},
        {m_ui->horizonSpin, {tr(" step"), tr(" steps")}},
        {m_ui->strideSpin, {tr(" row"), tr(" rows")}}};
    for (const auto &[spin, names] : units) {
        // spin = spin: clang 14 (the TSan build) cannot capture a structured binding itself.
        auto setSuffix = [spin = spin, one = names.first, many = names.second](int v) { spin->setSuffix(v == 1 ? one : many); };
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

    // Reading choices, the background load's progress and Cancel, under the file row.
    m_loadForm = new LoadOptionsForm(this);
    m_job = new SeriesLoadJob(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelLoadButton"));
    m_reload = new QPushButton(tr("Reload"), this);
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    m_reload->setToolTip(tr("Read the file again with these choices"));
    m_reload->setEnabled(false);
    m_previewNote = new QLabel(this);
    m_previewNote->setWordWrap(true);
    m_previewNote->setStyleSheet(QStringLiteral("color: #8a1c1c;"));
    m_previewNote->hide();
    auto *loadRow = new QHBoxLayout;
    loadRow->addWidget(m_progress, 1);
    loadRow->addWidget(m_cancel);
    loadRow->addWidget(m_reload);
    const int at = m_ui->sourceLayout->indexOf(m_ui->errorLabel) + 1;
    m_ui->sourceLayout->insertWidget(at, m_loadForm);
    m_ui->sourceLayout->insertLayout(at + 1, loadRow);
    m_ui->sourceLayout->insertWidget(at + 2, m_previewNote);
    setLoadingUi(false);
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);
    connect(m_previewTimer, &QTimer::timeout, this, &DataPanel::updatePreview);
    connect(m_loadForm, &LoadOptionsForm::optionsChanged, m_previewTimer, qOverload<>(&QTimer::start));
    connect(m_loadForm->groupCombo(), &QComboBox::activated, this, [this] {
        if (!m_headPath.isEmpty()) {
            loadFile(m_headPath, m_loadForm->options());
        }
    });
    connect(m_reload, &QPushButton::clicked, this, [this] {
        if (!m_headPath.isEmpty()) {
            loadFile(m_headPath, m_loadForm->options());
        }
    });
    connect(m_cancel, &QPushButton::clicked, this, &DataPanel::cancelLoading);
    connect(m_job, &SeriesLoadJob::progressed, m_progress, &QProgressBar::setValue);
}

bool DataPanel::isLoading() const
{
    return m_job->running();
}

void DataPanel::cancelLoading()
{
    m_job->cancel();
}

void DataPanel::setLoadingUi(bool loading)
{
    m_progress->setVisible(loading);
    m_cancel->setVisible(loading);
    m_progress->setValue(0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->openButton, m_ui->samplesButton, m_loadForm, m_reload}) {
        w->setEnabled(!loading);
    }
    if (!loading) {
        m_reload->setEnabled(!m_headPath.isEmpty());
    }
}

void DataPanel::updatePreview()
{
    if (m_head.empty()) {
        return;
    }
    const QString problem = m_ui->previewTable->showHead(m_head, QFileInfo(m_headPath).fileName().toStdString(),
                                                          m_loadForm->options());
    m_previewNote->setText(problem.isEmpty() ? QString() : tr("With these choices: %1").arg(problem));
    m_previewNote->setVisible(!problem.isEmpty());
}

DataPanel::~DataPanel() = default;

bool DataPanel::hasPendingEdits() const
{
    return m_debounce->isActive();
}

void DataPanel::flushEdits()
{
    if (m_debounce->isActive()) {
        m_debounce->stop();
        updateWindows();
        emit configChanged();
    }
}

void DataPanel::applyPendingEdits()
{
    flushEdits();
    // Start right after an edit of a long series waits for its windows (the job's time).
    if (m_windowsRunner->isBusy()) {
        if (const auto result = m_windowsRunner->waitForNewest()) {
            applyWindows(*result);
            emit configChanged();
        }
    }
}

int DataPanel::seasonalPeriod() const
{
    return m_ui->periodSpin->value() > 0 ? m_ui->periodSpin->value() : m_detectedPeriod;
}

bool DataPanel::windowsPending() const
{
    return m_windowsRunner->isBusy();
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
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (absolute != m_headPath) {
        // Another file: the default choices, and no group picker from the last one.
        m_loadForm->setOptions(LoadOptions{});
        m_loadForm->setGroups({}, {});
    }
    return loadFile(path, m_loadForm->options());
}

bool DataPanel::loadFile(const QString &path, const LoadOptions &options)
{
    if (m_job->running()) {
        showError(tr("Still loading a file: wait for it or press Cancel."));
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    // The preview reads the head with the same choices; the columns fill the time picker.
    m_head = readHead(path);
    m_headPath = absolute;
    m_ui->previewTable->showHead(m_head, QFileInfo(path).fileName().toStdString(), options);
    QStringList columns;
    for (int c = 0; c < m_ui->previewTable->columnCount(); ++c) {
        if (QTableWidgetItem *h = m_ui->previewTable->horizontalHeaderItem(c)) {
            columns << h->text();
        }
    }
    m_loadForm->setColumns(columns);

    bool ok = false;
    QString message;
    QString groupColumn;
    QStringList groups;
    {
        // The load runs on the job's thread; this loop keeps the window painting and
        // the Cancel button working until it ends.
        QEventLoop loop;
        auto c = connect(m_job, &SeriesLoadJob::finished, &loop,
                         [&](bool done, const QString &m, const QString &gc, const QStringList &g) {
                             ok = done;
                             message = m;
                             groupColumn = gc;
                             groups = g;
                             loop.quit();
                         });
        setLoadingUi(true);
        m_job->start(path, options);
        loop.exec();
        disconnect(c);
        setLoadingUi(false);
    }
    const QString keep = m_series ? tr("\nThe previous series (%1) stays loaded.").arg(m_label) : QString();
    if (!ok && message.isEmpty()) {
        showError(tr("Loading %1 was cancelled.%2").arg(QFileInfo(path).fileName(), keep));
        return false;
    }
    if (!ok && !groupColumn.isEmpty() && options.filterColumn.empty()) {
        // Long format: offer the groups and show the first one.
        m_loadForm->setGroups(groupColumn, groups);
        const bool loaded = loadFile(path, m_loadForm->options());
        if (loaded) {
            m_ui->infoLabel->setText(tr("One series per %1 (%2 groups): showing %3; pick another under %1. · %4")
                                         .arg(groupColumn)
                                         .arg(groups.size())
                                         .arg(groups.front(), m_ui->infoLabel->text()));
        }
        return loaded;
    }
    if (!ok) {
        showError(tr("Could not load %1:\n%2%3").arg(QFileInfo(path).fileName(), message, keep));
        return false;
    }
    Series s = m_job->takeSeries();
    m_loadedOptions = options;
    m_loadedOptions.progress = nullptr;
    setSeries(std::move(s), QFileInfo(path).fileName());
    m_path = absolute;
    m_headPath = absolute;
    m_reload->setEnabled(true);
    return true;
}

void DataPanel::setSeries(Series series, const QString &label)
{
    showError({});
    m_series = std::make_shared<const Series>(std::move(series));
    const Series &loaded = *m_series;
    m_label = label;
    m_path.clear();
    if (QFileInfo(QString::fromStdString(loaded.source)).absoluteFilePath() != m_headPath) {
        m_head.clear(); // a generated series: nothing to re-read
        m_headPath.clear();
    }
    m_ui->fileLabel->setText(label);
    m_ui->fileLabel->setToolTip(QString::fromStdString(loaded.source));
    QStringList info;
    // No translation is loaded, so %n alone would say "1 value columns".
    auto count = [](long long n, const QString &one, const QString &many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    info << count(loaded.rows(), tr("row"), tr("rows"))
         << count(qsizetype(loaded.columns.size()), tr("value column"), tr("value columns"));
    const std::string spacing = describeSpacing(loaded);
    if (!spacing.empty() && spacing != "by row") {
        info << QString::fromStdString(spacing);
    }
    if (!loaded.timeFormat.empty()) {
        info << tr("time read as %1%2").arg(QString::fromStdString(loaded.timeFormat), loaded.utc ? tr(" (UTC)") : QString());
    }
    if (!loaded.missing.empty()) {
        info << count(qsizetype(loaded.missing.size()), tr("missing cell"), tr("missing cells"));
    }
    for (const auto &w : loaded.warnings) {
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
    if (!m_head.empty()) {
        updatePreview();
    } else {
        m_ui->previewTable->showSeries(*m_series);
        m_previewNote->hide();
    }
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
    c.seasonalPeriod = m_ui->periodSpin->value(); // 0: detected
    c.windowNorm = WindowNorm(m_ui->windowNormCombo->currentData().toInt());
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
    m_ui->periodSpin->setValue(c.seasonalPeriod);
    m_ui->windowNormCombo->setCurrentIndex(m_ui->windowNormCombo->findData(int(c.windowNorm)));
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
    WindowsRequest request{m_series, config()};
    if (m_series->rows() > kImmediateRows) {
        // A long series: the policy and windows take a large part of a second, so they
        // are made on the pool; applyWindows() and configChanged() follow.
        m_windowsRunner->request(std::move(request));
        m_ui->windowsLabel->setStyleSheet(QStringLiteral("color: #666;"));
        m_ui->windowsLabel->setText(tr("computing windows…"));
        return;
    }
    m_windowsRunner->cancel();
    applyWindows(prepareWindows(request, 0));
}

void DataPanel::applyWindows(const WindowsResult &result)
{
    m_windows = result.windows;
    m_prepared = result.prepared == m_series ? nullptr : result.prepared;
    m_windowsError = result.error;
    m_detectedPeriod = result.detectedPeriod;
    m_ui->periodSpin->setSpecialValueText(m_windows ? (m_detectedPeriod >= 2 ? tr("auto (%1)").arg(m_detectedPeriod)
                                                                              : tr("auto (none)"))
                                                    : tr("auto"));
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
    m_readout->setKeyFormatter([this](double t) { return timeReadout(m_prepared ? *m_prepared : *m_series, t); });
    setCsvKeyFormatter(plot, [this](double t) {
        return m_series ? QString::fromStdString(formatTime(m_prepared ? *m_prepared : *m_series, t)) : QString();
    });
    QCPGraph *g = plot->addGraph();
    g->setName(QString::fromStdString(s.columns[std::size_t(target)]));
    styleGraphFor(g, std::size_t(s.rows()), QPen(colors::series, 1.2));
    // The graph holds the pixel columns of the visible range; zoom and pan refill it.
    // The curve reads the series' own time and value column: no copy.
    showSeriesColumn(*new DecimatedGraph(g), m_prepared ? m_prepared : m_series, target);
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
                                                       m_ui->windowsGroup, m_loadForm, m_reload}) {
        w->setEnabled(!locked);
    }
}

} // namespace rnnlab
