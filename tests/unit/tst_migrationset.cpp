// Reading a migrations folder: names, order, checksums, the no-transaction marker, and every
// kind of bad file reported as a problem instead of being skipped.
#include "TestDatabase.h"
#include "migrations/MigrationSet.h"

#include <QCryptographicHash>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

using Files = QList<std::pair<QString, QByteArray>>;

QStringList problemFiles(const MigrationSet &set)
{
    QStringList files;
    for (const MigrationProblem &problem : set.problems())
        files << problem.fileName;
    return files;
}

} // namespace

class tst_MigrationSet : public QObject
{
    Q_OBJECT
private slots:
    void parsesFileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("rollback");
        QTest::addColumn<QString>("description");
        QTest::newRow("forward") << QStringLiteral("001_create_workflow_executions.sql") << 1
                                 << false << QStringLiteral("create workflow executions");
        QTest::newRow("rollback") << QStringLiteral("010_rollback_bridge_states.sql") << 10 << true
                                  << QStringLiteral("bridge states");
        QTest::newRow("long number")
            << QStringLiteral("20261121_add-x.sql") << 20261121 << false << QStringLiteral("add-x");
    }

    void parsesFileNames()
    {
        QFETCH(QString, name);
        const auto parsed = parseMigrationFileName(name);
        QVERIFY(parsed);
        QTEST(parsed->version, "version");
        QTEST(parsed->rollback, "rollback");
        QTEST(parsed->description, "description");
    }

    void badNamesSayWhy_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no number")
            << QStringLiteral("create_things.sql") << QStringLiteral("has no version number");
        QTest::newRow("zero") << QStringLiteral("000_nothing.sql")
                              << QStringLiteral("versions start at 1");
        QTest::newRow("space") << QStringLiteral("003_bad name.sql")
                               << QStringLiteral("is not named NNN_description.sql");
    }

    void badNamesSayWhy()
    {
        QFETCH(QString, name);
        QFETCH(QString, reason);
        const auto parsed = parseMigrationFileName(name);
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.contains(reason), qPrintable(parsed.error().message));
    }

    void ordersByNumberAndPairsRollbacks()
    {
        const MigrationSet set = MigrationSet::fromFiles({
            { QStringLiteral("010_ten.sql"), "SELECT 10;" },
            { QStringLiteral("002_two.sql"), "SELECT 2;" },
            { QStringLiteral("002_rollback_two.sql"), "SELECT -2;" },
            { QStringLiteral("1_one.sql"), "SELECT 1;" },
        });
        QVERIFY(set.problems().isEmpty());
        QCOMPARE(set.migrations().size(), 3);
        QCOMPARE(set.migrations().at(0).version, 1);
        QCOMPARE(set.migrations().at(1).version, 2);
        QCOMPARE(set.migrations().at(2).version, 10);
        QCOMPARE(set.migrations().at(1).rollback.fileName, QStringLiteral("002_rollback_two.sql"));
        QVERIFY(!set.migrations().at(0).rollback.isValid());
        QCOMPARE(set.migrations().at(2).label(), QStringLiteral("010 ten"));
    }

    void gapsAreListed()
    {
        const MigrationSet set = MigrationSet::fromFiles({
            { QStringLiteral("001_a.sql"), "SELECT 1;" },
            { QStringLiteral("002_b.sql"), "SELECT 1;" },
            { QStringLiteral("005_e.sql"), "SELECT 1;" },
        });
        QCOMPARE(set.gaps(), (QList<int> { 3, 4 }));
    }

    void checksumIsSha256OfTheBytes()
    {
        const QByteArray bytes = "CREATE TABLE a (x int);\r\n";
        const MigrationSet set
            = MigrationSet::fromFiles({ { QStringLiteral("001_a.sql"), bytes } });
        QCOMPARE(set.migrations().first().checksum,
                 QString::fromLatin1(
                     QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        // One changed byte (line endings included) is a changed file.
        const MigrationSet edited = MigrationSet::fromFiles(
            { { QStringLiteral("001_a.sql"), "CREATE TABLE a (x int);\n" } });
        QVERIFY(edited.migrations().first().checksum != set.migrations().first().checksum);
    }

    void noTransactionMarkerBelongsAtTheTop()
    {
        QVERIFY(hasNoTransactionMarker(QStringLiteral("-- Builds an index without locking writes.\n"
                                                      "-- bridgescope:no-transaction\n"
                                                      "CREATE INDEX CONCURRENTLY i ON t (x);")));
        QVERIFY(!hasNoTransactionMarker(
            QStringLiteral("CREATE INDEX i ON t (x);\n-- bridgescope:no-transaction\n")));
        QVERIFY(
            !hasNoTransactionMarker(QStringLiteral("-- bridgescope:no-transactions\nSELECT 1;")));
        const MigrationSet set = MigrationSet::fromFiles({
            { QStringLiteral("001_a.sql"),
              "-- bridgescope:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (x);" },
            { QStringLiteral("002_b.sql"), "SELECT 1;" },
        });
        QVERIFY(!set.migrations().at(0).forward.transactional);
        QVERIFY(set.migrations().at(1).forward.transactional);
    }

    void transactionControlNeedsTheMarker()
    {
        const MigrationSet set = MigrationSet::fromFiles({
            { QStringLiteral("001_a.sql"), "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\n" },
            { QStringLiteral("002_b.sql"),
              "-- bridgescope:no-transaction\nBEGIN;\nCREATE TABLE b (x int);\nCOMMIT;\n" },
        });
        QCOMPARE(problemFiles(set), QStringList { QStringLiteral("001_a.sql") });
        QVERIFY(set.problems().first().message.startsWith(QLatin1String("line 1: BEGIN")));
        QCOMPARE(set.migrations().size(), 1);
    }

    void malformedFilesAreProblems()
    {
        const MigrationSet set = MigrationSet::fromFiles({
            { QStringLiteral("create_things.sql"), "SELECT 1;" }, // no number
            { QStringLiteral("003_first.sql"), "SELECT 1;" },
            { QStringLiteral("003_second.sql"), "SELECT 2;" }, // two files, one number
            { QStringLiteral("004_rollback_orphan.sql"), "SELECT 1;" }, // no forward 004
            { QStringLiteral("005_empty.sql"), "-- nothing here yet\n\n" }, // no statement
            { QStringLiteral("006_latin1.sql"), "COMMENT ON TABLE t IS 'caf\xe9';" }, // not UTF-8
            { QStringLiteral("007_unclosed.sql"), "SELECT 'abc;" },
            { QStringLiteral("008_fine.sql"), "SELECT 1;" },
        });
        QCOMPARE(
            problemFiles(set),
            (QStringList { QStringLiteral("create_things.sql"), QStringLiteral("003_second.sql"),
                           QStringLiteral("005_empty.sql"), QStringLiteral("006_latin1.sql"),
                           QStringLiteral("007_unclosed.sql"),
                           QStringLiteral("004_rollback_orphan.sql") }));
        const auto message = [&](const QString &file) {
            for (const MigrationProblem &problem : set.problems()) {
                if (problem.fileName == file)
                    return problem.message;
            }
            return QString();
        };
        QVERIFY(message(QStringLiteral("003_second.sql")).contains(QLatin1String("003_first.sql")));
        QVERIFY(message(QStringLiteral("004_rollback_orphan.sql"))
                    .contains(QLatin1String("no forward migration 4")));
        QVERIFY(
            message(QStringLiteral("005_empty.sql")).contains(QLatin1String("no SQL statement")));
        QVERIFY(message(QStringLiteral("006_latin1.sql")).contains(QLatin1String("not UTF-8")));
        QVERIFY(message(QStringLiteral("007_unclosed.sql")).contains(QLatin1String("line 1")));
        QCOMPARE(set.migrations().size(), 2); // 003_first and 008_fine
    }

    void loadsAFolderAndIgnoresOtherFiles()
    {
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_a.sql"), "SELECT 1;");
        writeFile(dir.path(), QStringLiteral("001_rollback_a.sql"), "SELECT 1;");
        writeFile(dir.path(), QStringLiteral("README.md"), "# notes");
        const auto set = MigrationSet::load(dir.path());
        QVERIFY(set);
        QCOMPARE(set->migrations().size(), 1);
        QVERIFY(set->problems().isEmpty());
        QVERIFY(!MigrationSet::load(dir.path() + QStringLiteral("/missing")));
    }

    void theBundledChainIsCompleteAndClean()
    {
        const auto set = MigrationSet::load(MigrationSet::bundledDirectory());
        QVERIFY(set);
        QVERIFY(set->problems().isEmpty());
        QVERIFY(set->gaps().isEmpty());
        QCOMPARE(set->migrations().size(), 19);
        for (const Migration &migration : set->migrations())
            QVERIFY2(migration.rollback.isValid(), qPrintable(migration.label()));
        QCOMPARE(set->migrations().at(10).forward.fileName,
                 QStringLiteral("011_create_event_logs.sql"));
    }
};

QTEST_GUILESS_MAIN(tst_MigrationSet)
#include "tst_migrationset.moc"
