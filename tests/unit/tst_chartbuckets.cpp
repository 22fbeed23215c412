// The pure parts of the Metrics charts: the bucket a range gets, what --bucket and --from
// accept, which requests are refused before they reach a server, and the CSV's shape.
#include "metrics/ChartQuery.h"
#include "metrics/TimeArgument.h"

#include <QTest>
#include <QTimeZone>

using namespace bridgescope;

class tst_ChartBuckets : public QObject
{
    Q_OBJECT
private slots:
    void rangesGetBetweenOneAndThreeHundredPoints_data()
    {
        QTest::addColumn<qint64>("range");
        QTest::addColumn<qint64>("bucket");
        QTest::newRow("last hour") << qint64(3600) << qint64(15);
        QTest::newRow("last 24 hours") << qint64(86400) << qint64(300);
        QTest::newRow("last 7 days") << qint64(7 * 86400) << qint64(3600);
        QTest::newRow("last 30 days") << qint64(30 * 86400) << qint64(3 * 3600);
        QTest::newRow("a year") << qint64(365 * 86400) << qint64(7 * 86400);
    }
    void rangesGetBetweenOneAndThreeHundredPoints()
    {
        QFETCH(qint64, range);
        QFETCH(qint64, bucket);
        QCOMPARE(chooseBucketSeconds(range), bucket);
        const qint64 points = range / bucket;
        QVERIFY2(points >= 52 && points <= 300, qPrintable(QString::number(points)));
    }

    void tenYearsStillFitsThreeHundredPoints()
    {
        const qint64 range = 10 * 365 * 86400LL;
        QVERIFY(range / chooseBucketSeconds(range) <= 300);
    }

    void bucketsReadAsPeopleWriteThem()
    {
        QCOMPARE(parseBucket(QStringLiteral("30s")), std::optional<qint64>(30));
        QCOMPARE(parseBucket(QStringLiteral("5m")), std::optional<qint64>(300));
        QCOMPARE(parseBucket(QStringLiteral("5 minutes")), std::optional<qint64>(300));
        QCOMPARE(parseBucket(QStringLiteral("1h")), std::optional<qint64>(3600));
        QCOMPARE(parseBucket(QStringLiteral("2 Days")), std::optional<qint64>(172800));
        QCOMPARE(parseBucket(QStringLiteral("1w")), std::optional<qint64>(604800));
        QCOMPARE(parseBucket(QStringLiteral("900")), std::optional<qint64>(900));
        QCOMPARE(parseBucket(QStringLiteral("0m")), std::nullopt);
        QCOMPARE(parseBucket(QStringLiteral("-5m")), std::nullopt);
        QCOMPARE(parseBucket(QStringLiteral("5 fortnights")), std::nullopt);
        QCOMPARE(parseBucket(QStringLiteral("1 month")), std::nullopt); // months are not even
        QCOMPARE(bucketLabel(300), QStringLiteral("5 min"));
        QCOMPARE(bucketLabel(10800), QStringLiteral("3 h"));
        QCOMPARE(bucketLabel(86400), QStringLiteral("1 d"));
        QCOMPARE(bucketLabel(45), QStringLiteral("45 s"));
    }

