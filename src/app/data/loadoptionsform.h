// The Data tab's reading choices, the GUI face of LoadOptions: time column (auto,
// none or a column), date format, delimiter, decimal mark, rows to skip, extra
// missing-value tokens and, for a long-format file, the group to keep. Emits
// optionsChanged after each edit; the panel debounces it.
#pragma once
#include "data/series.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace rnnlab {

class LoadOptionsForm : public QWidget {
    Q_OBJECT
public:
    explicit LoadOptionsForm(QWidget *parent = nullptr);

    LoadOptions options() const;
    void setOptions(const LoadOptions &options);
    // The file's column names, offered as time columns (keeps the current choice when it is there).
    void setColumns(const QStringList &names);
    // A long-format file: the column that names the groups and its values, offered in
    // the group picker; an empty column hides the picker.
    void setGroups(const QString &column, const QStringList &groups);
    QComboBox *timeCombo() const { return m_time; }
    QComboBox *groupCombo() const { return m_group; }
    QLineEdit *naEdit() const { return m_na; }

signals:
    void optionsChanged();

private:
    QComboBox *m_time;
    QComboBox *m_format;
    QComboBox *m_delimiter;
    QComboBox *m_decimal;
    QSpinBox *m_skip;
    QLineEdit *m_na;
    QLabel *m_groupLabel;
    QComboBox *m_group;
    QString m_groupColumn;
    bool m_filling = false;
};

} // namespace rnnlab
