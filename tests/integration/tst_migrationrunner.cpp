// The migration runner on a real server: the bundled chain, a failing migration, a changed
// file, the lock, no-transaction files and trial runs, each in a database of its own.
#include "TestDatabase.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"
#include "migrations/CatalogSnapshot.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"

#include <QSqlQuery>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

Session openWritable(const ConnectionProfile &profile)
{
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    Result<Session> session = Session::open(profile, options, QStringLiteral("test-migrate"));
    if (!session)
        qFatal("cannot connect: %s", qPrintable(session.error().message));
    return std::move(*session);
}

MigrationSet bundled()
{
    Result<MigrationSet> set = MigrationSet::load(MigrationSet::bundledDirectory());
    if (!set)
        qFatal("no bundled migrations");
    return std::move(*set);
}

QVariant scalar(Session &session, const QString &sql)
{
    QSqlQuery query(session.database());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

RunOptions upTo(std::optional<int> target = {})
{
    RunOptions options;
    options.target = target;
    return options;
}

} // namespace

class tst_MigrationRunner : public QObject
{
    Q_OBJECT
private slots:
    void upOnEmptyAppliesTheChainOnceAndAgainIsANoOp()
    {
        ScratchDatabase db(QStringLiteral("up"));
        QVERIFY(db.isValid());
        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);

        auto first = runner.run(Direction::Up, upTo());
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        QVERIFY(!first->failure);
        QCOMPARE(first->done.size(), set.migrations().size());
        auto status = runner.status();
        QCOMPARE(status->currentVersion, 19);
        QCOMPARE(status->count(MigrationState::Applied), 19);
        QCOMPARE(scalar(session,
                        QStringLiteral("SELECT count(*) FROM bridgescope.schema_history "
                                       "WHERE success AND action = 'apply'"))
                     .toInt(),
                 19);

