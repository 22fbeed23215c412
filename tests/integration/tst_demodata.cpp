// The demo data generator on a real server: lifecycles as the seeds describe them, the same
// seed giving the same rows, refusing to write over data, and a stop or a killed server that
// keeps whole batches.
#include "CliRun.h"
#include "ServerFaults.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "metrics/DemoData.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QVariant scalar(const ConnectionProfile &profile, const QString &sql)
{
    Result<Session> session = Session::open(profile, SessionOptions {}, QStringLiteral("check"));
    if (!session)
        return {};
    QSqlQuery query(session->database());
    if (!query.exec(sql) || !query.next()) {
        qWarning() << query.lastError().text();
        return {};
    }
    return query.value(0);
}

DemoDataOptions smallRun()
{
    DemoDataOptions options;
    options.workflows = 2500;
    options.days = 3;
    options.namespaces = 3;
    options.seed = 11;
    options.batchSize = 1000;
    options.end = QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
    return options;
}

// Everything the generator wrote, in a stable order, as one digest.
const QString kContentDigest
    = QStringLiteral("SELECT md5(string_agg(t, '|' ORDER BY t)) FROM ("
                     " SELECT e::text AS t FROM workflow_executions AS e UNION ALL"
                     " SELECT s::text FROM workflow_steps AS s UNION ALL"
                     " SELECT f::text FROM fsm_transitions AS f UNION ALL"
                     " SELECT m::text FROM metadata_stamps AS m UNION ALL"
                     " SELECT b::text FROM bridge_states AS b UNION ALL"
                     " SELECT a::text FROM agent_transformation_events AS a) AS everything");

} // namespace

