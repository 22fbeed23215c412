// The console's history in its SQLite file: kept across a restart, one entry per statement
// whatever its spacing, per database, searched as typed (no LIKE wildcards), and a file that
// cannot be written still gives a history for the run, with the reason.
#include "console/QueryHistory.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bridgescope;

class tst_QueryHistory : public QObject
{
    Q_OBJECT
private slots:
    void keptAcrossARestartOnePerStatement()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deep/folder/history.sqlite"));
        {
            QueryHistory history(path);
            QVERIFY2(history.problem().isEmpty(), qPrintable(history.problem()));
            history.record(QStringLiteral("db1"), QStringLiteral("SELECT  *\n  FROM t;"), 12, 3,
                           QStringLiteral("SELECT 3"));
            history.record(QStringLiteral("db1"), QStringLiteral("SELECT * FROM t"), 8, 4,
                           QStringLiteral("SELECT 4"));
            history.record(QStringLiteral("db1"), QStringLiteral("SELECT 'a  b'"), 1, 1,
                           QStringLiteral("SELECT 1"));
            history.record(QStringLiteral("db2"), QStringLiteral("SELECT 100%"), 1, -1,
                           QStringLiteral("ERROR: syntax error at end of input"));
        }
        QVERIFY(QFile::exists(path));
        QueryHistory again(path);
        const QList<StatementRecord> db1 = again.search(QStringLiteral("db1"), QString());
        QCOMPARE(db1.size(), 2);
        QCOMPARE(db1[0].sql, QStringLiteral("SELECT 'a  b'")); // the latest first
        QCOMPARE(db1[1].sql, QStringLiteral("SELECT * FROM t")); // as last typed
        QCOMPARE(db1[1].runs, 2);
        QCOMPARE(db1[1].rows, 4);
        QCOMPARE(db1[1].outcome, QStringLiteral("SELECT 4"));
        // Spacing inside a string is the statement's own.
        QCOMPARE(QueryHistory::normalized(QStringLiteral("SELECT 'a  b' ;")),
                 QStringLiteral("SELECT 'a  b'"));
        // Case ignored; a % is a percent sign, not a wildcard.
        QCOMPARE(again.search(QStringLiteral("db1"), QStringLiteral("from T")).size(), 1);
        QCOMPARE(again.search(QStringLiteral("db1"), QStringLiteral("%")).size(), 0);
        const QList<StatementRecord> db2 = again.search(QStringLiteral("db2"), QStringLiteral("0%"));
        QCOMPARE(db2.size(), 1);
        QVERIFY(db2[0].outcome.startsWith(QStringLiteral("ERROR")));
    }

    void anUnwritablePlaceKeepsHistoryForTheRun()
    {
        QueryHistory history(QStringLiteral("/proc/no/such/history.sqlite"));
        QVERIFY(!history.problem().isEmpty());
        history.record(QStringLiteral("db"), QStringLiteral("SELECT 1"), 1, 1,
                       QStringLiteral("SELECT 1"));
        QCOMPARE(history.search(QStringLiteral("db"), QString()).size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_QueryHistory)
#include "tst_queryhistory.moc"
