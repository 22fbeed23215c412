// Activity rates: divided by the server's real time between samples, skipped across a
// statistics reset, and written as CSV.
#include "health/ActivitySample.h"

#include <QTest>
#include <QTimeZone>

using namespace bridgescope;

namespace {

ActivityCounters sample(qint64 ms, qint64 commits, qint64 hits, qint64 reads)
{
    ActivityCounters c;
    c.at = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + ms, QTimeZone::utc());
    c.commits = commits;
    c.rollbacks = commits / 10;
    c.tuplesReturned = commits * 3;
    c.tuplesFetched = commits * 2;
    c.tuplesInserted = commits;
    c.tuplesUpdated = commits;
    c.blocksHit = hits;
    c.blocksRead = reads;
    c.active = 2;
    c.idle = 5;
    c.checkpointsTimed = 4;
    c.checkpointsRequested = 1;
    c.checkpointBuffers = hits * 2;
    return c;
}

} // namespace

class tst_ActivityRates : public QObject
{
    Q_OBJECT
private slots:
    void ratesAreOverTheRealTimeBetweenSamples()
    {
        // Asked for every second, the second sample came 2.5 s later: rates use 2.5 s.
        const std::optional<ActivityRates> r
            = activityRates(sample(0, 1000, 900, 100), sample(2500, 1500, 1890, 110));
        QVERIFY(r);
        QCOMPARE(r->seconds, 2.5);
        QCOMPARE(r->commitsPerSecond, 200.0);
        QCOMPARE(r->rollbacksPerSecond, 20.0);
        QCOMPARE(r->transactionsPerSecond(), 220.0);
        QCOMPARE(r->tuplesReadPerSecond, 1000.0); // (1500 + 1000) / 2.5
        QCOMPARE(r->tuplesWrittenPerSecond, 400.0);
        QVERIFY(r->cacheHitRatio);
        QCOMPARE(*r->cacheHitRatio, 0.99); // 990 of 1000 blocks asked for
        QCOMPARE(r->active, 2);
        QCOMPARE(r->idle, 5);
    }

    void noBlocksAskedForIsNoRatio()
    {
        const std::optional<ActivityRates> r
            = activityRates(sample(0, 10, 50, 5), sample(1000, 10, 50, 5));
        QVERIFY(r && !r->cacheHitRatio);
        QCOMPARE(r->transactionsPerSecond(), 0.0);
    }

    void aResetOrAStoppedClockSkipsTheInterval()
    {
        QVERIFY(!activityRates(sample(0, 1000, 10, 1), sample(1000, 10, 20, 1))); // went back
        // pg_stat_reset() in between: stats_reset moved on (the counters need not go back, if
        // enough happened since).
        ActivityCounters before = sample(0, 1000, 10, 1);
        before.statsReset = QDateTime::fromMSecsSinceEpoch(1'600'000'000'000);
        ActivityCounters reset = sample(1000, 2000, 20, 2);
        reset.statsReset = QDateTime::fromMSecsSinceEpoch(1'700'000'000'500);
        QVERIFY(!activityRates(before, reset));
        QVERIFY(!activityRates(sample(1000, 1000, 10, 1), sample(1000, 1001, 10, 1)));
        // A new database's entry appearing (stats_reset from none to a time) is not a reset.
        ActivityCounters made = sample(2000, 1010, 20, 2);
        made.statsReset = QDateTime::fromMSecsSinceEpoch(1'700'000'001'500);
        QVERIFY(activityRates(sample(0, 1000, 10, 1), made));
        QVERIFY(!activityRates(reset, made)); // but a later reset is
        QVERIFY(!activityRates(ActivityCounters {}, sample(1000, 1001, 10, 1))); // no first
    }

    // The server-wide checkpoint counters reset apart from the database's: a drop is no writes.
    void checkpointsAreCountsAndTheirBuffersARate()
    {
        std::optional<ActivityRates> r
            = activityRates(sample(0, 1000, 900, 100), sample(2000, 1100, 1000, 100));
        QVERIFY(r);
        QCOMPARE(r->checkpointsTimed, 4);
        QCOMPARE(r->checkpointsRequested, 1);
        QCOMPARE(r->checkpointBuffersPerSecond, 100.0); // 200 buffers in 2 s
        ActivityCounters after = sample(2000, 1100, 1000, 100);
        after.checkpointBuffers = 0;
        r = activityRates(sample(0, 1000, 900, 100), after);
        QVERIFY(r);
        QCOMPARE(r->checkpointBuffersPerSecond, 0.0);
    }

    void csvHasAHeaderAndOneLinePerInterval()
    {
        const std::optional<ActivityRates> r
            = activityRates(sample(0, 1000, 900, 100), sample(2000, 1100, 1000, 100));
        QVERIFY(r);
        const QStringList lines
            = activityCsv({ *r, *r }).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.first().startsWith(QLatin1String("time,seconds,transactions_per_second")));
        QCOMPARE(lines.at(1),
                 QStringLiteral("2023-11-14T22:13:22.000Z,2.000,55.000,50.000,5.000,250.000,"
                                "100.000,1.0000,2,5,0,0,4,1,100.000"));
        QCOMPARE(lines.first().count(QLatin1Char(',')), lines.at(1).count(QLatin1Char(',')));
    }
};

QTEST_APPLESS_MAIN(tst_ActivityRates)
#include "tst_activityrates.moc"
