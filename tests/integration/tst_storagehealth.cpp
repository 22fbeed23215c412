// The Health tab's storage, index, statement and activity sections on a real server: a mass
// UPDATE shows as dead rows and as bloat, unused and duplicate indexes are found (and the ones a
// constraint needs are kept), a table locked by a migration is sized without waiting for it,
// pg_stat_statements is read where installed and explained where not, activity counters turn
// into rates, and the CLI prints each section as text and JSON.
#include "CliRun.h"
#include "TestDatabase.h"
#include "connection/ExecuteStatement.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "health/ActivitySample.h"
#include "health/IndexHealth.h"
#include "health/StorageHealth.h"
#include "health/TopStatements.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

std::optional<TableStorage> tableNamed(Session &session, const QString &name)
{
    Result<StorageReport> report = readStorage(session);
    if (!report)
        return std::nullopt;
    for (const TableStorage &table : report->tables) {
        if (table.name == name)
            return table;
    }
    return std::nullopt;
}

QStringList names(const QList<IndexUse> &indexes)
{
    QStringList list;
    for (const IndexUse &index : indexes)
        list << index.name;
    return list;
}

Result<Session> writable(const ScratchDatabase &db, const QString &purpose)
{
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    options.statementTimeoutMs = 0;
    return Session::open(db.profile(), options, purpose);
}

} // namespace

class tst_StorageHealth : public QObject
{
    Q_OBJECT
private slots:
    void aMassUpdateRaisesDeadRowsAndTheBloatEstimate()
    {
        ScratchDatabase db(QStringLiteral("storage"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE churn (id int PRIMARY KEY, payload text) "
                                       "  WITH (autovacuum_enabled = off);"
                                       "INSERT INTO churn SELECT g, repeat('x', 100) "
                                       "  FROM generate_series(1, 20000) g;"
                                       "ANALYZE churn;"),
                        db.profile()));
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        std::optional<TableStorage> before = tableNamed(*observer, QStringLiteral("churn"));
        QVERIFY(before);
        QCOMPARE(before->schema, QStringLiteral("public"));
        QVERIFY(before->tableBytes > 2'000'000); // 20,000 rows of ~130 bytes
        QVERIFY(before->indexBytes > 0);
        QVERIFY(before->lastAnalyze.isValid());
        QVERIFY(!before->lastVacuum.isValid());
        QVERIFY2(before->bloatShare && *before->bloatShare < 0.1,
                 qPrintable(QString::number(before->bloatShare.value_or(-1))));

