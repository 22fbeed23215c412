// Which statements the console asks about before running them in write mode.
#include "console/StatementRisk.h"

#include <QTest>

using namespace bridgescope;

class tst_StatementRisk : public QObject
{
    Q_OBJECT
private slots:
    void risks_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("risk"); // a word the sentence holds, or empty: none
        QTest::newRow("delete all") << "DELETE FROM workflow_executions"
                                    << "DELETE without WHERE";
        QTest::newRow("delete with where") << "delete from t where id = 1"
                                           << "";
        QTest::newRow("update all") << "UPDATE t SET a = 1"
                                    << "UPDATE without WHERE";
        QTest::newRow("update, where only in a subquery")
            << "UPDATE t SET a = (SELECT max(b) FROM u WHERE u.id = 1)"
            << "UPDATE without WHERE";
        QTest::newRow("update from, where") << "UPDATE t SET a = u.b FROM u WHERE t.id = u.id"
                                            << "";
        QTest::newRow("where in a string") << "DELETE FROM t -- WHERE id = 1\n"
                                           << "DELETE without WHERE";
        QTest::newRow("where in a quoted name") << "DELETE FROM \"where\""
                                                << "DELETE without";
        QTest::newRow("cte then delete all")
            << "WITH old AS (SELECT id FROM t WHERE a < 0) DELETE FROM u"
            << "DELETE without";
        QTest::newRow("cte then delete where")
            << "WITH old AS (SELECT id FROM t) DELETE FROM u WHERE id IN (SELECT id FROM old)"
            << "";
        QTest::newRow("select for update") << "SELECT * FROM t FOR UPDATE"
                                           << "";
        QTest::newRow("on delete cascade")
            << "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u ON DELETE CASCADE"
            << "";
        QTest::newRow("truncate") << "truncate t"
                                  << "TRUNCATE";
        QTest::newRow("drop") << "DROP TABLE t"
                              << "DROP";
        QTest::newRow("select") << "SELECT 'DELETE FROM t'"
                                << "";
        QTest::newRow("dollar body") << "DO $$ BEGIN DELETE FROM t; END $$"
                                     << "";
        QTest::newRow("where current of") << "DELETE FROM t WHERE CURRENT OF c"
                                          << "";
    }
    void risks()
    {
        QFETCH(QString, sql);
        QFETCH(QString, risk);
        const QString found = statementRisk(SqlStatement { sql, 1, 0 });
        if (risk.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(risk), qPrintable(found));
    }
};

QTEST_GUILESS_MAIN(tst_StatementRisk)
#include "tst_statementrisk.moc"
