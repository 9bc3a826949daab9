// The guarded event dispatch (see guardedapplication.h).
#include "guardedapplication.h"

#include <QMessageBox>

#include <iostream>
#include <new>

namespace rnnlab {

GuardedApplication::GuardedApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{
}

bool GuardedApplication::notify(QObject *receiver, QEvent *event)
{
    try {
        return QApplication::notify(receiver, event);
    } catch (const std::bad_alloc &) {
        report(tr("Out of memory: the last action needed more memory than this machine could give. "
                  "Make the model, lookback or batch smaller."));
    } catch (const std::exception &e) {
        report(tr("Internal error: %1").arg(QString::fromStdString(e.what())));
    }
    return false;
}

void GuardedApplication::report(const QString &message)
{
    std::cerr << "rnnlab: " << message.toStdString() << "\n";
    if (!m_interactive) {
        exit(2);
        return;
    }
    if (m_reporting) { // an error while the dialog is up: stderr only
        return;
    }
    m_reporting = true;
    QMessageBox::critical(activeWindow(), tr("RNN Lab"), message);
    m_reporting = false;
}

} // namespace rnnlab
