// The parameters of a statement as pg_stat_statements writes it, and their values put in.
#include "plan/StatementParameters.h"

#include <QTest>

using namespace bridgescope;

class tst_StatementParameters : public QObject
{
    Q_OBJECT
private slots:
    void findsEachOnceInNumberOrder()
    {
        QCOMPARE(
            statementParameters(QStringLiteral("SELECT $10, $2, $1 FROM t WHERE a = $2")),
            (QStringList { QStringLiteral("$1"), QStringLiteral("$2"), QStringLiteral("$10") }));
        QCOMPARE(statementParameters(QStringLiteral("DO $$ BEGIN END $$; SELECT a$1 FROM $body$")),
                 QStringList());
    }

    void valuesGoInWhole()
    {
        const QString sql = QStringLiteral("SELECT * FROM t WHERE a = $1 AND b = $10 AND c = $1");
        QCOMPARE(withParameterValues(sql, { QStringLiteral("$1"), QStringLiteral("$10") },
                                     { QStringLiteral("'x\\\\1'"), QStringLiteral("42") }),
                 QStringLiteral("SELECT * FROM t WHERE a = 'x\\\\1' AND b = 42 AND c = 'x\\\\1'"));
    }
};

QTEST_APPLESS_MAIN(tst_StatementParameters)
#include "tst_statementparameters.moc"
