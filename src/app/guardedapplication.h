// The application object of the window: catches what escapes an event handler
// (std::bad_alloc above all), so a failed allocation ends in a message, never in
// an abort. With a user: a dialog and the window stays up. Without one (hands-free
// runs): the message on stderr and exit code 2.
#pragma once
#include <QApplication>

namespace rnnlab {

class GuardedApplication : public QApplication {
public:
    GuardedApplication(int &argc, char **argv);
    bool notify(QObject *receiver, QEvent *event) override;
    void setInteractive(bool interactive) { m_interactive = interactive; }

private:
    void report(const QString &message);
    bool m_interactive = true;
    bool m_reporting = false;
};

} // namespace rnnlab
