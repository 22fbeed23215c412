// What the rollback confirmation says a rollback drops.
#include "migrations/RollbackSummary.h"

#include <QTest>

using namespace bridgescope;

namespace {

QStringList drops(const QByteArray &sql)
{
    const MigrationSet set
        = MigrationSet::fromFiles({ { QStringLiteral("001_a.sql"), "SELECT 1;" },
                                    { QStringLiteral("001_rollback_a.sql"), sql } });
    return summarizeDrops(set.migrations().first().rollback);
}

} // namespace

class tst_RollbackSummary : public QObject
{
    Q_OBJECT
private slots:
    void namesTablesIndexesFunctionsAndTriggers()
    {
        QCOMPARE(drops("DROP TABLE IF EXISTS workflow_steps;\n"
                       "DROP INDEX IF EXISTS idx_a, idx_b;\n"
                       "DROP FUNCTION IF EXISTS set_updated_at();\n"
                       "DROP TRIGGER IF EXISTS trg ON agent_definitions;\n"
                       "DROP MATERIALIZED VIEW daily CASCADE;\n"),
                 (QStringList { QStringLiteral("table workflow_steps and its rows"),
                                QStringLiteral("index idx_a"), QStringLiteral("index idx_b"),
                                QStringLiteral("function set_updated_at"),
                                QStringLiteral("trigger trg on agent_definitions"),
                                QStringLiteral("materialized view daily") }));
    }

    void namesColumnsAndConstraintsOfAlterTable()
    {
        QCOMPARE(
            drops("ALTER TABLE bridge_states\n"
                  "    DROP CONSTRAINT IF EXISTS window_check,\n"
                  "    DROP COLUMN IF EXISTS node_type,\n"
                  "    DROP correlation_id;\n"),
            (QStringList { QStringLiteral("constraint bridge_states.window_check"),
                           QStringLiteral("column bridge_states.node_type and its values"),
                           QStringLiteral("column bridge_states.correlation_id and its values") }));
    }

    void unrecognisedStatementsAreNotGuessed()
    {
        QVERIFY(drops("UPDATE t SET x = 1;\nSELECT 'DROP TABLE fake';\n").isEmpty());
    }

    void theBundledRollbacksAllSaySomething()
    {
        const auto set = MigrationSet::load(MigrationSet::bundledDirectory());
        QVERIFY(set);
        for (const Migration &migration : set->migrations())
            QVERIFY2(!summarizeDrops(migration.rollback).isEmpty(), qPrintable(migration.label()));
        QVERIFY(
            summarizeDrops(set->find(10)->rollback)
                .contains(QStringLiteral("column bridge_states.items_per_second and its values")));
    }
};

QTEST_GUILESS_MAIN(tst_RollbackSummary)
#include "tst_rollbacksummary.moc"
