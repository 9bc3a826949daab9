// rnnlab-cli in a child process, as the CLI tests run it: its exit code (-1 when it did
// not start, crashed or ran past the timeout, which kills it), stdout and stderr.
// RNNLAB_CLI is the executable's path, defined for every test by tests/CMakeLists.txt.
#pragma once
#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

struct CliRun {
    int code = -1;
    QByteArray out, err;
    QString describe() const { return QString("exit %1, stderr: %2").arg(code).arg(QString::fromUtf8(err)); }
};

inline CliRun runCli(const QStringList &args, int timeoutMs,
                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RNNLAB_CLI), args);
    CliRun r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not start or did not finish";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
