// The round trip in a scratch database: it passes on the bundled chain and names what a broken
// rollback leaves behind.
#include "TestDatabase.h"
#include "connection/Session.h"
#include "migrations/MigrationSet.h"
#include "migrations/MigrationVerifier.h"

#include <QSqlQuery>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

bool databaseExists(const QString &name)
{
    Result<Session> session = Session::open(testProfile(), {}, QStringLiteral("test-verify"));
    QSqlQuery query(session->database());
    query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
    query.addBindValue(name);
    return query.exec() && query.next();
}

} // namespace

class tst_MigrationVerifier : public QObject
{
    Q_OBJECT
private slots:
    void bundledChainPasses()
    {
        const auto set = MigrationSet::load(MigrationSet::bundledDirectory());
        QStringList progress;
        const auto report = verifyRoundTrip(testProfile(), *set,
                                            [&](const QString &stage) { progress << stage; });
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY2(report->ok(),
                 report->findings.isEmpty()
                     ? "failed migration"
                     : qPrintable(report->findings.first().difference.describe()));
        QCOMPARE(report->stages.size(), 3 * 19);
        QCOMPARE(progress, report->stages);
        QVERIFY(!databaseExists(report->scratchDatabase));
    }

    void brokenRollbackIsNamed()
    {
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_t.sql"),
                  "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\n");
        writeFile(dir.path(), QStringLiteral("001_rollback_t.sql"), "DROP TABLE t;\n");
        writeFile(dir.path(), QStringLiteral("002_b.sql"),
                  "ALTER TABLE t ADD COLUMN b int;\nCOMMENT ON COLUMN t.b IS 'bee';\n");
        writeFile(dir.path(), QStringLiteral("002_rollback_b.sql"), "SELECT 'forgot';\n");
        const auto set = MigrationSet::load(dir.path());
        const auto report = verifyRoundTrip(testProfile(), *set);
        QVERIFY(report);
        QVERIFY(!report->ok());
        QStringList found;
        for (const VerifyFinding &finding : report->findings) {
            QVERIFY2(finding.stage.startsWith(QLatin1String("rollback of 002")),
                     qPrintable(finding.stage));
            QCOMPARE(finding.difference.kind, CatalogDifference::Kind::Extra);
            found << finding.difference.object;
        }
        QVERIFY2(found.contains(QStringLiteral("column public.t.b")), qPrintable(found.join(',')));
        QVERIFY(found.contains(QStringLiteral("comment table column public.t.b")));
        QVERIFY(!databaseExists(report->scratchDatabase));
    }

    void rollbackThatDropsTooMuchIsNamed()
    {
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_t.sql"), "CREATE TABLE t (a int);\n");
        writeFile(dir.path(), QStringLiteral("001_rollback_t.sql"), "DROP TABLE t;\n");
        writeFile(dir.path(), QStringLiteral("002_i.sql"), "CREATE INDEX t_a ON t (a);\n");
        writeFile(dir.path(), QStringLiteral("002_rollback_i.sql"), "DROP TABLE t;\n");
        const auto set = MigrationSet::load(dir.path());
        const auto report = verifyRoundTrip(testProfile(), *set);
        QVERIFY(report);
        QVERIFY(!report->ok());
        const VerifyFinding &first = report->findings.first();
        QVERIFY(first.stage.startsWith(QLatin1String("rollback of 002")));
        QCOMPARE(first.difference.kind, CatalogDifference::Kind::Missing);
    }

    void aRoleThatCannotCreateDatabasesIsToldSo()
    {
        QVERIFY(execSql(QStringLiteral("DROP ROLE IF EXISTS bs_no_createdb")));
        QVERIFY(execSql(QStringLiteral("CREATE ROLE bs_no_createdb LOGIN NOCREATEDB")));
        ConnectionProfile profile = testProfile();
        profile.setValue(QStringLiteral("user"), QStringLiteral("bs_no_createdb"));
        const auto set = MigrationSet::load(MigrationSet::bundledDirectory());
        const auto report = verifyRoundTrip(profile, *set);
        QVERIFY(!report);
        QVERIFY2(report.error().message.contains(QLatin1String("CREATEDB")),
                 qPrintable(report.error().message));
        QVERIFY(execSql(QStringLiteral("DROP ROLE bs_no_createdb")));
    }

    void missingRollbackFileStopsBeforeStarting()
    {
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_t.sql"), "CREATE TABLE t (a int);\n");
        const auto set = MigrationSet::load(dir.path());
        const auto report = verifyRoundTrip(testProfile(), *set);
        QVERIFY(!report);
        QVERIFY(report.error().message.contains(QLatin1String("001 have none")));
    }
};

QTEST_GUILESS_MAIN(tst_MigrationVerifier)
#include "tst_migrationverifier.moc"
