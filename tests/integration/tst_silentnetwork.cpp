// A way to the server that goes silent while TCP says all is well (a relay, a VPN or a proxy
// that stops passing data on): every segment is acknowledged and every keepalive answered, so
// neither keepalives nor tcp_user_timeout notice. Two promises hold all the same: a statement on
// a session with a statement timeout ends once the server is well past it, and a Cancel gives
// control back within seconds even when the cancel request cannot reach the server (the Data
// tab's statements and the Metrics tab's chart alike). Both close
// the connection, say so in one sentence, and the next job connects again.
#include "SilentRelay.h"
#include "TestDatabase.h"
#include "connection/DbWorker.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "console/ConsoleSession.h"
#include "metrics/ChartQuery.h"
#include "migrations/SqlScript.h"

#include <QEventLoop>
#include <QPointer>
#include <QTest>
#include <QTimer>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

std::function<Result<QString>(Session &)> valueOf(const QString &sql)
{
    return [sql](Session &session) -> Result<QString> {
        Result<RowSet> rows = queryRows(session, sql);
        if (!rows)
            return std::unexpected(rows.error());
        return QString::fromUtf8(rows->rows.value(0).value(0).value_or("NULL"));
    };
}

} // namespace

class tst_SilentNetwork : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_cluster.emplace(scratchClusterOptions(m_dir.path() + QStringLiteral("/cluster"), true));
        Result<ConnectionProfile> profile = m_cluster->start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        // Over TCP the cluster asks for a password: a role that has one.
        QVERIFY(execSql(QStringLiteral("CREATE ROLE ana LOGIN SUPERUSER PASSWORD 'open sesame'"),
                        *profile));
        m_serverPort = m_cluster->options().port;
        Result<ConnectionProfile> tcp = ConnectionProfile::fromDsn(
            QStringLiteral("host=127.0.0.1 port=%1 user=ana password='open sesame' "
                           "dbname=postgres")
                .arg(m_serverPort));
        QVERIFY(tcp);
        m_profile = *tcp;
    }

    void aStatementPastItsTimeoutIsAbandoned()
    {
        SilentRelay relay(m_serverPort);
        QVERIFY(relay.isValid());
        SessionOptions options;
        options.statementTimeoutMs = 1'000;
        DbWorker worker(throughRelay(relay), options, QStringLiteral("browse"));
        const Result<QString> first = run(worker, QStringLiteral("SELECT 'through the relay'"));
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        QCOMPARE(*first, QStringLiteral("through the relay"));

        relay.goSilent();
        const Result<QString> silent = run(worker, QStringLiteral("SELECT 'never answered'"));
        QVERIFY(!silent);
        QCOMPARE(silent.error().kind, Error::Kind::ConnectionLost);
        QVERIFY2(silent.error().message.contains(QLatin1String("did not answer within 6 s")),
                 qPrintable(silent.error().message));
        QVERIFY2(silent.error().message.contains(QLatin1String("statement timeout is 1 s")),
                 qPrintable(silent.error().message));

        relay.speak();
        QCOMPARE(run(worker, QStringLiteral("SELECT 'connected again'")).value(),
                 QStringLiteral("connected again"));
    }

    // The Metrics tab's query, through the same deadline.
    void aChartPastItsTimeoutIsAbandoned()
    {
        QVERIFY(applyBundledMigrations(m_profile));
        SilentRelay relay(m_serverPort);
        QVERIFY(relay.isValid());
        SessionOptions options;
        options.statementTimeoutMs = 1'000;
        DbWorker worker(throughRelay(relay), options, QStringLiteral("metrics"));
        ChartRequest request;
        request.kind = ChartKind::Throughput;
        request.to = QDateTime::currentDateTimeUtc();
        request.from = request.to.addDays(-1);
        request.timeZone = "UTC";
        auto chart = [request](Session &session) -> Result<QString> {
            Result<ChartData> data = readChart(session, request);
            if (!data)
                return std::unexpected(data.error());
            return QString::number(data->rows.size());
        };
        std::optional<Result<QString>> answer;
        worker.run<QString>(chart, this, [&](Result<QString> result) { answer = result; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 30'000);
        QVERIFY2(*answer, qPrintable(answer->error().message)); // through the relay, it works

        relay.goSilent();
        answer.reset();
        worker.run<QString>(chart, this, [&](Result<QString> result) { answer = result; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 30'000);
        QVERIFY(!*answer);
        QCOMPARE(answer->error().kind, Error::Kind::ConnectionLost);
        QVERIFY2(answer->error().message.contains(QLatin1String("did not answer within 6 s")),
                 qPrintable(answer->error().message));
    }

    void aCancelThatCannotGetThroughClosesTheConnection()
    {
        SilentRelay relay(m_serverPort);
        QVERIFY(relay.isValid());
        SessionOptions options;
        options.statementTimeoutMs = 0; // an export or a count: no deadline of its own
        DbWorker worker(throughRelay(relay), options, QStringLiteral("export"));
        QCOMPARE(run(worker, QStringLiteral("SELECT 1")).value(), QStringLiteral("1"));

        relay.goSilent();
        std::optional<Result<QString>> answer;
        auto started = std::make_shared<std::atomic<bool>>(false);
        worker.run<QString>(
            [started](Session &session) {
                *started = true;
                return valueOf(QStringLiteral("SELECT 'never answered'"))(session);
            },
            this, [&](Result<QString> result) { answer = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(started->load(), 10'000);
        // The cancel request goes through the silent relay too and is never acted on.
        worker.cancelRunning();
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 30'000);
        QVERIFY(!*answer);
        QCOMPARE(answer->error().kind, Error::Kind::ConnectionLost);
        QVERIFY2(answer->error().message.contains(QLatin1String("did not act on the cancel")),
                 qPrintable(answer->error().message));

        relay.speak();
        QCOMPARE(run(worker, QStringLiteral("SELECT 'connected again'")).value(),
                 QStringLiteral("connected again"));
    }

    void aCancelThatGetsThroughKeepsTheConnection()
    {
        SessionOptions options;
        options.statementTimeoutMs = 0;
        DbWorker worker(m_profile, options, QStringLiteral("export"));
        const QString pid = run(worker, QStringLiteral("SELECT pg_backend_pid()::text")).value();
        std::optional<Result<QString>> answer;
        worker.run<QString>(valueOf(QStringLiteral("SELECT pg_sleep(60)::text")), this,
                            [&](Result<QString> result) { answer = std::move(result); });
        Result<Session> observer = Session::open(m_profile, {}, QStringLiteral("observer"));
        QVERIFY(observer);
        QTRY_VERIFY_WITH_TIMEOUT(
            queryRows(*observer,
                      QStringLiteral("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'"))
                    ->rows.size()
                == 1,
            10'000);
        worker.cancelRunning();
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10'000);
        QCOMPARE(answer->error().kind, Error::Kind::Cancelled);
        // A statement that runs past the cancel's grace on the same connection ends well:
        // nothing closed it.
        QCOMPARE(run(worker,
                     QStringLiteral("SELECT pg_sleep(%1), pg_backend_pid()::text")
                         .arg(DbWorker::kCancelGrace.count() / 1000 + 1))
                     .value(),
                 QString());
        QCOMPARE(run(worker, QStringLiteral("SELECT pg_backend_pid()::text")).value(), pid);
    }

    // The console's Cancel (Esc) behind a silent network: the statement has left the client
    // and the cancel request cannot reach the server either. Control comes back after the
    // console's short grace, with a sentence; the next run connects again.
    void theConsolesCancelGivesControlBackBehindASilentNetwork()
    {
        SilentRelay relay(m_serverPort);
        QVERIFY(relay.isValid());
        ConsoleSession console(throughRelay(relay), AccessMode::ReadOnly, 0);
        QStringList problems;
        QStringList errors;
        std::optional<bool> finished;
        connect(&console, &ConsoleSession::connectionProblem, this,
                [&](const QString &sentence) { problems << sentence; });
        connect(&console, &ConsoleSession::statementFinished, this,
                [&](int, const StatementOutcome &outcome) {
                    if (outcome.error)
                        errors << outcome.error->message;
                });
        connect(&console, &ConsoleSession::runFinished, this,
                [&](bool succeeded) { finished = succeeded; });
        // A result's rows belong to whoever takes them: here, the console (freed with it).
        connect(&console, &ConsoleSession::resultStarted, this,
                [&](int, QueryResultRows *rows) { rows->setParent(&console); });
        auto runSql = [&](const QString &sql) {
            finished.reset();
            console.run(splitSqlScript(sql, SplitMode::Lenient).value());
        };
        runSql(QStringLiteral("SELECT 'through the relay'"));
        QTRY_VERIFY_WITH_TIMEOUT(finished.has_value(), 30'000);
        QVERIFY(*finished);

        relay.goSilent();
        runSql(QStringLiteral("SELECT 'never answered'"));
        QTRY_VERIFY_WITH_TIMEOUT(relay.heardWhileSilent(), 10'000); // the statement is sent
        QVERIFY(console.isRunning());
        console.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(finished.has_value(), 10'000);
        QVERIFY(!*finished);
        QVERIFY(!console.isRunning());
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].contains(QLatin1String("did not act on the cancel within 1 s")),
                 qPrintable(problems[0]));

        relay.speak();
        runSql(QStringLiteral("SELECT 'connected again'"));
        QTRY_VERIFY_WITH_TIMEOUT(finished.has_value(), 30'000);
        QVERIFY2(*finished, qPrintable(errors.join(QLatin1Char('\n'))));
    }

    void cleanupTestCase()
    {
        if (m_cluster)
            m_cluster->stop();
    }

private:
    ConnectionProfile throughRelay(const SilentRelay &relay) const
    {
        ConnectionProfile profile = m_profile;
        profile.setValue(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        profile.setValue(QStringLiteral("port"), QString::number(relay.port()));
        return profile;
    }

    // The job's answer, waited for in an event loop that the answer itself ends (or, if none
    // comes, a 30 s timer: the promise under test is that one comes well before).
    Result<QString> run(DbWorker &worker, const QString &sql)
    {
        // Shared with the callback, which may come after a timed-out wait has returned.
        auto answer = std::make_shared<std::optional<Result<QString>>>();
        QEventLoop loop;
        QPointer<QEventLoop> waiting(&loop);
        worker.run<QString>(valueOf(sql), this, [answer, waiting](Result<QString> result) {
            *answer = std::move(result);
            if (waiting)
                waiting->quit();
        });
        QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
        loop.exec();
        if (!*answer)
            return std::unexpected(Error::make(Error::Kind::Generic, QStringLiteral("no answer")));
        return **answer;
    }

    ScratchDir m_dir;
    std::optional<LocalCluster> m_cluster;
    ConnectionProfile m_profile;
    int m_serverPort = 0;
};

QTEST_GUILESS_MAIN(tst_SilentNetwork)
#include "tst_silentnetwork.moc"
