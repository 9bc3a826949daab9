// A tiny tmpfs for fault-injection tests: a full disk (size=64k) or a read-only
// mount, made with mount(2). Needs root (CI runs as root); where mounting is not
// possible, ok() is false and why() says so, for a visible QSKIP.
#pragma once
#include <QDir>
#include <QString>
#include <QTemporaryDir>

#include <cerrno>
#include <cstring>

#include <sys/mount.h>

class TinyFs {
public:
    explicit TinyFs(const char *size = "64k")
        : m_options(QStringLiteral("size=%1").arg(QLatin1String(size)).toStdString())
    {
        if (!m_dir.isValid()) {
            m_why = QStringLiteral("no temporary directory");
            return;
        }
        if (::mount("tmpfs", m_dir.path().toLocal8Bit().constData(), "tmpfs", 0, m_options.c_str()) != 0) {
            m_why = QStringLiteral("cannot mount a tmpfs (needs root): %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_mounted = true;
    }
    ~TinyFs()
    {
        if (m_mounted) {
            ::umount2(m_dir.path().toLocal8Bit().constData(), MNT_DETACH);
        }
    }
    bool ok() const { return m_mounted; }
    QString why() const { return m_why; }
    QString path() const { return m_dir.path(); }
    std::string file(const char *name) const { return (m_dir.path() + QLatin1Char('/') + QLatin1String(name)).toStdString(); }
    bool makeReadOnly()
    {
        return ::mount("tmpfs", m_dir.path().toLocal8Bit().constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, m_options.c_str()) == 0;
    }
    // Entries in the mount, hidden ones included (temporaries start with '.').
    QStringList entries() const
    {
        return QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

private:
    QTemporaryDir m_dir;
    std::string m_options;
    bool m_mounted = false;
    QString m_why;
};

#define REQUIRE_TINYFS(fs)                                                                                             \
    do {                                                                                                               \
        if (!(fs).ok()) {                                                                                              \
            QSKIP(qPrintable((fs).why()));                                                                             \
        }                                                                                                              \
    } while (0)
