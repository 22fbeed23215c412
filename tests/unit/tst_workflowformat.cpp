// How the Workflows tab writes durations: a namespace's p95 of two days is "2 d 3 h", not
// "3079.0 min".
#include "workflows/WorkflowFormat.h"

#include <QTest>

using namespace bridgescope;

class tst_WorkflowFormat : public QObject
{
    Q_OBJECT
private slots:
    void durations_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("negative") << qint64(-1) << QStringLiteral("\u2013");
        QTest::newRow("ms") << qint64(850) << QStringLiteral("850 ms");
        QTest::newRow("s") << qint64(2'345) << QStringLiteral("2.35 s");
        QTest::newRow("min") << qint64(252'000) << QStringLiteral("4.2 min");
        QTest::newRow("h") << qint64(3 * 3'600'000 + 5 * 60'000 + 59'000)
                           << QStringLiteral("3 h 05 min");
        QTest::newRow("the issue's gap") << qint64(3079 * 60'000) << QStringLiteral("2 d 3 h");
    }
    void durations()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(ms), text);
    }
};

QTEST_APPLESS_MAIN(tst_WorkflowFormat)
#include "tst_workflowformat.moc"