        auto second = runner.run(Direction::Up, upTo());
        QVERIFY(second);
        QVERIFY(second->done.isEmpty());
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM bridgescope.schema_history"))
                     .toInt(),
                 19);
    }

    void theSeedsColumnsIndexesAndTablesExist()
    {
        ScratchDatabase db(QStringLiteral("seeds"));
        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);
        QVERIFY(runner.run(Direction::Up, upTo()));

        const auto columnType = [&](const QString &table, const QString &column) {
            return scalar(
                       session,
                       QStringLiteral("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                                      "WHERE attrelid = '%1'::regclass AND attname = '%2'")
                           .arg(table, column))
                .toString();
        };
        // 009: orchestrator columns
        QCOMPARE(columnType(QStringLiteral("workflow_executions"), QStringLiteral("stamp_id")),
                 QStringLiteral("character varying(255)"));
        QCOMPARE(columnType(QStringLiteral("workflow_executions"), QStringLiteral("file_hash")),
                 QStringLiteral("character varying(64)"));
        QCOMPARE(
            columnType(QStringLiteral("workflow_executions"), QStringLiteral("workflow_steps")),
            QStringLiteral("jsonb"));
        QCOMPARE(columnType(QStringLiteral("workflow_executions"), QStringLiteral("session_id")),
                 QStringLiteral("uuid"));
        // 010: reducer columns
        QCOMPARE(columnType(QStringLiteral("bridge_states"), QStringLiteral("unique_file_types")),
                 QStringLiteral("text[]"));
        QCOMPARE(columnType(QStringLiteral("bridge_states"), QStringLiteral("unique_workflows")),
                 QStringLiteral("uuid[]"));
        QCOMPARE(columnType(QStringLiteral("bridge_states"), QStringLiteral("items_per_second")),
                 QStringLiteral("numeric(10,2)"));
        QCOMPARE(columnType(QStringLiteral("bridge_states"), QStringLiteral("window_start")),
                 QStringLiteral("timestamp with time zone"));
        // 011 and the agent tables of seed 004
        for (const char *table : { "event_logs", "agent_definitions", "agent_transformation_events",
                                   "router_performance_metrics" })
            QVERIFY2(scalar(session,
                            QStringLiteral("SELECT to_regclass('%1') IS NOT NULL")
                                .arg(QLatin1String(table)))
                         .toBool(),
                     table);

        const auto indexDef = [&](const QString &index) {
            return scalar(session,
                          QStringLiteral("SELECT pg_get_indexdef('%1'::regclass)").arg(index))
                .toString();
        };
        QVERIFY(indexDef(QStringLiteral("idx_workflow_executions_stamp_id"))
                    .endsWith(QLatin1String("WHERE (stamp_id IS NOT NULL)")));
        QVERIFY(indexDef(QStringLiteral("idx_bridge_states_file_types_gin"))
                    .contains(QLatin1String("USING gin (unique_file_types)")));
        QVERIFY(indexDef(QStringLiteral("idx_bridge_states_namespace_window"))
                    .contains(QLatin1String("(namespace, window_start DESC, window_end DESC)")));

        const auto onDelete = [&](const QString &constraint) {
            return scalar(session,
                          QStringLiteral("SELECT confdeltype FROM pg_constraint WHERE "
                                         "conname = '%1'")
                              .arg(constraint))
                .toString();
        };
        QCOMPARE(onDelete(QStringLiteral("workflow_steps_workflow_id_fkey")), QStringLiteral("c"));
        QCOMPARE(onDelete(QStringLiteral("metadata_stamps_workflow_id_fkey")), QStringLiteral("n"));
        QCOMPARE(onDelete(QStringLiteral("agent_transformation_events_parent_fkey")),
                 QStringLiteral("n"));

        // The updated_at trigger of agent_definitions does its job.
        QVERIFY(executeStatement(session,
                                 QStringLiteral("INSERT INTO agent_definitions (agent_name, "
                                                "updated_at) VALUES ('a', '2000-01-01')")));
        QVERIFY(executeStatement(session,
                                 QStringLiteral("UPDATE agent_definitions SET description = 'x'")));
        QVERIFY(scalar(session,
                       QStringLiteral("SELECT updated_at > '2001-01-01' FROM agent_definitions"))
                    .toBool());
    }

    void bundledFilesAreIdempotent()
    {
        ScratchDatabase db(QStringLiteral("idem"));
        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);
        QVERIFY(runner.run(Direction::Up, upTo()));
        const auto before = readCatalog(session);
        QVERIFY(executeStatement(session, QStringLiteral("SET client_min_messages = warning")));
        for (const Migration &migration : set.migrations()) {
            for (const SqlStatement &statement : migration.forward.statements) {
                const Status again = executeStatement(session, statement.text);
                QVERIFY2(again,
                         qPrintable(migration.forward.fileName + QLatin1String(": ")
                                    + (again ? QString() : again.error().message)));
            }
        }
        QCOMPARE(compareCatalogs(*before, *readCatalog(session)).size(), 0);
    }

    // Keys longer than 63 bytes stay whole: cut, two constraints of a long-named table were one
    // key, and a difference in either went unseen.
    void longObjectNamesAreComparedWhole()
    {
        ScratchDatabase db(QStringLiteral("longnames"));
        Session session = openWritable(db.profile());
        QVERIFY(executeStatement(
            session,
            QStringLiteral("CREATE TABLE agent_transformation_events (id int "
                           "CONSTRAINT agent_transformation_events_pkey PRIMARY KEY, parent int "
                           "CONSTRAINT agent_transformation_events_parent_fkey REFERENCES "
                           "agent_transformation_events)")));
        const auto catalog = readCatalog(session);
        QVERIFY(catalog);
        const QString prefix = QStringLiteral("constraint public.agent_transformation_events.");
        QCOMPARE(catalog->value(prefix + QStringLiteral("agent_transformation_events_pkey")),
                 QStringLiteral("PRIMARY KEY (id)"));
        QVERIFY(catalog->value(prefix + QStringLiteral("agent_transformation_events_parent_fkey"))
                    .startsWith(QLatin1String("FOREIGN KEY (parent)")));
        QVERIFY(
            executeStatement(session,
                             QStringLiteral("ALTER TABLE agent_transformation_events DROP "
                                            "CONSTRAINT agent_transformation_events_parent_fkey")));
        const auto differences = compareCatalogs(*catalog, *readCatalog(session));
        QCOMPARE(differences.size(), 1);
        QCOMPARE(differences.first().object,
                 prefix + QStringLiteral("agent_transformation_events_parent_fkey"));
    }

    void upDownToZeroUpGivesIdenticalCatalogs()
    {
        ScratchDatabase db(QStringLiteral("roundtrip"));
        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);
        const auto empty = readCatalog(session);
        QVERIFY(runner.run(Direction::Up, upTo()));
        const auto applied = readCatalog(session);
        QVERIFY(applied->size() > 300);

        RunOptions toZero;
        toZero.target = 0;
        auto down = runner.run(Direction::Down, toZero);
        QVERIFY(down && !down->failure);
        QCOMPARE(down->done.size(), 19);
        QCOMPARE(down->done.first().version, 19);
        QCOMPARE(compareCatalogs(*empty, *readCatalog(session)).size(), 0);

        QVERIFY(runner.run(Direction::Up, upTo()));
        const auto differences = compareCatalogs(*applied, *readCatalog(session));
        QVERIFY2(differences.isEmpty(),
                 qPrintable(differences.isEmpty() ? QString() : differences.first().describe()));
    }

    void downRollsBackOnlyTheLastOne()
    {
        ScratchDatabase db(QStringLiteral("down"));
        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);
        QVERIFY(runner.run(Direction::Up, upTo(11)));
        auto down = runner.run(Direction::Down, RunOptions {});
        QVERIFY(down);
        QCOMPARE(down->done.size(), 1);
        QCOMPARE(down->done.first().version, 11);
        QVERIFY(!scalar(session, QStringLiteral("SELECT to_regclass('event_logs') IS NOT NULL"))
                     .toBool());
        QCOMPARE(runner.status()->currentVersion, 10);
        QCOMPARE(runner.status()->row(11)->state, MigrationState::Pending);
    }

    void failingMigrationLeavesNoTrace()
    {
        ScratchDatabase db(QStringLiteral("fail"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_base.sql"), "CREATE TABLE base (id int);\n");
        writeFile(dir.path(), QStringLiteral("002_half.sql"),
                  "-- creates a table, then fails on its fourth line\n"
                  "CREATE TABLE half (id int);\n"
                  "INSERT INTO base VALUES (1);\n"
                  "ALTER TABLE base\n"
                  "    ADD COLUMN note nosuchtype;\n");
        const auto set = MigrationSet::load(dir.path());
        Session session = openWritable(db.profile());
        MigrationRunner runner(session, *set);

        auto report = runner.run(Direction::Up, upTo());
        QVERIFY(report);
        QCOMPARE(report->done.size(), 1);
        QVERIFY(report->failure);
        QCOMPARE(report->failure->version, 2);
        QCOMPARE(report->failure->fileName, QStringLiteral("002_half.sql"));
        QCOMPARE(report->failure->line, 5);
        QCOMPARE(report->failure->error.sqlState, QStringLiteral("42704"));
        QVERIFY2(report->failure->describe().startsWith(
                     QLatin1String("002_half.sql, line 5: Type \"nosuchtype\" does not exist")),
                 qPrintable(report->failure->describe()));

        QVERIFY(
            !scalar(session, QStringLiteral("SELECT to_regclass('half') IS NOT NULL")).toBool());
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM base")).toInt(), 0);
        const auto status = runner.status();
        QCOMPARE(status->row(2)->state, MigrationState::Failed);
        QVERIFY(!status->row(2)->applied);
        QCOMPARE(status->currentVersion, 1);
    }

    void changedFileIsReportedAndBlocksUp()
    {
        ScratchDatabase db(QStringLiteral("changed"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_a.sql"), "CREATE TABLE a (id int);\n");
        Session session = openWritable(db.profile());
        {
            const auto set = MigrationSet::load(dir.path());
            MigrationRunner runner(session, *set);
            QVERIFY(runner.run(Direction::Up, upTo()));
        }
        writeFile(dir.path(), QStringLiteral("001_a.sql"), "CREATE TABLE a (id bigint);\n");
        writeFile(dir.path(), QStringLiteral("002_b.sql"), "CREATE TABLE b (id int);\n");
        const auto set = MigrationSet::load(dir.path());
        MigrationRunner runner(session, *set);
        QCOMPARE(runner.status()->row(1)->state, MigrationState::Changed);
        const auto blocked = runner.run(Direction::Up, upTo());
        QVERIFY(!blocked);
        QVERIFY(blocked.error().message.contains(QLatin1String("001")));
        QVERIFY(!scalar(session, QStringLiteral("SELECT to_regclass('b') IS NOT NULL")).toBool());

        RunOptions accept;
        accept.acceptChanged = true;
        QVERIFY(runner.run(Direction::Up, accept));
        QVERIFY(scalar(session, QStringLiteral("SELECT to_regclass('b') IS NOT NULL")).toBool());
    }

    void lockHolderIsNamed()
    {
        ScratchDatabase db(QStringLiteral("lock"));
        Session holder = openWritable(db.profile());
        QVERIFY(executeStatement(holder,
                                 QStringLiteral("SELECT pg_advisory_lock(%1, %2)")
                                     .arg(kMigrationLockClass)
                                     .arg(kMigrationLockObject)));
        const int holderPid = scalar(holder, QStringLiteral("SELECT pg_backend_pid()")).toInt();

        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);
        const auto who = runner.lockHolder();
        QVERIFY(who && *who);
        QCOMPARE((*who)->pid, holderPid);
        QCOMPARE((*who)->application, QStringLiteral("bridgescope"));

        RunOptions noWait;
        noWait.waitForLock = false;
        const auto refused = runner.run(Direction::Up, noWait);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("process %1").arg(holderPid)),
                 qPrintable(refused.error().message));
        QVERIFY(!scalar(session,
                        QStringLiteral("SELECT to_regclass('workflow_executions') IS NOT "
                                       "NULL"))
                     .toBool());
    }

    // A deploy role on a shared database: it may create tables in public and write the history,
    // but may not create schemas and does not own the history table. Its migrations run and are
    // recorded (before, the history's set-up asked for CREATE on the database every run).
    void aRoleThatOwnsNeitherTheDatabaseNorTheHistoryRunsMigrations()
    {
        ScratchDatabase db(QStringLiteral("deployer"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_base.sql"), "CREATE TABLE base (id int);\n");
        writeFile(dir.path(), QStringLiteral("002_more.sql"), "CREATE TABLE more (id int);\n");
        const auto set = MigrationSet::load(dir.path());
        QVERIFY(set);
        {
            Session owner = openWritable(db.profile());
            MigrationRunner runner(owner, *set);
            QVERIFY(runner.run(Direction::Up, upTo(1)));
        }
        ScratchRole deployer(QStringLiteral("deployer"));
        QVERIFY(deployer.grant(QStringLiteral("GRANT CREATE ON SCHEMA public TO %1;"
                                              "GRANT USAGE ON SCHEMA bridgescope TO %1;"
                                              "GRANT SELECT, INSERT ON bridgescope.schema_history "
                                              "TO %1;"
                                              "REVOKE CREATE ON DATABASE %2 FROM PUBLIC")
                                   .replace(QLatin1String("%2"), db.name()),
                               db.profile()));
        Session session = openWritable(deployer.profile(db.profile()));
        MigrationRunner runner(session, *set);
        const auto report = runner.run(Direction::Up, upTo());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY2(!report->failure, report->failure ? qPrintable(report->failure->describe()) : "");
        QCOMPARE(report->done.size(), 1);
        QCOMPARE(runner.status()->currentVersion, 2);
        QCOMPARE(scalar(session,
                        QStringLiteral("SELECT applied_by FROM bridgescope.schema_history "
                                       "WHERE version = 2"))
                     .toString(),
                 deployer.name());
    }

    void noTransactionFileRunsOutsideOne()
    {
        ScratchDatabase db(QStringLiteral("notx"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_t.sql"), "CREATE TABLE t (x int);\n");
        writeFile(dir.path(), QStringLiteral("002_index.sql"),
                  "-- bridgescope:no-transaction\nCREATE INDEX CONCURRENTLY t_x ON t (x);\n");
        const auto set = MigrationSet::load(dir.path());
        Session session = openWritable(db.profile());
        MigrationRunner runner(session, *set);
        const auto report = runner.run(Direction::Up, upTo());
        QVERIFY(report);
        QVERIFY2(!report->failure, report->failure ? qPrintable(report->failure->describe()) : "");
        QVERIFY(scalar(session, QStringLiteral("SELECT to_regclass('t_x') IS NOT NULL")).toBool());
    }

    void trialRunsAndRollsBack()
    {
        ScratchDatabase db(QStringLiteral("trial"));
        Session session = openWritable(db.profile());
        const MigrationSet set = bundled();
        MigrationRunner runner(session, set);
        RunOptions trial;
        trial.trial = true;
        const auto report = runner.run(Direction::Up, trial);
        QVERIFY(report && !report->failure);
        QCOMPARE(report->done.size(), 19);
        QVERIFY(!scalar(session,
                        QStringLiteral("SELECT to_regclass('workflow_executions') IS NOT "
                                       "NULL"))
                     .toBool());
        QCOMPARE(runner.status()->count(MigrationState::Pending), 19);
    }
};

QTEST_GUILESS_MAIN(tst_MigrationRunner)
#include "tst_migrationrunner.moc"
