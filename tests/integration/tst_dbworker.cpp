// DbWorker: jobs run off the calling thread on the worker's own connection, answers come back
// on the receiver's thread, a running statement can be cancelled, a lost server is reported
// and reconnected, and a receiver that goes away is no crash.
#include "TestDatabase.h"
#include "connection/ConnectionErrors.h"
#include "connection/DbWorker.h"
#include "connection/Session.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// A job that runs one statement and gives back its first value (or the error).
std::function<Result<QString>(Session &)> statement(const QString &sql)
{
    return [sql](Session &session) -> Result<QString> {
        QSqlQuery query(session.database());
        if (!query.exec(sql))
            return std::unexpected(describeQueryFailure(query.lastError()));
        return query.next() ? query.value(0).toString() : QString();
    };
}

// Whether a statement with this text is running now on the server (asked from the test thread).
bool isRunning(const ConnectionProfile &profile, const QString &marker)
{
    Result<Session> session = Session::open(profile, SessionOptions {}, QStringLiteral("watch"));
    if (!session)
        return false;
    QSqlQuery query(session->database());
    query.prepare(QStringLiteral("select count(*) from pg_stat_activity where state = 'active' "
                                 "and application_name = 'bridgescope' and pid <> pg_backend_pid() "
                                 "and query like ?"));
    query.addBindValue(QStringLiteral("%") + marker + QStringLiteral("%"));
    return query.exec() && query.next() && query.value(0).toInt() > 0;
}

struct Answer
{
    std::optional<Result<QString>> result;
    QThread *deliveredOn = nullptr;
};

} // namespace

class tst_DbWorker : public QObject
{
    Q_OBJECT
private slots:
    void runsOffTheCallerAndAnswersOnIt()
    {
        DbWorker worker(testProfile(), SessionOptions {}, QStringLiteral("t"));
        Answer answer;
        QThread *ranOn = nullptr;
        worker.run<QString>(
            [&ranOn](Session &session) -> Result<QString> {
                ranOn = QThread::currentThread();
                return statement(QStringLiteral(
                    "select 'hello from ' || current_setting('application_name')"))(session);
            },
            this,
            [&answer](Result<QString> result) {
                answer.result = result;
                answer.deliveredOn = QThread::currentThread();
            });
        QTRY_VERIFY(answer.result.has_value());
        QVERIFY(answer.result->has_value());
        QCOMPARE(answer.result->value(), QStringLiteral("hello from bridgescope"));
        QVERIFY(ranOn != QThread::currentThread());
        QCOMPARE(answer.deliveredOn, QThread::currentThread());
    }

    void jobsRunInOrderOnOneConnection()
    {
        DbWorker worker(testProfile(), SessionOptions {}, QStringLiteral("t"));
        QStringList answers;
        for (int i = 0; i < 5; ++i) {
            worker.run<QString>(
                statement(QStringLiteral("select %1 || ':' || pg_backend_pid()").arg(i)), this,
                [&answers](Result<QString> r) { answers << (r ? *r : r.error().message); });
        }
        QTRY_COMPARE(answers.size(), 5);
        const QString backend = answers.first().section(QLatin1Char(':'), 1);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(answers[i], QStringLiteral("%1:%2").arg(i).arg(backend));
    }

    void connectionFailureComesBackAsTheAnswer()
    {
        ConnectionProfile profile = testProfile();
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("missing_db"));
        DbWorker worker(profile, SessionOptions {}, QStringLiteral("t"));
        std::optional<Result<QString>> answer;
        worker.run<QString>(statement(QStringLiteral("select 1")), this,
                            [&](Result<QString> r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->has_value());
        QCOMPARE(answer->error().kind, Error::Kind::DatabaseMissing);
    }

    void cancelStopsTheRunningStatement()
    {
        DbWorker worker(testProfile(), SessionOptions {}, QStringLiteral("t"));
        std::optional<Result<QString>> answer;
        worker.run<QString>(statement(QStringLiteral("select pg_sleep(60) /* cancel-me */")), this,
                            [&](Result<QString> r) { answer = r; });
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(testProfile(), QStringLiteral("cancel-me")), 10'000);
        worker.cancelRunning();
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10'000);
        QVERIFY(!answer->has_value());
        QCOMPARE(answer->error().kind, Error::Kind::Cancelled);
        QCOMPARE(answer->error().message, QStringLiteral("The query was cancelled."));

        // The worker and its connection are still good.
        answer.reset();
        worker.run<QString>(statement(QStringLiteral("select 7")), this,
                            [&](Result<QString> r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->value(), QStringLiteral("7"));
    }

    void receiverGoneMeansAnswerDropped()
    {
        DbWorker worker(testProfile(), SessionOptions {}, QStringLiteral("t"));
        bool called = false;
        auto *receiver = new QObject;
        worker.run<QString>(statement(QStringLiteral("select pg_sleep(0.2)")), receiver,
                            [&called](Result<QString>) { called = true; });
        delete receiver;
        std::optional<Result<QString>> later;
        worker.run<QString>(statement(QStringLiteral("select 'still alive'")), this,
                            [&](Result<QString> r) { later = r; });
        QTRY_VERIFY(later.has_value());
        QCOMPARE(later->value(), QStringLiteral("still alive"));
        QVERIFY(!called);
    }

    void serverStoppedMidQueryIsReportedThenReconnects()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path()));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY(profile);
        DbWorker worker(*profile, SessionOptions {}, QStringLiteral("t"));
        std::optional<Result<QString>> answer;
        worker.run<QString>(statement(QStringLiteral("select pg_sleep(60) /* kill-me */")), this,
                            [&](Result<QString> r) { answer = r; });
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(*profile, QStringLiteral("kill-me")), 10'000);
        QVERIFY(cluster.stop()); // fast shutdown: the server ends every session
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10'000);
        QVERIFY(!answer->has_value());
        QCOMPARE(answer->error().kind, Error::Kind::ConnectionLost);

        QVERIFY(cluster.start());
        answer.reset();
        worker.run<QString>(statement(QStringLiteral("select 'back'")), this,
                            [&](Result<QString> r) { answer = r; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10'000);
        QVERIFY2(answer->has_value(),
                 qPrintable(answer->has_value() ? QString() : answer->error().message));
        QCOMPARE(answer->value(), QStringLiteral("back"));
        QVERIFY(cluster.stop());
    }

    void retiredWorkerCancelsAndGoesAway()
    {
        auto *worker = new DbWorker(testProfile(), SessionOptions {}, QStringLiteral("t"));
        QSignalSpy destroyed(worker, &QObject::destroyed);
        worker->run<QString>(
            statement(QStringLiteral("select pg_sleep(60) /* retire-me */")), this,
            [](Result<QString>) {}); // may or may not arrive: callers drop stale answers
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(testProfile(), QStringLiteral("retire-me")), 10'000);
        worker->retire();
        QVERIFY(destroyed.wait(10'000));
        QTRY_VERIFY(!isRunning(testProfile(), QStringLiteral("retire-me")));
    }
};

QTEST_GUILESS_MAIN(tst_DbWorker)
#include "tst_dbworker.moc"
