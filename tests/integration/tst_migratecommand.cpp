// `bridgescope migrate` as scripts and CI use it: exit codes, the JSON, five runners at once,
// failures that name the file and line, and a server killed in the middle of a migration.
#include "CliRun.h"
#include "ServerFaults.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QStringList migrate(const QString &action, const ScratchDatabase &db, QStringList extra = {})
{
    return QStringList { QStringLiteral("migrate"), action, QStringLiteral("--dsn"),
                         db.profile().toConnInfo(true) }
    + extra;
}

QJsonObject json(const CliRun &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

int count(const ScratchDatabase &db, const QString &sql)
{
    Result<Session> session = Session::open(db.profile(), {}, QStringLiteral("test-count"));
    QSqlQuery query(session->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace

class tst_MigrateCommand : public QObject
{
    Q_OBJECT
private slots:
    void usageErrorsExitTwo()
    {
        QCOMPARE(runCli({ QStringLiteral("migrate") }).exitCode, 2);
        QCOMPARE(runCli({ QStringLiteral("migrate"), QStringLiteral("sideways") }).exitCode, 2);
        QCOMPARE(runCli({ QStringLiteral("migrate"), QStringLiteral("up"), QStringLiteral("--to"),
                          QStringLiteral("ten") })
                     .exitCode,
                 2);
        const CliRun missing = runCli({ QStringLiteral("migrate"), QStringLiteral("status"),
                                        QStringLiteral("--dir"), QStringLiteral("/nonexistent") });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QLatin1String("/nonexistent does not exist")));
    }

    void statusAndUpSpeakJson()
    {
        ScratchDatabase db(QStringLiteral("clijson"));
        CliRun status = runCli(migrate(QStringLiteral("status"), db, { QStringLiteral("--json") }));
        QCOMPARE(status.exitCode, 0);
        QJsonObject object = json(status);
        QCOMPARE(object.value(QStringLiteral("format")).toInt(), 1);
        QCOMPARE(object.value(QStringLiteral("current_version")).toInt(), 0);
        const QJsonArray rows = object.value(QStringLiteral("migrations")).toArray();
        QCOMPARE(rows.size(), 19);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("pending"));
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("file")).toString(),
                 QStringLiteral("001_create_workflow_executions.sql"));

        const CliRun up = runCli(
            migrate(QStringLiteral("up"), db,
                    { QStringLiteral("--to"), QStringLiteral("009"), QStringLiteral("--json") }));
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QCOMPARE(json(up).value(QStringLiteral("done")).toArray().size(), 9);
        QVERIFY(json(up).value(QStringLiteral("failure")).isNull());

        status = runCli(migrate(QStringLiteral("status"), db, { QStringLiteral("--json") }));
        object = json(status);
        QCOMPARE(object.value(QStringLiteral("current_version")).toInt(), 9);
        const QJsonObject nine
            = object.value(QStringLiteral("migrations")).toArray().at(8).toObject();
        QCOMPARE(nine.value(QStringLiteral("state")).toString(), QStringLiteral("applied"));
        QCOMPARE(nine.value(QStringLiteral("applied_checksum")),
                 nine.value(QStringLiteral("checksum")));
        QVERIFY(!nine.value(QStringLiteral("applied_at")).toString().isEmpty());
    }

    void dryRunPrintsAndRunsNothing()
    {
        ScratchDatabase db(QStringLiteral("clidry"));
        const CliRun dry
            = runCli(migrate(QStringLiteral("up"), db, { QStringLiteral("--dry-run") }));
        QCOMPARE(dry.exitCode, 0);
        QVERIFY(dry.out.contains(QLatin1String("-- 001_create_workflow_executions.sql (in one "
                                               "transaction)\nCREATE TABLE IF NOT EXISTS "
                                               "workflow_executions")));
        QCOMPARE(count(db,
                       QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = "
                                      "'workflow_executions'")),
                 0);
        QCOMPARE(count(db,
                       QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = "
                                      "'bridgescope'")),
                 0);
    }

    void fiveRunnersStartedTogetherApplyEachMigrationOnce()
    {
        ScratchDatabase db(QStringLiteral("clifive"));
        QList<QProcess *> runners;
        for (int i = 0; i < 5; ++i) {
            auto *process = new QProcess(this);
            process->start(bridgescopeBinary(), migrate(QStringLiteral("up"), db));
            runners << process;
        }
        for (QProcess *process : std::as_const(runners)) {
            QVERIFY(process->waitForFinished(120'000));
            QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
        }
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM bridgescope.schema_history")), 19);
        QCOMPARE(count(db,
                       QStringLiteral("SELECT count(DISTINCT version) FROM "
                                      "bridgescope.schema_history WHERE success")),
                 19);
        qDeleteAll(runners);
    }

    void failureNamesFileLineAndSqlstate()
    {
        ScratchDatabase db(QStringLiteral("clifail"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_ok.sql"), "CREATE TABLE ok (id int);\n");
        writeFile(dir.path(), QStringLiteral("002_bad.sql"),
                  "CREATE TABLE bad (id int);\nSELECT nosuchcolumn FROM ok;\n");
        const CliRun run
            = runCli(migrate(QStringLiteral("up"), db, { QStringLiteral("--dir"), dir.path() }));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith(QLatin1String("bridgescope: 002_bad.sql, line 2: Column "
                                                  "\"nosuchcolumn\" does not exist (SQLSTATE "
                                                  "42703).")),
                 qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("the database is as it was before it")));
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'bad'")),
                 0);
        const CliRun status = runCli(
            migrate(QStringLiteral("status"), db, { QStringLiteral("--dir"), dir.path() }));
        QVERIFY(status.out.contains(QLatin1String("002      failed")));
    }

    // pg_ctl stop -m immediate while a migration runs. In a transaction: nothing of it stays,
    // nothing is recorded, status says pending. Outside one (no-transaction): the statements
    // before the one running stay, the message says so by line, and status says pending.
    void aServerKilledMidMigration()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        // The files wait while the table slow_marker exists.
        ScratchDir files;
        writeFile(files.path(), QStringLiteral("001_in_transaction.sql"),
                  "CREATE TABLE a (x int);\n"
                  "SELECT pg_sleep(60) FROM pg_tables WHERE tablename = 'slow_marker';\n");
        writeFile(files.path(), QStringLiteral("002_no_transaction.sql"),
                  "-- bridgescope:no-transaction\n"
                  "CREATE TABLE b (x int);\n"
                  "SELECT pg_sleep(60) FROM pg_tables WHERE tablename = 'slow_marker';\n"
                  "CREATE TABLE c (x int);\n");
        const QString dsn = profile->toConnInfo(true);
        auto cli = [&](const QString &action, QStringList extra = {}) {
            return QStringList { QStringLiteral("migrate"), action,
                                 QStringLiteral("--dsn"),   dsn,
                                 QStringLiteral("--dir"),   files.path() }
            + extra;
        };
        auto exists = [&](const char *table) {
            Result<Session> session = Session::open(*profile, {}, QStringLiteral("test-check"));
            Result<RowSet> rows = queryRows(*session,
                                            QStringLiteral("SELECT to_regclass('%1') IS NOT NULL")
                                                .arg(QString::fromUtf8(table)));
            return rows && rows->rows.value(0).value(0) == QByteArray("t");
        };
        auto state = [&](int row) {
            const CliRun status
                = runCli(cli(QStringLiteral("status"), { QStringLiteral("--json") }));
            return json(status)
                .value(QStringLiteral("migrations"))
                .toArray()
                .at(row)
                .toObject()
                .value(QStringLiteral("state"))
                .toString();
        };
        Result<Session> observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
        auto sleeping = [&] {
            return someSession(*observer, QStringLiteral("wait_event = 'PgSleep'"));
        };
        // Kills the server, waits for the runner, starts the server again.
        auto kill = [&](QProcess &runner) {
            const bool stopped = killServer(cluster);
            runner.waitForFinished(60'000);
            const bool restarted = bool(cluster.start());
            observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
            return stopped && restarted && observer;
        };
        QVERIFY(execSql(QStringLiteral("CREATE TABLE slow_marker ()"), *profile));

        QProcess inTransaction;
        inTransaction.start(
            bridgescopeBinary(),
            cli(QStringLiteral("up"), { QStringLiteral("--to"), QStringLiteral("1") }));
        QTRY_VERIFY_WITH_TIMEOUT(sleeping(), 30'000);
        QVERIFY(kill(inTransaction));
        QCOMPARE(inTransaction.exitCode(), 1);
        const QString errInTransaction = QString::fromUtf8(inTransaction.readAllStandardError());
        QVERIFY2(errInTransaction.contains(QLatin1String("001_in_transaction.sql, line 2: The "
                                                         "connection to the server was lost")),
                 qPrintable(errInTransaction));
        QVERIFY(!exists("a"));
        QCOMPARE(state(0), QStringLiteral("pending"));

        QVERIFY(execSql(QStringLiteral("DROP TABLE slow_marker"), *profile));
        QCOMPARE(runCli(cli(QStringLiteral("up"), { QStringLiteral("--to"), QStringLiteral("1") }))
                     .exitCode,
                 0);
        QVERIFY(execSql(QStringLiteral("CREATE TABLE slow_marker ()"), *profile));
        QProcess outside;
        outside.start(bridgescopeBinary(), cli(QStringLiteral("up")));
        QTRY_VERIFY_WITH_TIMEOUT(sleeping(), 30'000);
        QVERIFY(kill(outside));
        QCOMPARE(outside.exitCode(), 1);
        const QString errOutside = QString::fromUtf8(outside.readAllStandardError());
        QVERIFY2(errOutside.contains(QLatin1String("002_no_transaction.sql, line 3: The "
                                                   "connection to the server was lost")),
                 qPrintable(errOutside));
        QVERIFY2(errOutside.contains(QLatin1String("the statements before line 3 stay applied")),
                 qPrintable(errOutside));
        QVERIFY(exists("b"));
        QVERIFY(!exists("c"));
        QCOMPARE(state(0), QStringLiteral("applied"));
        QCOMPARE(state(1), QStringLiteral("pending"));
        QVERIFY(cluster.stop());
    }

    // pg_ctl stop -m immediate while `migrate verify` replays in its scratch database: exit 1
    // in a sentence; the scratch database outlives the server's crash, and the next verify
    // drops it before making its own.
    void aServerKilledMidVerifyLeavesNoScratchDatabaseForLong()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        ScratchDir files;
        // Waits while a database named slow_marker exists (pg_database is shared, so the
        // scratch database sees it too).
        writeFile(files.path(), QStringLiteral("001_t.sql"),
                  "CREATE TABLE t (x int);\n"
                  "SELECT pg_sleep(60) FROM pg_database WHERE datname = 'slow_marker';\n");
        writeFile(files.path(), QStringLiteral("001_rollback_t.sql"), "DROP TABLE t;\n");
        const QStringList verify { QStringLiteral("migrate"), QStringLiteral("verify"),
                                   QStringLiteral("--dsn"),   profile->toConnInfo(true),
                                   QStringLiteral("--dir"),   files.path() };
        auto scratchDatabases = [&] {
            Result<Session> session = Session::open(*profile, {}, QStringLiteral("test-check"));
            Result<RowSet> rows = session
                ? queryRows(*session,
                            QStringLiteral("SELECT count(*) FROM pg_database WHERE "
                                           "datname LIKE 'bridgescope\\_verify\\_%'"))
                : Result<RowSet>(std::unexpected(session.error()));
            return rows ? rows->rows.value(0).value(0).value_or("?") : QByteArray("?");
        };
        QVERIFY(execSql(QStringLiteral("CREATE DATABASE slow_marker"), *profile));

        QProcess verifier;
        verifier.start(bridgescopeBinary(), verify);
        Result<Session> observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        QTRY_VERIFY_WITH_TIMEOUT(someSession(*observer, QStringLiteral("wait_event = 'PgSleep'")),
                                 30'000);
        QVERIFY(killServer(cluster));
        QVERIFY(verifier.waitForFinished(60'000));
        QCOMPARE(verifier.exitCode(), 1);
        const QString err = QString::fromUtf8(verifier.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("connection to the server was lost")), qPrintable(err));

        QVERIFY(cluster.start());
        QCOMPARE(scratchDatabases(), QByteArray("1")); // the crash left it
        QVERIFY(execSql(QStringLiteral("DROP DATABASE slow_marker"), *profile));
        const CliRun again = runCli(verify);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err + again.out));
        QCOMPARE(scratchDatabases(), QByteArray("0"));
        QVERIFY(cluster.stop());
    }

    void changedFileBlocksUpWithExitOne()
    {
        ScratchDatabase db(QStringLiteral("clichanged"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_a.sql"), "CREATE TABLE a (id int);\n");
        QCOMPARE(runCli(migrate(QStringLiteral("up"), db, { QStringLiteral("--dir"), dir.path() }))
                     .exitCode,
                 0);
        writeFile(dir.path(), QStringLiteral("001_a.sql"), "CREATE TABLE a (id text);\n");
        const CliRun status = runCli(
            migrate(QStringLiteral("status"), db, { QStringLiteral("--dir"), dir.path() }));
        QVERIFY(status.out.contains(QLatin1String("001      changed")));
        const CliRun up
            = runCli(migrate(QStringLiteral("up"), db, { QStringLiteral("--dir"), dir.path() }));
        QCOMPARE(up.exitCode, 1);
        QVERIFY(up.err.contains(QLatin1String("--accept-changed")));
    }

    void verifyPassesOnTheBundledChain()
    {
        const CliRun run
            = runCli({ QStringLiteral("migrate"), QStringLiteral("verify"), QStringLiteral("--dsn"),
                       testProfile().toConnInfo(true), QStringLiteral("--json") });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
        const QJsonObject object = json(run);
        QVERIFY(object.value(QStringLiteral("ok")).toBool());
        QCOMPARE(object.value(QStringLiteral("stages")).toArray().size(), 57);
        QVERIFY(object.value(QStringLiteral("differences")).toArray().isEmpty());
    }

    void driftExitsOneAndNamesWhatDiffers()
    {
        ScratchDatabase db(QStringLiteral("cli_drift"));
        QVERIFY(runCli(migrate(QStringLiteral("up"), db)).exitCode == 0);
        const CliRun clean
            = runCli(migrate(QStringLiteral("drift"), db, { QStringLiteral("--json") }));
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.err + clean.out));
        QCOMPARE(json(clean).value(QStringLiteral("drift")).toBool(true), false);
        QCOMPARE(json(clean).value(QStringLiteral("schemas")).toArray(),
                 QJsonArray { QStringLiteral("public") });

        QVERIFY(execSql(QStringLiteral("CREATE INDEX by_hand ON event_logs (event_type)"),
                        db.profile()));
        const CliRun text = runCli(migrate(QStringLiteral("drift"), db));
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(
                     QLatin1String("in the database, not in the migrations: index public.by_hand")),
                 qPrintable(text.out));
        QVERIFY(text.out.contains(QLatin1String("DROP INDEX IF EXISTS public.by_hand;")));
        const CliRun asJson
            = runCli(migrate(QStringLiteral("drift"), db, { QStringLiteral("--json") }));
        QCOMPARE(asJson.exitCode, 1);
        const QJsonArray differences = json(asJson).value(QStringLiteral("differences")).toArray();
        QCOMPARE(differences.size(), 1);
        QCOMPARE(differences.first().toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("extra"));
        QVERIFY(asJson.err.isEmpty()); // progress goes to stderr only without --json
    }
};

QTEST_GUILESS_MAIN(tst_MigrateCommand)
#include "tst_migratecommand.moc"
