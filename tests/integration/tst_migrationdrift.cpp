// Drift: hand-made changes to a migrated database are each found and named, the SQL offered for
// each really brings the two sides in line, and what the migrations never touch is left alone.
#include "TestDatabase.h"
#include "connection/Session.h"
#include "migrations/CatalogSnapshot.h"
#include "migrations/DriftCheck.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// The hand changes an operator makes in an emergency, each with the object drift must name.
const char kHandChanges[] = R"sql(
CREATE INDEX hand_made_idx ON workflow_steps (status, created_at);
ALTER TABLE bridge_states DROP COLUMN node_type;
ALTER TABLE workflow_executions ALTER COLUMN namespace SET DEFAULT 'hotfix';
CREATE OR REPLACE FUNCTION agent_definitions_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END
$$;
COMMENT ON TABLE event_logs IS 'edited in production';
CREATE TABLE "Hand ""Made"" Table" (id bigint PRIMARY KEY, note text NOT NULL DEFAULT 'x');
COMMENT ON COLUMN "Hand ""Made"" Table".note IS 'a note';
)sql";

int countScratchDatabases()
{
    Result<Session> session = Session::open(testProfile(), {}, QStringLiteral("test-drift"));
    QSqlQuery query(session->database());
    if (!query.exec(QStringLiteral(
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'bridgescope\\_drift\\_%'"))
        || !query.next())
        return -1;
    return query.value(0).toInt();
}

// The bundled chain copied into a folder a test may change.
void copyBundledChain(const QString &to)
{
    QDirIterator files(MigrationSet::bundledDirectory(), { QStringLiteral("*.sql") }, QDir::Files);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        writeFile(to, QFileInfo(path).fileName(), file.readAll());
    }
}

Result<DriftReport> drift(const ConnectionProfile &profile, const QString &directory = {})
{
    Result<MigrationSet> set
        = MigrationSet::load(directory.isEmpty() ? MigrationSet::bundledDirectory() : directory);
    if (!set)
        return std::unexpected(set.error());
    return checkDrift(profile, *set);
}

const DriftFinding *findingFor(const DriftReport &report, const QString &object)
{
    for (const DriftFinding &finding : report.findings) {
        if (finding.difference.object == object)
            return &finding;
    }
    return nullptr;
}

QString objects(const DriftReport &report)
{
    QStringList names;
    for (const DriftFinding &finding : report.findings)
        names << finding.difference.describe();
    return names.join(QLatin1Char('\n'));
}

} // namespace

class tst_MigrationDrift : public QObject
{
    Q_OBJECT
private slots:
    void aMigratedDatabaseHasNoDrift()
    {
        ScratchDatabase db(QStringLiteral("drift_none"));
        QVERIFY(applyBundledMigrations(db.profile()));
        // What the migrations never touch is not drift: another schema, the history schema.
        QVERIFY(execSql(QStringLiteral("CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.t (a int);"
                                       "COMMENT ON SCHEMA elsewhere IS 'not ours'"),
                        db.profile()));
        // A scratch database an earlier, killed check could not drop goes with the next check.
        QVERIFY(execSql(QStringLiteral("CREATE DATABASE bridgescope_drift_0ldc0de0")));
        const auto report = drift(db.profile());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(report->compared());
        QVERIFY2(!report->hasDrift(), qPrintable(objects(*report)));
        QCOMPARE(report->applied.size(), 19);
        QCOMPARE(report->schemas, QStringList { QStringLiteral("public") });
        QVERIFY(report->summary().startsWith(QLatin1String("No drift")));
        QVERIFY(!report->privateCluster);
        QCOMPARE(countScratchDatabases(), 0);
    }

