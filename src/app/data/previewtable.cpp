// The Data tab's preview of the first rows (see previewtable.h). The raw fields come
// from the core's CSV reader, their meaning from the loader run on the same lines.
#include "data/previewtable.h"

#include "data/csv_reader.h"
#include "data/time_axis.h"

#include <QFile>
#include <QHeaderView>

#include <algorithm>
#include <cmath>
#include <map>

namespace rnnlab {

namespace {
constexpr int kRows = 20;

QTableWidgetItem *cell(const QString &text, const QColor &background, const QString &tip)
{
    auto *item = new QTableWidgetItem(text);
    if (background.isValid()) {
        item->setBackground(background);
    }
    item->setToolTip(tip);
    return item;
}
} // namespace

PreviewTable::PreviewTable(QWidget *parent)
    : QTableWidget(parent)
{
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
}

const QColor &PreviewTable::timeColor()
{
    static const QColor c(0xdd, 0xea, 0xf7);
    return c;
}

const QColor &PreviewTable::missingColor()
{
    static const QColor c(0xfd, 0xe7, 0xb8);
    return c;
}

const QColor &PreviewTable::ignoredColor()
{
    static const QColor c(0xe6, 0xe6, 0xe6);
    return c;
}

std::string readHead(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray head = f.read(maxBytes);
    if (!f.atEnd()) {
        const qsizetype nl = head.lastIndexOf('\n');
        head.truncate(nl >= 0 ? nl + 1 : 0);
    }
    return head.toStdString();
}

QString PreviewTable::showHead(const std::string &head, const std::string &name, const LoadOptions &options)
{
    clear();
    // The raw records, header included, after the skipped lines.
    std::string_view body = head;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") {
        body.remove_prefix(3);
    }
    int firstLine = 1;
    for (int i = 0; i < options.skipRows && !body.empty(); ++i) {
        const std::size_t nl = body.find('\n');
        body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
        ++firstLine;
    }
    std::vector<std::vector<std::string>> records;
    std::map<int, std::size_t> recordOfLine;
    QString error;
    try {
        const char delimiter = options.delimiter != 0 ? options.delimiter : csv::detectDelimiter(body, options.maxLineLength);
        csv::RecordReader reader(body, name, delimiter, options.maxLineLength, firstLine);
        std::vector<std::string_view> fields;
        while (records.size() < 400 && reader.next(fields)) {
            recordOfLine[reader.recordLine()] = records.size();
            records.emplace_back(fields.begin(), fields.end());
        }
    } catch (const std::exception &e) {
        error = QString::fromStdString(e.what());
    }
    std::optional<Series> s;
    if (error.isEmpty()) {
        try {
            LoadOptions o = options;
            o.progress = nullptr;
            s = parseSeries(head, name, o);
        } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
        }
    }
    if (records.empty()) {
        return error;
    }
    const std::vector<std::string> &header = records.front();
    const int cols = int(header.size());
    setColumnCount(cols);
    QStringList names;
    for (const auto &h : header) {
        names << QString::fromStdString(h);
    }
    setHorizontalHeaderLabels(names);
    if (!s) {
        // Unreadable with these choices: the raw fields, so the user sees why.
        const int rows = std::min<int>(kRows, int(records.size()) - 1);
        setRowCount(std::max(0, rows));
        for (int r = 0; r < rows; ++r) {
            const auto &rec = records[std::size_t(r + 1)];
            for (int c = 0; c < cols && c < int(rec.size()); ++c) {
                setItem(r, c, new QTableWidgetItem(QString::fromStdString(rec[std::size_t(c)])));
            }
        }
        resizeColumnsToContents();
        return error;
    }
    // The field of each column: by header name (generated names col0.. are indices).
    auto fieldOf = [&](const std::string &n) {
        for (int c = 0; c < cols; ++c) {
            if (header[std::size_t(c)] == n) {
                return c;
            }
        }
        return n.rfind("col", 0) == 0 ? std::atoi(n.c_str() + 3) : -1;
    };
    std::vector<int> timeFields;
    for (std::size_t b = 0; !s->timeName.empty();) {
        const std::size_t e = s->timeName.find('+', b);
        timeFields.push_back(fieldOf(s->timeName.substr(b, e == std::string::npos ? std::string::npos : e - b)));
        if (e == std::string::npos) {
            break;
        }
        b = e + 1;
    }
    std::vector<int> valueOfField(std::size_t(cols), -1);
    for (std::size_t k = 0; k < s->columns.size(); ++k) {
        const int f = fieldOf(s->columns[k]);
        if (f >= 0 && f < cols) {
            valueOfField[std::size_t(f)] = int(k);
        }
    }
    const int rows = std::min(kRows, s->rows());
    setRowCount(rows);
    const QString format = QString::fromStdString(s->timeFormat);
    for (int r = 0; r < rows; ++r) {
        const int line = s->lines[std::size_t(r)];
        const auto it = recordOfLine.find(line);
        if (it == recordOfLine.end()) {
            continue;
        }
        const auto &rec = records[it->second];
        for (int c = 0; c < cols && c < int(rec.size()); ++c) {
            const QString raw = QString::fromStdString(rec[std::size_t(c)]);
            QTableWidgetItem *item = nullptr;
            if (std::find(timeFields.begin(), timeFields.end(), c) != timeFields.end()) {
                item = cell(raw, timeColor(),
                            tr("time: read as %1%2")
                                .arg(QString::fromStdString(timeLabel(*s, r)),
                                     format.isEmpty() ? QString() : tr(" (%1)").arg(format)));
            } else if (valueOfField[std::size_t(c)] >= 0) {
                const double v = s->values(r, valueOfField[std::size_t(c)]);
                item = std::isnan(v) ? cell(raw.isEmpty() ? tr("(empty)") : raw, missingColor(), tr("missing value"))
                                     : cell(raw, QColor(), tr("number: %1").arg(v, 0, 'g', 10));
            } else {
                item = cell(raw, ignoredColor(), tr("ignored: neither the time nor a number column"));
                item->setForeground(QColor(0x70, 0x70, 0x70));
            }
            setItem(r, c, item);
        }
        setVerticalHeaderItem(r, new QTableWidgetItem(QString::number(line)));
    }
    resizeColumnsToContents();
    setToolTip(tr("The first %1 rows as read; the row header is the line in the file. "
                  "Blue: time, amber: missing, grey: ignored.").arg(rows));
    return {};
}