    void timesReadRelativeAndAbsolute()
    {
        const QTimeZone berlin("Europe/Berlin");
        const QDateTime now
            = QDateTime::fromString(QStringLiteral("2026-11-21T12:00:00Z"), Qt::ISODate);
        QCOMPARE(parseTimeArgument(QStringLiteral("now"), now, berlin), now);
        QCOMPARE(parseTimeArgument(QStringLiteral("-24h"), now, berlin), now.addDays(-1));
        QCOMPARE(parseTimeArgument(QStringLiteral("now-7d"), now, berlin), now.addDays(-7));
        // Without an offset, a time is read in the chart's zone (CET in November: UTC+1).
        const std::optional<QDateTime> local
            = parseTimeArgument(QStringLiteral("2026-11-20 14:00"), now, berlin);
        QVERIFY(local);
        QCOMPARE(local->toUTC(), QDateTime(QDate(2026, 11, 20), QTime(13, 0), Qt::UTC));
        const std::optional<QDateTime> midnight
            = parseTimeArgument(QStringLiteral("2026-07-01"), now, berlin);
        QVERIFY(midnight);
        QCOMPARE(midnight->toUTC(), QDateTime(QDate(2026, 6, 30), QTime(22, 0), Qt::UTC));
        const std::optional<QDateTime> offset
            = parseTimeArgument(QStringLiteral("2026-11-20T14:00:00+05:00"), now, berlin);
        QVERIFY(offset);
        QCOMPARE(offset->toUTC(), QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC));
        QCOMPARE(parseTimeArgument(QStringLiteral("yesterday"), now, berlin), std::nullopt);
        QCOMPARE(parseTimeArgument(QStringLiteral("-3 eons"), now, berlin), std::nullopt);
    }

    void reversedOrEmptyRangesAreRefused()
    {
        ChartRequest request;
        request.timeZone = "UTC";
        request.to = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);
        request.from = request.to.addSecs(3600);
        Result<ChartRequest> reversed = resolveChartRequest(request);
        QVERIFY(!reversed);
        QCOMPARE(reversed.error().kind, Error::Kind::Usage);
        QVERIFY(reversed.error().message.contains(QLatin1String("not before its end")));
        request.from = request.to;
        QVERIFY(!resolveChartRequest(request));
    }

    void unknownZonesAndTinyBucketsAreRefused()
    {
        ChartRequest request;
        request.to = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);
        request.from = request.to.addDays(-30);
        request.timeZone = "Mars/Olympus_Mons";
        Result<ChartRequest> zone = resolveChartRequest(request);
        QVERIFY(!zone);
        QVERIFY(zone.error().message.contains(QLatin1String("Mars/Olympus_Mons")));
        request.timeZone = "UTC";
        request.bucketSeconds = 10; // 259,200 points
        Result<ChartRequest> tiny = resolveChartRequest(request);
        QVERIFY(!tiny);
        QVERIFY(tiny.error().message.contains(QLatin1String("more than")));
    }

    void resolvingFillsBucketAndZone()
    {
        ChartRequest request;
        request.to = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);
        request.from = request.to.addDays(-1);
        Result<ChartRequest> resolved = resolveChartRequest(request);
        QVERIFY(resolved);
        QCOMPARE(resolved->bucketSeconds, qint64(300));
        QCOMPARE(resolved->timeZone, QTimeZone::systemTimeZoneId());
        // The reducer's windows are up to 15 minutes: its chart never cuts finer.
        request.kind = ChartKind::ItemsPerSecond;
        QCOMPARE(resolveChartRequest(request)->bucketSeconds, qint64(900));
    }

    void everyValueIsBound()
    {
        ChartRequest request;
        request.to = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);
        request.from = request.to.addDays(-1);
        request.namespaceFilter = QStringLiteral("o'brien\"; DROP TABLE workflow_executions; --");
        for (ChartKind kind :
             { ChartKind::Throughput, ChartKind::ItemsPerSecond, ChartKind::StepDurations }) {
            request.kind = kind;
            const ChartStatement statement = chartStatement(*resolveChartRequest(request));
            QVERIFY(!statement.sql.contains(QLatin1String("brien")));
            QCOMPARE(statement.sql.count(QLatin1Char('?')), statement.parameters.size());
            QVERIFY(statement.parameters.contains(request.namespaceFilter));
        }
    }

    void csvHasHeaderIsoBucketsAndQuotedSeries()
    {
        ChartData data;
        data.request.kind = ChartKind::Throughput;
        data.request.timeZone = "Europe/Berlin";
        data.valueNames
            = { QStringLiteral("started"), QStringLiteral("completed"), QStringLiteral("failed") };
        const QTimeZone berlin("Europe/Berlin");
        data.rows << ChartRow { QDateTime(QDate(2026, 3, 29), QTime(3, 0), berlin),
                                QStringLiteral("a,b \"c\""),
                                { 3, 2, 1 } };
        QCOMPARE(chartToCsv(data),
                 QByteArray("bucket_start,series,started,completed,failed\n"
                            "2026-03-29T03:00:00+02:00,\"a,b \"\"c\"\"\",3,2,1\n"));
        data.request.kind = ChartKind::StepDurations;
        data.valueNames = { QStringLiteral("steps"), QStringLiteral("p50_ms"),
                            QStringLiteral("p95_ms"), QStringLiteral("max_ms") };
        data.rows = { ChartRow { {}, QStringLiteral("generate_hash"), { 10, 7.5, 220.25, 5000 } } };
        QCOMPARE(chartToCsv(data),
                 QByteArray("step_name,steps,p50_ms,p95_ms,max_ms\n"
                            "generate_hash,10,7.5,220.25,5000\n"));
    }

    // A range ending mid-bucket (now, say) leaves its last bucket partial; one ending on a
    // bucket's edge does not.
    void aRangeEndingMidBucketLeavesItsLastBucketPartial()
    {
        ChartData data;
        data.request.kind = ChartKind::Throughput;
        data.request.bucketSeconds = 3600;
        const QDateTime start(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
        data.request.from = start;
        for (int hour = 0; hour < 3; ++hour)
            data.rows << ChartRow { start.addSecs(hour * 3600), QStringLiteral("all"), { 1 } };
        data.request.to = start.addSecs(2 * 3600 + 25 * 60); // 12:25
        QCOMPARE(data.partialLastBucketSeconds(), std::optional<qint64>(25 * 60));
        data.request.to = start.addSecs(3 * 3600); // 13:00, the last bucket's end
        QCOMPARE(data.partialLastBucketSeconds(), std::nullopt);
    }

    void chartNamesRoundTrip()
    {
        for (ChartKind kind :
             { ChartKind::Throughput, ChartKind::ItemsPerSecond, ChartKind::StepDurations })
            QCOMPARE(chartKindFromName(chartName(kind)), std::optional(kind));
        QCOMPARE(chartKindFromName(QStringLiteral("pie")), std::nullopt);
    }
};

QTEST_APPLESS_MAIN(tst_ChartBuckets)
#include "tst_chartbuckets.moc"
