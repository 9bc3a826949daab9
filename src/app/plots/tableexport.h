// Getting a table out of the window: CSV (numbers at full precision, from each item's
// Qt::UserRole when it holds one; the text otherwise) to a file or, tab-separated, to
// the clipboard. The metrics table uses it; any QTableWidget can.
#pragma once
#include <QString>

class QTableWidget;
class QWidget;

namespace rnnlab {

// separator ',' quotes fields as CSV does; '\t' is for pasting into a spreadsheet.
QString tableText(const QTableWidget *table, QChar separator);
bool saveTableCsv(const QTableWidget *table, const QString &path, QString *error = nullptr);
void copyTable(const QTableWidget *table);
// Right-click: Copy (also Ctrl+C on the table) and Save as CSV…; `name` is the file stem.
void installTableContextMenu(QTableWidget *table, const QString &name, QWidget *dialogParent);

} // namespace rnnlab