        QVERIFY(execSql(QStringLiteral("UPDATE churn SET payload = repeat('y', 100); "
                                       "ANALYZE churn;"),
                        db.profile()));
        // The writer's counters arrive when its session ends (at once from 15 on, within a
        // second or so before).
        std::optional<TableStorage> after;
        QTRY_VERIFY_WITH_TIMEOUT((after = tableNamed(*observer, QStringLiteral("churn")))
                                     && after->deadTuples >= 15'000,
                                 20'000);
        QVERIFY2(after->bloatShare && *after->bloatShare > 0.35,
                 qPrintable(QString::number(after->bloatShare.value_or(-1))));
        QVERIFY(after->bloatBytes && *after->bloatBytes > before->bloatBytes.value_or(0));
        QVERIFY(after->tableBytes > before->tableBytes);

        Result<StorageReport> report = readStorage(*observer);
        QVERIFY(report);
        QCOMPARE(report->database, db.name());
        QVERIFY(report->databaseBytes > 0);
        QVERIFY(report->freezeMaxAge >= 100'000);
        bool listed = false;
        for (const DatabaseStorage &database : report->databases)
            listed |= database.name == db.name() && database.xidAge > 0;
        QVERIFY(listed);
    }

    void aPartitionedTableIsTheSumOfItsPartitions()
    {
        ScratchDatabase db(QStringLiteral("storageparts"));
        QVERIFY(
            execSql(QStringLiteral("CREATE TABLE events (id bigint, at date NOT NULL, body text) "
                                   "  PARTITION BY RANGE (at);"
                                   "CREATE TABLE events_a PARTITION OF events "
                                   "  FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');"
                                   "CREATE TABLE events_b PARTITION OF events "
                                   "  FOR VALUES FROM ('2026-02-01') TO ('2026-03-01') "
                                   "  PARTITION BY RANGE (at);" // a partition partitioned again
                                   "CREATE TABLE events_b1 PARTITION OF events_b "
                                   "  FOR VALUES FROM ('2026-02-01') TO ('2026-02-15');"
                                   "ALTER TABLE events_a ADD PRIMARY KEY (id, at);" // its own key
                                   "INSERT INTO events SELECT g, date '2026-01-01' + (g % 40), "
                                   "  repeat('e', 50) FROM generate_series(1, 5000) g "
                                   "  WHERE date '2026-01-01' + (g % 40) < date '2026-02-15';"),
                    db.profile()));
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        Result<StorageReport> report = readStorage(*observer);
        QVERIFY(report);
        QMap<QString, TableStorage> byName;
        for (const TableStorage &table : report->tables)
            byName.insert(table.name, table);
        QCOMPARE(report->tableCount, 4); // events, events_b, and the two leaves
        const TableStorage events = byName.value(QStringLiteral("events"));
        const TableStorage a = byName.value(QStringLiteral("events_a"));
        const TableStorage b1 = byName.value(QStringLiteral("events_b1"));
        QCOMPARE(events.partitions, 2);
        QCOMPARE(byName.value(QStringLiteral("events_b")).partitions, 1);
        QCOMPARE(events.tableBytes, a.tableBytes + b1.tableBytes);
        QCOMPARE(events.indexBytes, a.indexBytes + b1.indexBytes);
        QVERIFY(a.indexBytes > 0 && b1.indexBytes == 0);
        QVERIFY(!events.bloatBytes);
        QCOMPARE(report->tables.first().name, QStringLiteral("events")); // the largest
    }

    void aTableLockedByAMigrationIsSizedWithoutWaiting()
    {
        ScratchDatabase db(QStringLiteral("storagelock"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE held (a int); CREATE INDEX ON held (a); "
                                       "INSERT INTO held SELECT generate_series(1, 1000);"),
                        db.profile()));
        QVERIFY(execSql(QStringLiteral("VACUUM ANALYZE held"), db.profile()));
        Result<Session> migration = writable(db, QStringLiteral("test-migration"));
        QVERIFY(migration);
        QVERIFY(executeStatement(*migration, QStringLiteral("BEGIN")));
        QVERIFY(executeStatement(*migration,
                                 QStringLiteral("LOCK TABLE held IN ACCESS EXCLUSIVE MODE")));
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        Result<StorageReport> report = readStorage(*observer);
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->tables.size(), 1);
        const TableStorage &held = report->tables.first();
        QVERIFY(held.sizeFromCatalog);
        QVERIFY(held.tableBytes >= 8192 && held.indexBytes >= 8192); // relpages after VACUUM
        Result<IndexReport> indexes = readIndexHealth(*observer);
        QVERIFY2(indexes, indexes ? "" : qPrintable(indexes.error().message));
        QCOMPARE(names(indexes->unused), QStringList { QStringLiteral("held_a_idx") });
        QVERIFY(indexes->unused.first().bytes >= 8192);
        QVERIFY(executeStatement(*migration, QStringLiteral("ROLLBACK")));
        report = readStorage(*observer);
        QVERIFY(report && !report->tables.first().sizeFromCatalog);
    }

    void unusedAndDuplicateIndexesAreFound()
    {
        ScratchDatabase db(QStringLiteral("indexes"));
        QVERIFY(execSql(
            QStringLiteral("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int);"
                           "CREATE INDEX t_a_first ON t (a);"
                           "CREATE INDEX t_a_second ON t (a);" // the same as t_a_first
                           "CREATE INDEX t_a_partial ON t (a) WHERE b > 0;" // not the same
                           "CREATE INDEX t_a_desc ON t (a DESC);" // not the same
                           "CREATE INDEX t_id_again ON t (id);" // duplicates the key
                           "CREATE UNIQUE INDEX t_b_unique ON t (b);" // unused but needed
                           "CREATE INDEX t_c ON t (c);"
                           "INSERT INTO t SELECT g, g, g, g FROM generate_series(1, 1000) g;"
                           "ANALYZE t;"),
            db.profile()));
        // t_c is scanned once: it is not unused.
        Result<Session> reader = writable(db, QStringLiteral("test-reader"));
        QVERIFY(reader);
        QVERIFY(executeStatement(*reader, QStringLiteral("SET enable_seqscan = off")));
        QVERIFY(queryRows(*reader, QStringLiteral("SELECT * FROM t WHERE c = 5")));
        endWithStatistics(std::move(*reader));

        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        // The reader's scan reaches the statistics when its backend flushes them.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<IndexReport> report = readIndexHealth(*observer);
                return report && !names(report->unused).contains(QStringLiteral("t_c"));
            }(),
            20'000);
        Result<IndexReport> report = readIndexHealth(*observer);
        QVERIFY(report);
        QStringList unused = names(report->unused);
        unused.sort();
        QCOMPARE(unused,
                 (QStringList { QStringLiteral("t_a_desc"), QStringLiteral("t_a_first"),
                                QStringLiteral("t_a_partial"), QStringLiteral("t_a_second"),
                                QStringLiteral("t_id_again") }));
        QCOMPARE(report->duplicates.size(), 2);
        QMap<QString, QStringList> groups;
        for (const DuplicateIndexes &group : report->duplicates)
            groups.insert(group.keep.name, names(group.redundant));
        QCOMPARE(groups.value(QStringLiteral("t_a_first")),
                 QStringList { QStringLiteral("t_a_second") });
        QCOMPARE(groups.value(QStringLiteral("t_pkey")),
                 QStringList { QStringLiteral("t_id_again") });
        for (const DuplicateIndexes &group : report->duplicates)
            QVERIFY(group.keep.bytes > 0 && group.redundant.first().bytes > 0);

        // The CLI: text and JSON.
        const QString dsn = db.profile().toConnInfo(true);
        CliRun cli = runCli(
            { QStringLiteral("health"), QStringLiteral("indexes"), QStringLiteral("--dsn"), dsn });
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QVERIFY2(cli.out.contains(QLatin1String("2 sets of duplicate indexes")),
                 qPrintable(cli.out));
        QVERIFY(cli.out.contains(QLatin1String("  drop public.t_a_second on t")));
        cli = runCli({ QStringLiteral("health"), QStringLiteral("storage"),
                       QStringLiteral("indexes"), QStringLiteral("--json"), QStringLiteral("--dsn"),
                       dsn });
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        const QJsonObject json = QJsonDocument::fromJson(cli.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("format")).toInt(), 1);
        QVERIFY(!json.contains(QStringLiteral("sessions")));
        QCOMPARE(
            json[QStringLiteral("storage")][QStringLiteral("tables")][0][QStringLiteral("name")]
                .toString(),
            QStringLiteral("t"));
        QCOMPARE(json[QStringLiteral("indexes")][QStringLiteral("duplicates")].toArray().size(), 2);

        cli = runCli(
            { QStringLiteral("health"), QStringLiteral("bloat"), QStringLiteral("--dsn"), dsn });
        QCOMPARE(cli.exitCode, 2);
        QVERIFY(cli.err.contains(QLatin1String("Unknown section \"bloat\"")));
    }

    void topStatementsWhereInstalledAndASentenceWhereNot()
    {
        ScratchDatabase db(QStringLiteral("statements"));
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        Result<TopStatementsReport> missing = readTopStatements(*observer);
        QVERIFY(missing);
        QVERIFY(!missing->available);
        QVERIFY2(missing->unavailableReason.contains(
                     QStringLiteral("CREATE EXTENSION pg_stat_statements; in database %1")
                         .arg(db.name())),
                 qPrintable(missing->unavailableReason));
        const bool loaded
            = missing->unavailableReason.startsWith(QLatin1String("pg_stat_statements is loaded"));
        if (!loaded)
            QSKIP("The server does not load pg_stat_statements (LocalCluster clusters do).");

        QVERIFY(
            execSql(QStringLiteral("CREATE SCHEMA monitoring;"
                                   "CREATE EXTENSION pg_stat_statements SCHEMA monitoring;"
                                   "CREATE TABLE numbers AS SELECT generate_series(1, 5000) n;"),
                    db.profile()));
        Result<Session> worker = writable(db, QStringLiteral("test-worker"));
        QVERIFY(worker);
        for (int i = 0; i < 7; ++i)
            QVERIFY(queryRows(*worker,
                              QStringLiteral("SELECT sum(n) AS distinctive_sum FROM "
                                             "numbers WHERE n > %1")
                                  .arg(i)));
        Result<TopStatementsReport> top = readTopStatements(*observer);
        QVERIFY2(top, top ? "" : qPrintable(top.error().message));
        QVERIFY(top->available);
        const StatementStats *found = nullptr;
        for (const StatementStats &s : top->statements) {
            if (s.query.contains(QLatin1String("distinctive_sum")))
                found = &s;
            QVERIFY(!s.query.startsWith(QLatin1String("/* bridgescope health */")));
        }
        QVERIFY(found);
        QCOMPARE(found->calls, 7); // one normalised statement: the constant became $1
        QVERIFY(found->query.contains(QLatin1String("n > $1")));
        QCOMPARE(found->database, db.name());
        QVERIFY(found->totalMs > 0 && found->rows == 7);
    }

    void activityCountersBecomeRates()
    {
        ScratchDatabase db(QStringLiteral("activity"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE ticks (n int)"), db.profile()));
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        Result<Session> worker = writable(db, QStringLiteral("test-worker"));
        QVERIFY(observer && worker);
        Result<ActivityCounters> before = readActivityCounters(*observer);
        QVERIFY(before);
        QVERIFY(before->at.isValid());
        for (int i = 0; i < 20; ++i)
            QVERIFY(executeStatement(*worker, QStringLiteral("INSERT INTO ticks VALUES (1)")));
        endWithStatistics(std::move(*worker));
        std::optional<ActivityRates> rates;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<ActivityCounters> after = readActivityCounters(*observer);
                if (!after)
                    return false;
                rates = activityRates(*before, *after);
                // A rate times its interval gives back the count, give or take a rounding.
                return rates && qRound64(rates->tuplesWrittenPerSecond * rates->seconds) >= 20;
            }(),
            20'000);
        QVERIFY(rates->seconds > 0);
        QVERIFY(qRound64(rates->commitsPerSecond * rates->seconds) >= 20);
        QVERIFY(rates->active >= 1); // the observer itself
    }

    // pg_stat_checkpointer from PostgreSQL 17 on, pg_stat_bgwriter before: a CHECKPOINT the
    // user asks for counts as requested, on every major.
    void aRequestedCheckpointIsCounted()
    {
        ScratchDatabase db(QStringLiteral("checkpoints"));
        Result<Session> observer = Session::open(db.profile(), {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        Result<ActivityCounters> before = readActivityCounters(*observer);
        QVERIFY2(before, before ? "" : qPrintable(before.error().message));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE dirty AS SELECT generate_series(1, 1000) n; "
                                       "CHECKPOINT"),
                        db.profile()));
        // The checkpointer publishes its counters when the checkpoint ends, which CHECKPOINT
        // waits for; a moment more where its report is still on its way.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<ActivityCounters> after = readActivityCounters(*observer);
                return after && after->checkpointsRequested > before->checkpointsRequested;
            }(),
            20'000);
    }

    void aRoleWithFewRightsGetsEverySectionItMaySee()
    {
        ScratchDatabase db(QStringLiteral("fewrights"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE open_table (a int); "
                                       "CREATE TABLE closed_table (b int, c text); "
                                       "INSERT INTO open_table SELECT generate_series(1, 100); "
                                       "INSERT INTO closed_table SELECT 1, 'x'; "
                                       "CREATE SCHEMA monitoring;"
                                       "CREATE EXTENSION IF NOT EXISTS pg_stat_statements "
                                       "  SCHEMA monitoring;"
                                       "ANALYZE;"),
                        db.profile()));
        QVERIFY(execSql(QStringLiteral("DROP ROLE IF EXISTS bs_health_reader")));
        QVERIFY(execSql(QStringLiteral("CREATE ROLE bs_health_reader LOGIN")));
        QVERIFY(execSql(QStringLiteral("GRANT SELECT ON open_table TO bs_health_reader"),
                        db.profile()));
        ConnectionProfile reader = db.profile();
        reader.setValue(QStringLiteral("user"), QStringLiteral("bs_health_reader"));
        {
            Result<Session> session = Session::open(reader, {}, QStringLiteral("test-reader"));
            QVERIFY(session);
            // Sizes need no rights; the bloat estimate needs statistics the role may read.
            Result<StorageReport> storage = readStorage(*session);
            QVERIFY2(storage, storage ? "" : qPrintable(storage.error().message));
            QCOMPARE(storage->tableCount, 2);
            for (const TableStorage &table : storage->tables) {
                QVERIFY(table.tableBytes > 0);
                if (table.name == QLatin1String("closed_table"))
                    QVERIFY(!table.bloatBytes); // pg_stats hides its columns from this role
            }
            QVERIFY(readIndexHealth(*session));
            // pg_stat_statements' settings are hidden from it: the report says what it can.
            Result<TopStatementsReport> statements = readTopStatements(*session);
            QVERIFY2(statements, statements ? "" : qPrintable(statements.error().message));
            QVERIFY(!statements->available);
            QVERIFY2(statements->unavailableReason.contains(
                         QLatin1String("it needs USAGE on schema monitoring")),
                     qPrintable(statements->unavailableReason));
        }
        // The CLI answers every section, exit 0.
        const CliRun cli = runCli(
            { QStringLiteral("health"), QStringLiteral("--dsn"), reader.toConnInfo(true) });
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QVERIFY(cli.out.contains(QLatin1String("public.closed_table")));
        QVERIFY(execSql(QStringLiteral("DROP OWNED BY bs_health_reader"), db.profile()));
        QVERIFY(execSql(QStringLiteral("DROP ROLE bs_health_reader")));
    }
};

QTEST_GUILESS_MAIN(tst_StorageHealth)
#include "tst_storagehealth.moc"