void PreviewTable::showSeries(const Series &s)
{
    clear();
    const int rows = std::min(kRows, s.rows());
    const bool hasTime = !s.timeName.empty();
    const int cols = int(s.columns.size()) + (hasTime ? 1 : 0);
    setRowCount(rows);
    setColumnCount(cols);
    QStringList headers;
    if (hasTime) {
        headers << QString::fromStdString(s.timeName);
    }
    for (const auto &c : s.columns) {
        headers << QString::fromStdString(c);
    }
    setHorizontalHeaderLabels(headers);
    for (int r = 0; r < rows; ++r) {
        int c = 0;
        if (hasTime) {
            setItem(r, c++, cell(QString::fromStdString(timeCellText(s, r)), timeColor(),
                                 tr("time: %1").arg(QString::fromStdString(timeLabel(s, r)))));
        }
        for (int k = 0; k < int(s.columns.size()); ++k) {
            const double v = s.values(r, k);
            setItem(r, c++, std::isnan(v) ? cell(tr("(missing)"), missingColor(), tr("missing value"))
                                          : new QTableWidgetItem(QString::number(v, 'g', 8)));
        }
        setVerticalHeaderItem(r, new QTableWidgetItem(QString::number(s.lines.empty() ? r + 1 : s.lines[std::size_t(r)])));
    }
    resizeColumnsToContents();
    setToolTip(tr("The first %1 rows; the row header is the line in the file").arg(rows));
}

} // namespace rnnlab
