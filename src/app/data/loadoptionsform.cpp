// The reading choices of the Data tab (see loadoptionsform.h).
#include "data/loadoptionsform.h"

#include "data/date_format.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace rnnlab {

LoadOptionsForm::LoadOptionsForm(QWidget *parent)
    : QWidget(parent)
    , m_time(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_delimiter(new QComboBox(this))
    , m_decimal(new QComboBox(this))
    , m_skip(new QSpinBox(this))
    , m_na(new QLineEdit(this))
    , m_groupLabel(new QLabel(tr("Group"), this))
    , m_group(new QComboBox(this))
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_time->setObjectName(QStringLiteral("timeColumnCombo"));
    m_time->setToolTip(tr("Which column is the time axis: found from the header and values (auto), none, or a column"));
    m_format->setObjectName(QStringLiteral("dateFormatCombo"));
    m_format->setEditable(true);
    m_format->setToolTip(tr("A date format such as %d/%m/%Y (fields %Y %y %m %b %B %d %e %j %H %I %p %M %S %z %Ez %Z %T %F %D,"
                            " no widths); auto picks the layout that reads every cell"));
    m_format->addItem(tr("auto"), QString());
    for (const char *f : {"%d.%m.%Y %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M", "%Y%m%d"}) {
        m_format->addItem(QString::fromLatin1(f), QString::fromLatin1(f));
    }
    m_delimiter->setObjectName(QStringLiteral("delimiterCombo"));
    m_delimiter->addItem(tr("auto"), 0);
    m_delimiter->addItem(QStringLiteral(","), int(','));
    m_delimiter->addItem(QStringLiteral(";"), int(';'));
    m_delimiter->addItem(tr("tab"), int('\t'));
    m_delimiter->addItem(QStringLiteral("|"), int('|'));
    m_decimal->setObjectName(QStringLiteral("decimalCombo"));
    m_decimal->addItem(tr("auto"), 0);
    m_decimal->addItem(QStringLiteral("."), int('.'));
    m_decimal->addItem(QStringLiteral(","), int(','));
    m_skip->setObjectName(QStringLiteral("skipRowsSpin"));
    m_skip->setRange(0, 1000000);
    m_skip->setToolTip(tr("Lines above the header to skip (notes a logger writes first)"));
    m_na->setObjectName(QStringLiteral("naValuesEdit"));
    m_na->setPlaceholderText(tr("e.g. --, -999"));
    m_na->setToolTip(tr("Missing-value markers besides empty, NA, N/A, n/a, null, NaN, - and ?; separated by commas"));
    m_group->setObjectName(QStringLiteral("groupCombo"));

    // One choice per row, so the form fits the left panel's width (about 380 px at
    // 1280x800) without a horizontal scroll bar; long column names do not widen the combos.
    for (QComboBox *combo : {m_time, m_format, m_group}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    auto *row = new QHBoxLayout;
    row->addWidget(m_delimiter, 1);
    row->addWidget(new QLabel(tr("decimal"), this));
    row->addWidget(m_decimal, 1);
    form->addRow(tr("Time"), m_time);
    form->addRow(tr("Date format"), m_format);
    form->addRow(tr("Delimiter"), row);
    form->addRow(tr("Skip lines"), m_skip);
    form->addRow(tr("Missing"), m_na);
    form->addRow(m_groupLabel, m_group);
    setGroups({}, {});
    setColumns({});

    auto changed = [this] {
        if (!m_filling) {
            emit optionsChanged();
        }
    };
    connect(m_time, &QComboBox::currentIndexChanged, this, changed);
    connect(m_format, &QComboBox::currentTextChanged, this, changed);
    // A format outside the whitelist (data/date_format.h) is marked where it is typed;
    // the load itself then fails with the same message.
    const QString formatTip = m_format->toolTip();
    connect(m_format, &QComboBox::currentTextChanged, this, [this, formatTip](const QString &text) {
        const QString t = text.trimmed();
        const std::string problem = t.isEmpty() || t == tr("auto") ? std::string() : timeparse::dateFormatProblem(t.toStdString());
        m_format->setStyleSheet(problem.empty() ? QString() : QStringLiteral("QComboBox { border: 2px solid #c0392b; }"));
        m_format->setToolTip(problem.empty() ? formatTip : QString::fromStdString(problem));
    });
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, changed);
    connect(m_decimal, &QComboBox::currentIndexChanged, this, changed);
    connect(m_skip, &QSpinBox::valueChanged, this, changed);
    connect(m_na, &QLineEdit::textChanged, this, changed);
    connect(m_group, &QComboBox::currentIndexChanged, this, changed);
}

LoadOptions LoadOptionsForm::options() const
{
    LoadOptions o;
    o.timeColumn = m_time->currentData().toString().toStdString();
    const QString format = m_format->currentText().trimmed();
    o.dateFormat = format == tr("auto") ? std::string() : format.toStdString();
    o.delimiter = char(m_delimiter->currentData().toInt());
    o.decimal = char(m_decimal->currentData().toInt());
    o.skipRows = m_skip->value();
    for (const QString &t : m_na->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        o.naValues.push_back(t.trimmed().toStdString());
    }
    if (!m_groupColumn.isEmpty() && m_group->currentIndex() >= 0) {
        o.filterColumn = m_groupColumn.toStdString();
        o.filterValue = m_group->currentText().toStdString();
    }
    return o;
}

void LoadOptionsForm::setOptions(const LoadOptions &o)
{
    m_filling = true;
    const int t = m_time->findData(QString::fromStdString(o.timeColumn));
    m_time->setCurrentIndex(t >= 0 ? t : 0);
    m_format->setCurrentText(o.dateFormat.empty() ? tr("auto") : QString::fromStdString(o.dateFormat));
    m_delimiter->setCurrentIndex(std::max(0, m_delimiter->findData(int(o.delimiter))));
    m_decimal->setCurrentIndex(std::max(0, m_decimal->findData(int(o.decimal))));
    m_skip->setValue(o.skipRows);
    QStringList na;
    for (const auto &v : o.naValues) {
        na << QString::fromStdString(v);
    }
    m_na->setText(na.join(QStringLiteral(", ")));
    m_filling = false;
}

void LoadOptionsForm::setColumns(const QStringList &names)
{
    m_filling = true;
    const QString keep = m_time->currentData().toString();
    m_time->clear();
    m_time->addItem(tr("auto"), QStringLiteral("auto"));
    m_time->addItem(tr("none (row index)"), QStringLiteral("none"));
    for (const QString &n : names) {
        m_time->addItem(n, n);
    }
    const int i = m_time->findData(keep);
    m_time->setCurrentIndex(i >= 0 ? i : 0);
    m_filling = false;
}

void LoadOptionsForm::setGroups(const QString &column, const QStringList &groups)
{
    m_filling = true;
    const QString keep = m_group->currentText();
    m_groupColumn = column;
    m_group->clear();
    m_group->addItems(groups);
    const int i = m_group->findText(keep);
    m_group->setCurrentIndex(groups.isEmpty() ? -1 : std::max(0, i));
    m_groupLabel->setText(column.isEmpty() ? tr("Group") : tr("%1").arg(column));
    m_groupLabel->setVisible(!column.isEmpty());
    m_group->setVisible(!column.isEmpty());
    m_group->setToolTip(tr("The file holds one series per %1: pick one").arg(column));
    m_filling = false;
}

} // namespace rnnlab
