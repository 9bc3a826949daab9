// The recent-files list and the last session, kept in QSettings: the File > Recent menu
// (newest first, at most eight; a pick comes out of openRequested, queued, because
// opening rebuilds the menu that is still emitting) and what the last session had open
// (an experiment or a series), so the next start can offer it again.
#pragma once
#include <QObject>
#include <QStringList>

class QMenu;

namespace rnnlab {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    RecentFiles(QMenu *menu, QObject *parent);

    QStringList files() const;
    void add(const QString &path);
    void remove(const QString &path);

    struct Session {
        QString kind; // "experiment" or "data"
        QString path; // absolute
    };
    static void rememberSession(const QString &kind, const QString &path);
    static Session lastSession();

signals:
    void openRequested(const QString &path);

private:
    void rebuildMenu();

    QMenu *m_menu;
};

} // namespace rnnlab
