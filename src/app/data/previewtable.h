// The first rows of a file as the loader reads them with the current choices: the
// time cells (blue, with the ISO time they were read as), numbers (plain), missing
// cells (amber) and ignored text columns (grey), so a wrong delimiter, date order or
// missing-value marker shows before the whole file is loaded.
#pragma once
#include "data/series.h"

#include <QTableWidget>

namespace rnnlab {

class PreviewTable : public QTableWidget {
    Q_OBJECT
public:
    explicit PreviewTable(QWidget *parent = nullptr);

    // Reads `head` (the file's first lines) with `options` and shows its first rows;
    // returns the loader's message when the head does not read (the table then shows
    // the raw fields uncoloured).
    QString showHead(const std::string &head, const std::string &name, const LoadOptions &options);
    // Shows the first rows of a loaded series (no file: a generated one).
    void showSeries(const Series &series);

    static const QColor &timeColor();
    static const QColor &missingColor();
    static const QColor &ignoredColor();
};

// The file's first `maxBytes` bytes cut after the last whole line.
std::string readHead(const QString &path, qint64 maxBytes = 64 * 1024);

} // namespace rnnlab
