// Recent files and the last session (see recentfiles.h).
#include "recentfiles.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace rnnlab {

namespace {
constexpr int kMaxRecent = 8;
}

RecentFiles::RecentFiles(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
{
    rebuildMenu();
}

QStringList RecentFiles::files() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void RecentFiles::add(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildMenu();
}

void RecentFiles::remove(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildMenu();
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    const QStringList recent = files();
    for (const QString &path : recent) {
        // Queued: opening rebuilds this menu, which deletes the action still emitting.
        QAction *a = m_menu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            QMetaObject::invokeMethod(this, [this, path] { emit openRequested(path); }, Qt::QueuedConnection);
        });
        a->setStatusTip(path);
        a->setData(path);
    }
    m_menu->setEnabled(!recent.isEmpty());
}

void RecentFiles::rememberSession(const QString &kind, const QString &path)
{
    QSettings settings;
    settings.setValue(QStringLiteral("session/kind"), kind);
    settings.setValue(QStringLiteral("session/path"), QFileInfo(path).absoluteFilePath());
}

RecentFiles::Session RecentFiles::lastSession()
{
    QSettings settings;
    return {settings.value(QStringLiteral("session/kind")).toString(), settings.value(QStringLiteral("session/path")).toString()};
}

} // namespace rnnlab
