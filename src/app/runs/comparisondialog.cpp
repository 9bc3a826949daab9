// The comparison dialogs (see comparisondialog.h).
#include "runs/comparisondialog.h"

#include "runs/comparisonlists.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace rnnlab {

namespace {

constexpr LayerType kCells[3] = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru};

LayerType firstCell(const ModelSpec &spec)
{
    for (const LayerSpec &l : spec.layers) {
        if (isRecurrent(l.type)) {
            return l.type;
        }
    }
    return LayerType::Lstm;
}

// What every run shares, so the user sees what "the same settings" means.
QString baseSummary(const RunSettings &base, ComparisonKind kind)
{
    const TrainConfig &t = base.train;
    QStringList parts;
    if (kind != ComparisonKind::Cells) {
        parts << QStringLiteral("model %1").arg(QString::fromStdString(formatModelSpec(base.spec)));
    } else {
        parts << QStringLiteral("layers %1 with each cell")
                     .arg(QString::fromStdString(formatModelSpec(base.spec)));
    }
    parts << QStringLiteral("%1 epochs").arg(t.epochs) << QStringLiteral("seed %1").arg(t.seed)
          << QStringLiteral("lookback %1").arg(base.windows.lookback)
          << QStringLiteral("learning rate %1").arg(t.optimizer.lr);
    if (kind != ComparisonKind::GainSweep) {
        parts << QStringLiteral("recurrent gain %1").arg(t.init.recurrentGain);
    }
    if (kind != ComparisonKind::ClipAB) {
        parts << (t.clip.kind == ClipKind::None ? QStringLiteral("no clipping")
                                                : QStringLiteral("clipping %1 at %2")
                                                      .arg(QString::fromLatin1(toString(t.clip.kind)))
                                                      .arg(t.clip.threshold));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

QString comparisonTitle(ComparisonKind kind)
{
    switch (kind) {
    case ComparisonKind::Cells:
        return QObject::tr("Compare cells");
    case ComparisonKind::ClipAB:
        return QObject::tr("Clipping A/B");
    case ComparisonKind::GainSweep:
        return QObject::tr("Gain sweep");
    }
    return {};
}

ComparisonDialog::ComparisonDialog(ComparisonKind kind, const RunSettings &base, int workers, double suggestedClip,
                                   QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_base(base)
{
    setWindowTitle(comparisonTitle(kind));
    setMinimumWidth(460);
    auto *layout = new QVBoxLayout(this);
    QString what;
    switch (kind) {
    case ComparisonKind::Cells:
        what = tr("Trains the same layer sizes once per cell type on the same data, windows, seed and settings.");
        break;
    case ComparisonKind::ClipAB:
        what = tr("Trains the same model and seed twice: without clipping, then clipping the global gradient norm.");
        break;
    case ComparisonKind::GainSweep:
        what = tr("Trains one cell type once per recurrent gain of W_hh: below 1 the gradient through time vanishes, "
                  "above 1 it can explode.");
        break;
    }
    auto *intro = new QLabel(what, this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *summary = new QLabel(baseSummary(base, kind), this);
    summary->setWordWrap(true);
    summary->setTextFormat(Qt::PlainText);
    summary->setContentsMargins(0, 4, 0, 4);
    layout->addWidget(summary);

    auto *form = new QFormLayout;
    layout->addLayout(form);
    if (kind == ComparisonKind::Cells) {
        auto *row = new QHBoxLayout;
        for (int i = 0; i < 3; ++i) {
            m_cells[i] = new QCheckBox(QString::fromLatin1(toString(kCells[i])).toUpper(), this);
            m_cells[i]->setChecked(true);
            row->addWidget(m_cells[i]);
        }
        row->addStretch();
        form->addRow(tr("Cells:"), row);
    } else if (kind == ComparisonKind::ClipAB) {
        m_autoClip = new QCheckBox(tr("A quarter of the median global norm of the unclipped run"), this);
        // The rule, in the dialog: at the median itself Adam hides the clipping (the loss
        // curves coincide); at a quarter most batches are clipped and the runs part.
        m_autoClip->setToolTip(tr("The clipped run trains after the unclipped one, at a quarter of the median over its "
                                  "epochs of the global gradient norm before clipping: most batches are clipped, so the "
                                  "two loss curves and norms visibly differ."));
        m_autoClip->setChecked(true);
        m_clip = new QDoubleSpinBox(this);
        m_clip->setDecimals(4);
        m_clip->setRange(0.0001, 1e6);
        m_clip->setValue(std::isfinite(suggestedClip) && suggestedClip > 0 ? suggestedClip : 1.0);
        m_clip->setEnabled(false);
        m_clip->setToolTip(std::isfinite(suggestedClip)
                               ? tr("Prefilled with a quarter of the median global norm of the window's last run.")
                               : tr("A fixed threshold for the global gradient norm."));
        connect(m_autoClip, &QCheckBox::toggled, m_clip, [this](bool on) { m_clip->setEnabled(!on); });
        form->addRow(tr("Threshold:"), m_autoClip);
        form->addRow(tr("Fixed threshold:"), m_clip);
    } else {
        m_cell = new QComboBox(this);
        for (LayerType c : kCells) {
            m_cell->addItem(QString::fromLatin1(toString(c)).toUpper(), int(c));
        }
        m_cell->setCurrentIndex(m_cell->findData(int(firstCell(base.spec))));
        m_gains = new QLineEdit(QStringLiteral("0.5, 1, 1.5"), this);
        m_gains->setToolTip(tr("Comma-separated recurrent gains (each > 0): W_hh is scaled by the gain after its "
                               "orthogonal initialisation."));
        form->addRow(tr("Cell:"), m_cell);
        form->addRow(tr("Gains:"), m_gains);
    }
    auto *threads = new QLabel(workers > 1 ? tr("Each run trains on one thread; %1 runs at once on this machine.").arg(workers)
                                           : tr("Each run trains on one thread, one after another."),
                               this);
    threads->setWordWrap(true);
    layout->addWidget(threads);
    m_error = new QLabel(this);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Train"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ComparisonDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ComparisonDialog::reject);
    layout->addWidget(buttons);
}

QCheckBox *ComparisonDialog::cellBox(LayerType cell) const
{
    for (int i = 0; i < 3; ++i) {
        if (kCells[i] == cell) {
            return m_cells[i];
        }
    }
    return nullptr;
}

QString ComparisonDialog::validationError() const
{
    if (m_kind == ComparisonKind::Cells) {
        int n = 0;
        for (QCheckBox *b : m_cells) {
            n += b->isChecked() ? 1 : 0;
        }
        return n >= 2 ? QString() : tr("Pick at least two cells to compare.");
    }
    if (m_kind == ComparisonKind::GainSweep) {
        QString error;
        if (!parseGainList(m_gains->text(), &error)) {
            return tr("Gains: %1.").arg(error);
        }
    }
    return {};
}

ComparisonAxes ComparisonDialog::axes() const
{
    ComparisonAxes a;
    switch (m_kind) {
    case ComparisonKind::Cells:
        for (int i = 0; i < 3; ++i) {
            if (m_cells[i]->isChecked()) {
                a.cells.push_back(kCells[i]);
            }
        }
        break;
    case ComparisonKind::ClipAB:
        a.clipNorms = {0.0};
        if (m_autoClip->isChecked()) {
            a.clipAuto = true;
        } else {
            a.clipNorms.push_back(m_clip->value());
        }
        break;
    case ComparisonKind::GainSweep: {
        QString error;
        a.cells = {LayerType(m_cell->currentData().toInt())};
        a.gains = parseGainList(m_gains->text(), &error).value_or(std::vector<double>{});
        break;
    }
    }
    return a;
}

void ComparisonDialog::accept()
{
    const QString error = validationError();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    if (error.isEmpty()) {
        QDialog::accept();
    }
}

} // namespace rnnlab
