// The Health view on a real lock wait: the waiter shows in the blocking tree under its holder,
// Cancel (confirmed) ends the wait and says so, a refused confirmation does nothing, and the
// view samples only while it is on screen.
#include "Screenshot.h"
#include "TestDatabase.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"
#include "health/HealthView.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include <libpq-fe.h>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_HealthView : public QObject
{
    Q_OBJECT
private slots:
    void aLockWaitIsShownAndCancelEndsIt()
    {
        ScratchDatabase db(QStringLiteral("guihealth"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE held (a int)"), db.profile()));
        SessionOptions writable;
        writable.mode = AccessMode::ReadWrite;
        writable.statementTimeoutMs = 0;
        Result<Session> holder
            = Session::open(db.profile(), writable, QStringLiteral("test-holder"));
        Result<Session> waiter
            = Session::open(db.profile(), writable, QStringLiteral("test-waiter"));
        QVERIFY(holder && waiter);
        QVERIFY(executeStatement(*holder, QStringLiteral("BEGIN")));
        QVERIFY(
            executeStatement(*holder, QStringLiteral("LOCK TABLE held IN ACCESS EXCLUSIVE MODE")));
        const int holderPid = PQbackendPID(holder->nativeHandle());
        PGconn *waiting = waiter->nativeHandle();
        const int waiterPid = PQbackendPID(waiting);
        QVERIFY(PQsendQuery(waiting, "SELECT count(*) FROM held") == 1);

        HealthView view;
        QStringList questions;
        bool answer = false;
        view.setConfirmation([&](const QString &, const QString &question) {
            questions << question;
            return answer;
        });
        view.setInterval(100);
        view.resize(1200, 700);
        view.show();
        view.setConnection(db.profile());
        QVERIFY(view.isSampling());
        // The wait shows as a tree: the holder, with the waiter under it.
        QTRY_VERIFY_WITH_TIMEOUT(view.blockingTree()->topLevelItemCount() == 1
                                     && view.blockingTree()->topLevelItem(0)->childCount() == 1,
                                 20'000);
        QTreeWidgetItem *root = view.blockingTree()->topLevelItem(0);
        QCOMPARE(root->text(0), QString::number(holderPid));
        QCOMPARE(root->child(0)->text(0), QString::number(waiterPid));
        QVERIFY(view.statusText().contains(QLatin1String("1 blocking others")));
        saveScreenshot(view, QStringLiteral("health-sessions.png"));

        // Declined: nothing is signalled.
        view.blockingTree()->setCurrentItem(root->child(0));
        auto *cancel = view.findChild<QPushButton *>(QStringLiteral("cancelButton"));
        QVERIFY(cancel && cancel->isEnabled());
        view.cancelSelected();
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.first().contains(QString::number(waiterPid)));
        QSignalSpy refreshed(&view, &HealthView::refreshed);
        QVERIFY(refreshed.wait(20'000));
        QCOMPARE(view.blockingTree()->topLevelItem(0)->childCount(), 1); // still waiting

        // Confirmed: the waiter's query is cancelled (57014) and the status says so.
        answer = true;
        QSignalSpy signalled(&view, &HealthView::signalled);
        view.cancelSelected();
        QVERIFY(signalled.wait(20'000));
        QCOMPARE(signalled.first().first().toBool(), true);
        QCOMPARE(view.statusText(),
                 QStringLiteral("Cancelled the query of process %1.").arg(waiterPid));
        PGresult *result = PQgetResult(waiting);
        QCOMPARE(QByteArray(PQresultErrorField(result, PG_DIAG_SQLSTATE)), QByteArray("57014"));
        PQclear(result);
        while ((result = PQgetResult(waiting)))
            PQclear(result);
        QTRY_COMPARE_WITH_TIMEOUT(view.blockingTree()->topLevelItemCount(), 0, 20'000);

        // Hidden: no more sampling.
        view.hide();
        QVERIFY(!view.isSampling());
        QVERIFY(executeStatement(*holder, QStringLiteral("ROLLBACK")));
    }
};

QTEST_MAIN(tst_HealthView)
#include "tst_healthview.moc"