    void eachHandChangeIsFoundAndTheSqlAlignsBothWays()
    {
        ScratchDatabase db(QStringLiteral("drift_hand"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(execSql(QString::fromUtf8(kHandChanges), db.profile()));
        const auto report = drift(db.profile());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(report->compared());
        QVERIFY(report->hasDrift());

        using Kind = CatalogDifference::Kind;
        const DriftFinding *index
            = findingFor(*report, QStringLiteral("index public.hand_made_idx"));
        QVERIFY2(index, qPrintable(objects(*report)));
        QCOMPARE(index->difference.kind, Kind::Extra);
        QVERIFY(index->difference.explain().startsWith(
            QLatin1String("in the database, not in the migrations")));
        const DriftFinding *column
            = findingFor(*report, QStringLiteral("column public.bridge_states.node_type"));
        QVERIFY(column);
        QCOMPARE(column->difference.kind, Kind::Missing);
        // Its comment and index went with it: the comment is folded in, the index is its own.
        QVERIFY(column->within.contains(
            QStringLiteral("comment table column public.bridge_states.node_type")));
        const DriftFinding *defaultValue
            = findingFor(*report, QStringLiteral("column public.workflow_executions.namespace"));
        QVERIFY(defaultValue);
        QCOMPARE(defaultValue->difference.kind, Kind::Changed);
        QVERIFY(defaultValue->difference.explain().contains(QLatin1String("'hotfix'")));
        const DriftFinding *function = findingFor(
            *report, QStringLiteral("function public.agent_definitions_set_updated_at()"));
        QVERIFY(function);
        QVERIFY2(function->difference.explain().contains(QLatin1String("clock_timestamp()")),
                 qPrintable(function->difference.explain()));
        const DriftFinding *comment
            = findingFor(*report, QStringLiteral("comment table public.event_logs"));
        QVERIFY(comment);
        QCOMPARE(comment->difference.kind, Kind::Changed);
        const DriftFinding *table
            = findingFor(*report, QStringLiteral("table public.\"Hand \"\"Made\"\" Table\""));
        QVERIFY(table);
        QCOMPARE(table->difference.kind, Kind::Extra);
        QVERIFY(table->within.size() >= 4); // two columns, the key, its index, the comment
        QVERIFY2(report->findings.size() == 7, qPrintable(objects(*report)));

        // The other way first: a new migration holding each "record it" SQL, applied after the
        // chain to an empty database, makes the drifted database's catalog.
        ScratchDir folder;
        copyBundledChain(folder.path());
        QStringList record;
        for (const DriftFinding &finding : report->findings)
            record << finding.sql.toMatchDatabase;
        writeFile(folder.path(), QStringLiteral("020_record_drift.sql"),
                  record.join(QLatin1Char('\n')).toUtf8());
        ScratchDatabase recorded(QStringLiteral("drift_recorded"));
        {
            Result<MigrationSet> set = MigrationSet::load(folder.path());
            QVERIFY(set && set->problems().isEmpty());
            SessionOptions writable;
            writable.mode = AccessMode::ReadWrite;
            Result<Session> session
                = Session::open(recorded.profile(), writable, QStringLiteral("test-record"));
            MigrationRunner runner(*session, *set);
            Result<RunReport> run = runner.run(Direction::Up, {});
            QVERIFY(run);
            QVERIFY2(!run->failure, run->failure ? qPrintable(run->failure->describe()) : "");
            Result<Session> live = Session::open(db.profile(), {}, QStringLiteral("test-live"));
            const auto drifted = readCatalog(*live, { QStringLiteral("public") });
            const auto replayed = readCatalog(*session, { QStringLiteral("public") });
            QVERIFY(drifted && replayed);
            QStringList left;
            for (const CatalogDifference &difference : compareCatalogs(*drifted, *replayed))
                left << difference.describe();
            QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char('\n'))));
        }

