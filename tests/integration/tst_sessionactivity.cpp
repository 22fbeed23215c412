// The Health view's sessions on a real server: a lock wait shows as a tree (who blocks whom),
// the CLI prints it, cancel breaks the wait, terminate ends the holder, and a role that may not
// signal another role's process is told why in a sentence.
#include "CliRun.h"
#include "LockWait.h"
#include "TestDatabase.h"
#include "connection/ExecuteStatement.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "health/SessionActivity.h"

#include <QTest>

#include <libpq-fe.h>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

const BackendSession *find(const QList<BackendSession> &sessions, int pid)
{
    for (const BackendSession &s : sessions) {
        if (s.pid == pid)
            return &s;
    }
    return nullptr;
}

QList<BackendSession> sessionsNow(Session &observer)
{
    Result<QList<BackendSession>> sessions = readSessions(observer);
    return sessions ? *sessions : QList<BackendSession> {};
}

} // namespace

class tst_SessionActivity : public QObject
{
    Q_OBJECT
private slots:
    void aLockWaitIsATreeThatCancelAndTerminateUndo()
    {
        ScratchDatabase db(QStringLiteral("health"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE held (a int)"), db.profile()));
        LockWait wait(db.profile(), QStringLiteral("held"));
        QVERIFY(wait.isValid());
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        const int holderPid = wait.holderPid();
        const int waiterPid = wait.waiterPid();

        QTRY_VERIFY_WITH_TIMEOUT(find(sessionsNow(*observer), waiterPid)
                                     && find(sessionsNow(*observer), waiterPid)->blockedBy
                                         == QList<int> { holderPid },
                                 20'000);
        const QList<BackendSession> sessions = sessionsNow(*observer);
        QVERIFY(find(sessions, holderPid)->transactionMs >= 0);
        // The holder sits idle in its transaction: its last query began long ago, but no query
        // runs, so there is no "query for" to show; the waiter's query does run.
        QVERIFY(find(sessions, holderPid)->queryMs >= 0);
        QCOMPARE(find(sessions, holderPid)->runningMs(), -1);
        QVERIFY(find(sessions, waiterPid)->runningMs() >= 0);
        QCOMPARE(find(sessions, waiterPid)->waitEventType, QStringLiteral("Lock"));
        QVERIFY(!find(sessions, PQbackendPID(observer->nativeHandle()))); // the asker is left out
        const QList<BlockingNode> tree = blockingTree(sessions);
        QCOMPARE(tree.size(), 1);
        QCOMPARE(tree.first().session.pid, holderPid);
        QCOMPARE(tree.first().waiters.size(), 1);
        QCOMPARE(tree.first().waiters.first().session.pid, waiterPid);

        const CliRun cli = runCli(
            { QStringLiteral("health"), QStringLiteral("--dsn"), db.profile().toConnInfo(true) });
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QVERIFY2(cli.out.contains(QStringLiteral("blocks: %1").arg(holderPid)),
                 qPrintable(cli.out));
        QVERIFY(cli.out.contains(QStringLiteral("└ waits: %1").arg(waiterPid)));

        // A role that may not signal another role's process is told so, and nothing happens.
        QVERIFY(execSql(QStringLiteral("DROP ROLE IF EXISTS bs_health_weak")));
        QVERIFY(execSql(QStringLiteral("CREATE ROLE bs_health_weak LOGIN")));
        ConnectionProfile weakProfile = db.profile();
        weakProfile.setValue(QStringLiteral("user"), QStringLiteral("bs_health_weak"));
        {
            Result<Session> weak = Session::open(weakProfile, {}, QStringLiteral("test-weak"));
            QVERIFY(weak);
            const Status refused = cancelBackend(*weak, waiterPid);
            QVERIFY(!refused);
            QVERIFY2(refused.error().message.startsWith(
                         QStringLiteral("The server refused to cancel the query of process %1")
                             .arg(waiterPid)),
                     qPrintable(refused.error().message));
        }
        QVERIFY(find(sessionsNow(*observer), waiterPid)->blockedBy == QList<int> { holderPid });

        // Cancel breaks the wait: the waiter's query ends with SQLSTATE 57014, its session stays.
        QVERIFY(cancelBackend(*observer, waiterPid));
        QCOMPARE(wait.waiterOutcome(), QByteArray("57014"));
        QVERIFY(queryRows(wait.waiter(), QStringLiteral("SELECT 1")));

        // Terminate ends the holder: its lock is gone with it.
        QVERIFY(terminateBackend(*observer, holderPid));
        QTRY_VERIFY_WITH_TIMEOUT(!find(sessionsNow(*observer), holderPid), 20'000);
        QVERIFY(queryRows(wait.waiter(), QStringLiteral("SELECT count(*) FROM held")));

        const Status gone = cancelBackend(*observer, holderPid);
        QVERIFY(!gone);
        QCOMPARE(gone.error().message,
                 QStringLiteral("There is no server process %1 (it may have ended): nothing was "
                                "signalled.")
                     .arg(holderPid));
        QVERIFY(execSql(QStringLiteral("DROP ROLE bs_health_weak")));
    }
};

QTEST_GUILESS_MAIN(tst_SessionActivity)
#include "tst_sessionactivity.moc"
