// GuardedApplication: a std::bad_alloc (or any exception) escaping an event handler
// ends in a message and, without a user, exit code 2 from the event loop, never in
// std::terminate. Its own main(): the test needs the guarded application object.
#include "guardedapplication.h"

#include <QTimer>
#include <QtTest>

#include <new>
#include <stdexcept>

namespace {
class Thrower : public QObject {
public:
    bool allocFails = true;
    bool event(QEvent *) override
    {
        if (allocFails) {
            throw std::bad_alloc();
        }
        throw std::runtime_error("boom");
    }
};
} // namespace

class TestGuardedApp : public QObject {
    Q_OBJECT
private slots:
    void badAllocEndsTheLoopWithExit2_data()
    {
        QTest::addColumn<bool>("allocFails");
        QTest::newRow("bad_alloc") << true;
        QTest::newRow("runtime_error") << false;
    }
    void badAllocEndsTheLoopWithExit2()
    {
        QFETCH(bool, allocFails);
        auto *app = static_cast<rnnlab::GuardedApplication *>(QCoreApplication::instance());
        app->setInteractive(false);
        Thrower thrower;
        thrower.allocFails = allocFails;
        bool escaped = false;
        QTimer::singleShot(0, [&] {
            QEvent event(QEvent::User);
            try {
                QCoreApplication::sendEvent(&thrower, &event);
            } catch (...) {
                escaped = true;
                QCoreApplication::exit(99);
            }
        });
        QCOMPARE(QCoreApplication::exec(), 2);
        QVERIFY(!escaped);
    }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    rnnlab::GuardedApplication app(argc, argv);
    TestGuardedApp test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_app_guardedapp.moc"
