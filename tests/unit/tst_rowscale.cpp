// RowScale: a scrollbar's int against a 64-bit first row.
#include "data/RowScale.h"

#include <QTest>

using namespace bridgescope;

class tst_RowScale : public QObject
{
    Q_OBJECT
private slots:
    void countsRowsOneForOneWhileTheyFit()
    {
        const RowScale scale { 59'970 };
        QVERIFY(!scale.isScaled());
        QCOMPARE(scale.maximum(), 59'970);
        QCOMPARE(scale.valueFor(12'345), 12'345);
        QCOMPARE(scale.originFor(12'345), 12'345);
        QCOMPARE(scale.valueFor(-5), 0);
        QCOMPARE(scale.valueFor(80'000), 59'970);
    }

    void spreadsStepsOverMoreRowsThanAnInt()
    {
        const qint64 rows = 5'000'000'000; // more than 2^32
        const RowScale scale { rows - 30 };
        QVERIFY(scale.isScaled());
        QCOMPARE(scale.maximum(), RowScale::kMaxSteps);
        // The ends are the ends.
        QCOMPARE(scale.valueFor(0), 0);
        QCOMPARE(scale.originFor(0), 0);
        QCOMPARE(scale.valueFor(rows - 30), RowScale::kMaxSteps);
        QCOMPARE(scale.originFor(RowScale::kMaxSteps), rows - 30);
        // 40% of the bar is 40% of the rows, to within one step.
        const int forty = int(RowScale::kMaxSteps * 0.4);
        const qint64 origin = scale.originFor(forty);
        const qint64 step = (rows - 30) / RowScale::kMaxSteps + 1;
        QVERIFY(qAbs(origin - qint64((rows - 30) * 0.4)) <= step);
        // Going there and back lands on the same step.
        QCOMPARE(scale.valueFor(origin), forty);
    }

    void aBillionBillionRowsStillMaps()
    {
        const RowScale scale { std::numeric_limits<qint64>::max() / 2 };
        QCOMPARE(scale.valueFor(scale.maxOrigin), RowScale::kMaxSteps);
        QCOMPARE(scale.originFor(RowScale::kMaxSteps), scale.maxOrigin);
        QVERIFY(scale.originFor(RowScale::kMaxSteps / 2) > 0);
    }
};

QTEST_APPLESS_MAIN(tst_RowScale)
#include "tst_rowscale.moc"
