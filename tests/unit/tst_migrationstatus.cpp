// The state of each migration from the folder and the history log, and what up and down plan.
#include "migrations/MigrationStatus.h"

#include <QTest>

using namespace bridgescope;

namespace {

MigrationSet threeMigrations(bool rollbackForTwo = true)
{
    QList<std::pair<QString, QByteArray>> files {
        { QStringLiteral("001_a.sql"), "SELECT 1;" },
        { QStringLiteral("001_rollback_a.sql"), "SELECT 1;" },
        { QStringLiteral("002_b.sql"), "SELECT 2;" },
        { QStringLiteral("003_c.sql"), "SELECT 3;" },
        { QStringLiteral("003_rollback_c.sql"), "SELECT 3;" },
    };
    if (rollbackForTwo)
        files.append({ QStringLiteral("002_rollback_b.sql"), "SELECT 2;" });
    return MigrationSet::fromFiles(files);
}

HistoryEntry entry(const MigrationSet &set, int version, HistoryAction action, bool success = true)
{
    HistoryEntry e;
    static qint64 id = 0;
    e.id = ++id;
    e.version = version;
    e.action = action;
    e.success = success;
    e.description = QStringLiteral("v%1").arg(version);
    e.checksum = set.find(version) ? set.find(version)->checksum : QStringLiteral("gone");
    e.at = QDateTime::currentDateTimeUtc();
    e.by = QStringLiteral("ana");
    e.executionMs = 7;
    if (!success)
        e.errorMessage = QStringLiteral("boom");
    return e;
}

QList<MigrationState> states(const MigrationStatus &status)
{
    QList<MigrationState> list;
    for (const MigrationStatusRow &row : status.rows)
        list << row.state;
    return list;
}

using S = MigrationState;

} // namespace