        // Then the SQL that makes the database match the migrations, run on it: no drift left.
        QStringList align;
        for (const DriftFinding &finding : report->findings)
            align << finding.sql.toMatchMigrations;
        QVERIFY2(execSql(align.join(QLatin1Char('\n')), db.profile()),
                 qPrintable(align.join(QLatin1Char('\n'))));
        const auto after = drift(db.profile());
        QVERIFY(after);
        QVERIFY2(!after->hasDrift(), qPrintable(objects(*after)));
        QCOMPARE(countScratchDatabases(), 0);
    }

    void aPendingMigrationNamesTheDriftItTouches()
    {
        ScratchDatabase db(QStringLiteral("drift_touch"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(execSql(QStringLiteral("CREATE INDEX hand_made_idx ON workflow_steps (status);"
                                       "CREATE INDEX other_idx ON event_logs (event_type)"),
                        db.profile()));
        ScratchDir folder;
        copyBundledChain(folder.path());
        writeFile(folder.path(), QStringLiteral("020_steps_retry.sql"),
                  "ALTER TABLE workflow_steps ADD COLUMN retries int NOT NULL DEFAULT 0;\n");
        writeFile(folder.path(), QStringLiteral("020_rollback_steps_retry.sql"),
                  "ALTER TABLE workflow_steps DROP COLUMN retries;\n");
        const auto report = drift(db.profile(), folder.path());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->findings.size(), 2);
        const DriftTouch *apply = report->touch(20, Direction::Up);
        QVERIFY(apply);
        QVERIFY(apply->objects.contains(QStringLiteral("column public.workflow_steps.retries")));
        QCOMPARE(apply->findings.size(), 1);
        QCOMPARE(report->findings.at(apply->findings.first()).difference.object,
                 QStringLiteral("index public.hand_made_idx"));
        // Rolling back 019 (router_performance_metrics) touches neither hand-made index.
        const DriftTouch *rollback = report->touch(19, Direction::Down);
        QVERIFY(rollback);
        QVERIFY(!rollback->objects.isEmpty());
        QVERIFY(rollback->findings.isEmpty());
    }

    void aChangedOrMissingFileIsAHistoryProblemNotDrift()
    {
        ScratchDatabase db(QStringLiteral("drift_history"));
        QVERIFY(applyBundledMigrations(db.profile()));
        ScratchDir folder;
        copyBundledChain(folder.path());
        writeFile(folder.path(), QStringLiteral("005_create_node_registrations.sql"),
                  "CREATE TABLE node_registrations (id int);\n");
        QVERIFY(QFile::remove(folder.path()
                              + QStringLiteral("/019_create_router_performance_metrics.sql")));
        QVERIFY(QFile::remove(folder.path()
                              + QStringLiteral("/019_rollback_router_performance_metrics.sql")));
        const auto report = drift(db.profile(), folder.path());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(!report->compared());
        QVERIFY(report->findings.isEmpty());
        QCOMPARE(report->historyProblems.size(), 2);
        QVERIFY(report->summary().contains(QLatin1String("005 (005_create_node_registrations.sql) "
                                                         "changed since it was applied")));
        QVERIFY(report->summary().contains(
            QLatin1String("019 is applied, but its file is not in the folder")));
        QCOMPARE(countScratchDatabases(), 0);
    }

    void aRoleThatMayNotCreateDatabasesGetsAPrivateCluster()
    {
        ScratchDatabase db(QStringLiteral("drift_role"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(execSql(QStringLiteral("DROP ROLE IF EXISTS bs_drift_reader")));
        QVERIFY(execSql(QStringLiteral("CREATE ROLE bs_drift_reader LOGIN NOCREATEDB")));
        QVERIFY(execSql(QStringLiteral("GRANT USAGE ON SCHEMA bridgescope TO bs_drift_reader;"
                                       "GRANT SELECT ON ALL TABLES IN SCHEMA bridgescope "
                                       "TO bs_drift_reader"),
                        db.profile()));
        QVERIFY(execSql(QStringLiteral("CREATE INDEX hand_made_idx ON workflow_steps (status)"),
                        db.profile()));
        ConnectionProfile reader = db.profile();
        reader.setValue(QStringLiteral("user"), QStringLiteral("bs_drift_reader"));
        const auto report = drift(reader);
        // This machine has the server's own major version (it runs the test cluster).
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(report->privateCluster);
        QVERIFY(report->scratch.contains(QLatin1String("private PostgreSQL")));
        QCOMPARE(report->findings.size(), 1);
        QCOMPARE(report->findings.first().difference.object,
                 QStringLiteral("index public.hand_made_idx"));
        QVERIFY(execSql(QStringLiteral("DROP OWNED BY bs_drift_reader"), db.profile()));
        QVERIFY(execSql(QStringLiteral("DROP ROLE bs_drift_reader")));
    }
};

QTEST_GUILESS_MAIN(tst_MigrationDrift)
#include "tst_migrationdrift.moc"
