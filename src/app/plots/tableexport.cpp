// Table export (see tableexport.h).
#include "plots/tableexport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QTableWidget>

namespace rnnlab {

namespace {
QString field(const QString &s, QChar separator)
{
    if (separator == QLatin1Char(',') && (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))) {
        QString q = s;
        q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + q + QLatin1Char('"');
    }
    QString t = s;
    t.replace(QLatin1Char('\t'), QLatin1Char(' '));
    return t;
}
} // namespace

QString tableText(const QTableWidget *table, QChar separator)
{
    QStringList lines;
    QStringList header;
    for (int c = 0; c < table->columnCount(); ++c) {
        const QTableWidgetItem *h = table->horizontalHeaderItem(c);
        header << field(h ? h->text() : QString(), separator);
    }
    lines << header.join(separator);
    for (int r = 0; r < table->rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < table->columnCount(); ++c) {
            const QTableWidgetItem *item = table->item(r, c);
            QString text;
            if (item) {
                const QVariant exact = item->data(Qt::UserRole);
                text = exact.isValid() ? QString::number(exact.toDouble(), 'g', 10) : item->text().trimmed();
                if (!exact.isValid() && text == QStringLiteral("–")) {
                    text.clear(); // "no value" is an empty field, not a dash
                }
            }
            row << field(text, separator);
        }
        lines << row.join(separator);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool saveTableCsv(const QTableWidget *table, const QString &path, QString *error)
{
    QSaveFile file(path); // temp file + rename: the old file stays if anything fails
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) {
            *error = QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
        }
        return false;
    }
    const QByteArray bytes = tableText(table, QLatin1Char(',')).toUtf8();
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) {
            *error = QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}

void copyTable(const QTableWidget *table)
{
    QApplication::clipboard()->setText(tableText(table, QLatin1Char('\t')));
}

void installTableContextMenu(QTableWidget *table, const QString &name, QWidget *dialogParent)
{
    auto *copy = new QAction(QObject::tr("Copy table"), table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(copy, &QAction::triggered, table, [table] { copyTable(table); });
    table->addAction(copy);
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(table, &QWidget::customContextMenuRequested, table, [table, name, dialogParent, copy](const QPoint &pos) {
        QMenu menu(table);
        menu.addAction(copy);
        menu.addAction(QObject::tr("Save as CSV…"), table, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save table"), name + QStringLiteral(".csv"),
                                                              QObject::tr("CSV (*.csv)"));
            QString error;
            if (!path.isEmpty() && !saveTableCsv(table, path, &error)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save table"), error);
            }
        });
        menu.exec(table->viewport()->mapToGlobal(pos));
    });
}

} // namespace rnnlab