class tst_MigrationStatus : public QObject
{
    Q_OBJECT
private slots:
    void emptyHistoryIsAllPending()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(set, {});
        QCOMPARE(states(status), (QList<S> { S::Pending, S::Pending, S::Pending }));
        QCOMPARE(status.currentVersion, 0);
        QCOMPARE(*planUp(status, {}), (QList<int> { 1, 2, 3 }));
        PlanOptions upToTwo;
        upToTwo.target = 2;
        QCOMPARE(*planUp(status, upToTwo), (QList<int> { 1, 2 }));
        QVERIFY(planDown(status, {})->isEmpty());
    }

    void appliedRowsCarryWhoAndWhen()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(set, { entry(set, 1, HistoryAction::Apply) });
        const MigrationStatusRow *row = status.row(1);
        QCOMPARE(row->state, S::Applied);
        QVERIFY(row->applied);
        QCOMPARE(row->appliedBy, QStringLiteral("ana"));
        QCOMPARE(row->executionMs, 7);
        QCOMPARE(status.currentVersion, 1);
        QCOMPARE(*planUp(status, {}), (QList<int> { 2, 3 }));
        QCOMPARE(*planDown(status, {}), (QList<int> { 1 }));
    }

    void rollbackMakesItPendingAgain()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(set,
                                                     { entry(set, 1, HistoryAction::Apply),
                                                       entry(set, 2, HistoryAction::Apply),
                                                       entry(set, 2, HistoryAction::Rollback) });
        QCOMPARE(states(status), (QList<S> { S::Applied, S::Pending, S::Pending }));
        QCOMPARE(status.currentVersion, 1);
    }

    void failedRunIsFailedAndRetried()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(
            set,
            { entry(set, 1, HistoryAction::Apply), entry(set, 2, HistoryAction::Apply, false) });
        QCOMPARE(states(status), (QList<S> { S::Applied, S::Failed, S::Pending }));
        QCOMPARE(status.row(2)->lastError, QStringLiteral("boom"));
        QVERIFY(!status.row(2)->applied);
        QCOMPARE(*planUp(status, {}), (QList<int> { 2, 3 }));
        // A later success clears it.
        const MigrationStatus fixed = computeStatus(
            set,
            { entry(set, 2, HistoryAction::Apply, false), entry(set, 2, HistoryAction::Apply) });
        QCOMPARE(fixed.row(2)->state, S::Applied);
    }

    void changedFileBlocksUpUntilAccepted()
    {
        const MigrationSet set = threeMigrations();
        HistoryEntry applied = entry(set, 1, HistoryAction::Apply);
        applied.checksum = QStringLiteral("0123");
        const MigrationStatus status = computeStatus(set, { applied });
        QCOMPARE(status.row(1)->state, S::Changed);
        QCOMPARE(status.row(1)->appliedChecksum, QStringLiteral("0123"));
        const auto refused = planUp(status, {});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("--accept-changed")),
                 qPrintable(refused.error().message));
        PlanOptions accept;
        accept.acceptChanged = true;
        QCOMPARE(*planUp(status, accept), (QList<int> { 2, 3 }));
        // An accept row records the new checksum: applied again.
        HistoryEntry accepted = entry(set, 1, HistoryAction::Accept);
        QCOMPARE(computeStatus(set, { applied, accepted }).row(1)->state, S::Applied);
    }

    void lowerPendingVersionIsOutOfOrder()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(
            set, { entry(set, 1, HistoryAction::Apply), entry(set, 3, HistoryAction::Apply) });
        QCOMPARE(states(status), (QList<S> { S::Applied, S::OutOfOrder, S::Applied }));
        const auto refused = planUp(status, {});
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("out of order")));
        PlanOptions allow;
        allow.allowOutOfOrder = true;
        QCOMPARE(*planUp(status, allow), (QList<int> { 2 }));
    }

    void appliedVersionWithoutFileIsReported()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(
            set,
            { entry(set, 1, HistoryAction::Apply), entry(set, 2, HistoryAction::Apply),
              entry(set, 3, HistoryAction::Apply), entry(set, 4, HistoryAction::Apply) });
        QCOMPARE(status.rows.size(), 4);
        QCOMPARE(status.row(4)->state, S::FileMissing);
        QCOMPARE(status.currentVersion, 4);
        const auto refused = planDown(status, {});
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("004 has no file")));
    }

    void downWithoutRollbackFileRefusesAndRollsBackNothing()
    {
        const MigrationSet set = threeMigrations(false);
        const MigrationStatus status = computeStatus(set,
                                                     { entry(set, 1, HistoryAction::Apply),
                                                       entry(set, 2, HistoryAction::Apply),
                                                       entry(set, 3, HistoryAction::Apply) });
        QVERIFY(status.row(2)->rollbackMissing);
        QCOMPARE(*planDown(status, {}), (QList<int> { 3 })); // the last one has a rollback
        PlanOptions toZero;
        toZero.target = 0;
        const auto refused = planDown(status, toZero);
        QVERIFY(!refused);
        QCOMPARE(refused.error().message,
                 QStringLiteral("Cannot roll back, so nothing was rolled back: 002 (002_b.sql) "
                                "has no rollback file."));
        PlanOptions toTwo;
        toTwo.target = 2;
        QCOMPARE(*planDown(status, toTwo), (QList<int> { 3 }));
    }

    void downToTargetGoesNewestFirst()
    {
        const MigrationSet set = threeMigrations();
        const MigrationStatus status = computeStatus(set,
                                                     { entry(set, 1, HistoryAction::Apply),
                                                       entry(set, 2, HistoryAction::Apply),
                                                       entry(set, 3, HistoryAction::Apply) });
        PlanOptions toZero;
        toZero.target = 0;
        QCOMPARE(*planDown(status, toZero), (QList<int> { 3, 2, 1 }));
    }

    void problemsInTheFolderBlockBothWays()
    {
        const MigrationSet set = MigrationSet::fromFiles({
            { QStringLiteral("001_a.sql"), "SELECT 1;" },
            { QStringLiteral("002_b.sql"), "" },
        });
        const MigrationStatus status = computeStatus(set, {});
        QCOMPARE(status.problems.size(), 1);
        QVERIFY(!planUp(status, {}));
        QVERIFY(planUp(status, {}).error().message.contains(QLatin1String("002_b.sql")));
        QVERIFY(!planDown(status, {}));
    }
};

QTEST_APPLESS_MAIN(tst_MigrationStatus)
#include "tst_migrationstatus.moc"