class tst_DemoData : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        Result<DemoDataReport> report = fillDemoData(m_db.profile(), smallRun());
        QVERIFY2(report, qPrintable(report ? QString() : report.error().message));
        QCOMPARE(report->workflows, qint64(2500));
        QVERIFY(report->rows > 2500 * 8);
    }

    void workflowsFollowTheirLifecycle()
    {
        const ConnectionProfile p = m_db.profile();
        QCOMPARE(scalar(p, QStringLiteral("SELECT count(*) FROM workflow_executions")).toInt(),
                 2500);
        // Every started_at lies in the 3 days before the end.
        QCOMPARE(
            scalar(p,
                   QStringLiteral("SELECT count(*) FROM workflow_executions WHERE started_at < "
                                  "'2026-11-17 12:00Z' OR started_at >= '2026-11-20 12:00Z'"))
                .toInt(),
            0);
        // Finished workflows have their end, duration and three transitions; failures a message.
        QCOMPARE(
            scalar(p,
                   QStringLiteral("SELECT count(*) FROM workflow_executions WHERE current_state IN "
                                  "('COMPLETED','FAILED') AND (completed_at IS NULL OR "
                                  "execution_time_ms IS NULL)"))
                .toInt(),
            0);
        QCOMPARE(scalar(p,
                        QStringLiteral("SELECT count(*) FROM workflow_executions WHERE "
                                       "current_state = 'FAILED' AND error_message IS NULL"))
                     .toInt(),
                 0);
        QCOMPARE(
            scalar(p,
                   QStringLiteral("SELECT count(*) FROM workflow_executions AS e WHERE "
                                  "(SELECT array_agg(to_state ORDER BY created_at, to_state) FROM "
                                  "fsm_transitions AS f WHERE f.entity_id = e.id) <> CASE "
                                  "current_state WHEN 'PENDING' THEN ARRAY['PENDING'] WHEN "
                                  "'PROCESSING' THEN ARRAY['PENDING','PROCESSING'] ELSE "
                                  "ARRAY['PENDING','PROCESSING', current_state] END::varchar[]"))
                .toInt(),
            0);
        // Steps are ordered from 0 without gaps, and a failed workflow ends on its failed step.
        QCOMPARE(scalar(p,
                        QStringLiteral(
                            "SELECT count(*) FROM (SELECT workflow_id, max(step_order) AS m, "
                            "count(*) AS n FROM workflow_steps GROUP BY 1) AS s WHERE m + 1 <> n"))
                     .toInt(),
                 0);
        QCOMPARE(scalar(p,
                        QStringLiteral(
                            "SELECT count(*) FROM workflow_executions AS e WHERE current_state "
                            "= 'FAILED' AND NOT EXISTS (SELECT 1 FROM workflow_steps AS s "
                            "WHERE s.workflow_id = e.id AND s.status = 'FAILED' AND "
                            "s.error_message = e.error_message)"))
                     .toInt(),
                 0);
        // Each completed workflow has one stamp with a 64-hex hash; no other workflow has one.
        QCOMPARE(scalar(p,
                        QStringLiteral(
                            "SELECT count(*) FROM workflow_executions AS e WHERE "
                            "(current_state = 'COMPLETED') <> EXISTS (SELECT 1 FROM "
                            "metadata_stamps AS m WHERE m.workflow_id = e.id AND m.file_hash ~ "
                            "'^[0-9a-f]{64}$' AND m.stamp_id = e.stamp_id)"))
                     .toInt(),
                 0);
        // A realistic failure rate: a few percent, more in bursts.
        const double failed
            = scalar(p,
                     QStringLiteral("SELECT avg((current_state = 'FAILED')::int) FROM "
                                    "workflow_executions"))
                  .toDouble();
        QVERIFY2(failed > 0.02 && failed < 0.12, qPrintable(QString::number(failed)));
        // A daily rhythm: the busiest hour of the day sees far more than the quietest.
        const double ratio
            = scalar(p,
                     QStringLiteral("SELECT max(n)::float / min(n) FROM (SELECT "
                                    "extract(hour FROM started_at AT TIME ZONE 'UTC'), "
                                    "count(*) AS n FROM workflow_executions GROUP BY 1) "
                                    "AS h"))
                  .toDouble();
        QVERIFY2(ratio > 2.5, qPrintable(QString::number(ratio)));
    }

    void reducerWindowsAddUpToTheWorkflows()
    {
        const ConnectionProfile p = m_db.profile();
        // Each aggregation type's windows count every completed workflow's items exactly once.
        QCOMPARE(scalar(p,
                        QStringLiteral(
                            "SELECT count(*) FROM (SELECT aggregation_type, "
                            "sum(total_items_aggregated) AS items, "
                            "sum(total_workflows_processed) AS workflows FROM bridge_states "
                            "GROUP BY 1) AS b WHERE items <> (SELECT sum((metadata->>'items')::int)"
                            " FROM workflow_executions WHERE current_state = 'COMPLETED') OR "
                            "workflows <> (SELECT count(*) FROM workflow_executions WHERE "
                            "current_state = 'COMPLETED')"))
                     .toInt(),
                 0);
        QCOMPARE(
            scalar(p, QStringLiteral("SELECT count(DISTINCT aggregation_type) FROM bridge_states"))
                .toInt(),
            2);
        QCOMPARE(scalar(p,
                        QStringLiteral("SELECT count(*) FROM bridge_states WHERE "
                                       "items_per_second IS NULL OR window_end <= window_start"))
                     .toInt(),
                 0);
        QVERIFY(scalar(p, QStringLiteral("SELECT count(*) FROM node_registrations")).toInt() >= 6);
        QVERIFY(
            scalar(p, QStringLiteral("SELECT count(*) FROM agent_transformation_events")).toInt()
            > 0);
    }

    void theSameSeedWritesTheSameRows()
    {
        ScratchDatabase again(QStringLiteral("demo_again"));
        QVERIFY(applyBundledMigrations(again.profile()));
        DemoDataOptions options = smallRun();
        options.batchSize = 700; // batches do not change the rows
        QVERIFY(fillDemoData(again.profile(), options));
        const QString digest = scalar(m_db.profile(), kContentDigest).toString();
        QVERIFY(!digest.isEmpty());
        QCOMPARE(scalar(again.profile(), kContentDigest).toString(), digest);

        options.seed = 12;
        options.replace = true;
        QVERIFY(fillDemoData(again.profile(), options));
        QVERIFY(scalar(again.profile(), kContentDigest).toString() != digest);
    }

    void aDatabaseWithRowsIsLeftAlone()
    {
        const QString before = scalar(m_db.profile(), kContentDigest).toString();
        DemoDataOptions options = smallRun();
        options.seed = 99;
        Result<DemoDataReport> refused = fillDemoData(m_db.profile(), options);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("already hold rows")),
                 qPrintable(refused.error().message));
        QCOMPARE(scalar(m_db.profile(), kContentDigest).toString(), before);
    }

    void aDatabaseWithoutTheBridgeTablesIsNamed()
    {
        ScratchDatabase bare(QStringLiteral("demo_bare"));
        Result<DemoDataReport> refused = fillDemoData(bare.profile(), smallRun());
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("workflow_executions")));
        QVERIFY(refused.error().message.contains(QLatin1String("migrate up")));
    }

    void outOfRangeOptionsAreRefused()
    {
        DemoDataOptions options = smallRun();
        options.workflows = 0;
        QVERIFY(!validateDemoDataOptions(options));
        options = smallRun();
        options.days = 0;
        QVERIFY(!validateDemoDataOptions(options));
        options = smallRun();
        options.seed = -1;
        QVERIFY(!validateDemoDataOptions(options));
    }

    void aStopKeepsTheCommittedBatches()
    {
        ScratchDatabase stopped(QStringLiteral("demo_stop"));
        QVERIFY(applyBundledMigrations(stopped.profile()));
        SessionOptions sessionOptions;
        sessionOptions.mode = AccessMode::ReadWrite;
        Result<Session> session
            = Session::open(stopped.profile(), sessionOptions, QStringLiteral("test"));
        QVERIFY(session);
        std::stop_source stop;
        DemoDataOptions options = smallRun();
        options.batchSize = 500;
        // Asked to stop once the second batch is in: the third never starts.
        Result<DemoDataReport> report = generateDemoData(
            *session, options,
            [&](const DemoDataProgress &progress) {
                if (progress.written >= 1000)
                    stop.request_stop();
            },
            stop.get_token());
        QVERIFY(!report);
        QCOMPARE(report.error().kind, Error::Kind::Cancelled);
        QVERIFY2(report.error().message.contains(QLatin1String("1000 of 2500")),
                 qPrintable(report.error().message));
        QCOMPARE(
            scalar(stopped.profile(), QStringLiteral("SELECT count(*) FROM workflow_executions"))
                .toInt(),
            1000);
    }

    void aFailedReplaceLeavesTheOldRows()
    {
        ScratchDatabase db(QStringLiteral("demo_replace"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(fillDemoData(db.profile(), smallRun()));
        const QString before = scalar(db.profile(), kContentDigest).toString();
        // A trigger that refuses the new rows makes the first batch (and its TRUNCATE) fail.
        QVERIFY(execSql(
            QStringLiteral("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
                           "BEGIN RAISE EXCEPTION 'refused by test'; END $$; "
                           "CREATE TRIGGER refuse BEFORE INSERT ON workflow_steps FOR EACH ROW "
                           "EXECUTE FUNCTION refuse();"),
            db.profile()));
        DemoDataOptions options = smallRun();
        options.replace = true;
        options.seed = 5;
        Result<DemoDataReport> failed = fillDemoData(db.profile(), options);
        QVERIFY(!failed);
        QVERIFY2(
            failed.error().message.contains(QLatin1String("refused by test"), Qt::CaseInsensitive),
            qPrintable(failed.error().message));
        QCOMPARE(scalar(db.profile(), kContentDigest).toString(), before);
    }

    // pg_ctl stop -m immediate while `bridgescope demo-data` writes: exit 1, a sentence that
    // says how many workflows were kept, and exactly that many there once the server is back.
    void aServerKilledMidwayKeepsTheCommittedBatchesAndSaysHowMany()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        QVERIFY(applyBundledMigrations(*profile));
        QProcess writer;
        writer.start(bridgescopeBinary(),
                     { QStringLiteral("demo-data"), QStringLiteral("--dsn"),
                       profile->toConnInfo(true), QStringLiteral("--workflows"),
                       QStringLiteral("200000"), QStringLiteral("--batch"),
                       QStringLiteral("500") });
        Result<Session> observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        // Some batches are committed, and the writer is in the middle of the next ones.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<RowSet> rows = queryRows(
                    *observer, QStringLiteral("SELECT count(*) >= 1000 FROM workflow_executions"));
                return rows && rows->rows.value(0).value(0) == QByteArray("t");
            }(),
            60'000);
        QVERIFY(killServer(cluster));
        QVERIFY(writer.waitForFinished(60'000));
        QCOMPARE(writer.exitCode(), 1);
        const QString err = QString::fromUtf8(writer.readAllStandardError());
        const QRegularExpression kept(
            QStringLiteral("connection to the server was lost.* (\\d+) of 200000 workflows were "
                           "written before it and are kept"));
        const QRegularExpressionMatch said = kept.match(err);
        QVERIFY2(said.hasMatch(), qPrintable(err));
        QVERIFY(said.captured(1).toLongLong() >= 1000);
        QCOMPARE(said.captured(1).toLongLong() % 500, 0);

        QVERIFY(cluster.start());
        QCOMPARE(scalar(*profile, QStringLiteral("SELECT count(*) FROM workflow_executions"))
                     .toLongLong(),
                 said.captured(1).toLongLong());
        QVERIFY(cluster.stop());
    }

private:
    ScratchDatabase m_db { QStringLiteral("demo_data") };
};

QTEST_GUILESS_MAIN(tst_DemoData)
#include "tst_demodata.moc"
