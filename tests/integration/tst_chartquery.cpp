// The Metrics charts' aggregates against independent SQL over the same seeded demo data,
// bucket edges in a non-UTC zone across both DST changes, and index use checked by EXPLAIN.
#include "TestDatabase.h"
#include "connection/Session.h"
#include "metrics/ChartQuery.h"
#include "metrics/DemoData.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

const QDateTime kEnd(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

// CSV rows keyed by (bucket epoch seconds or step name, series) → the values.
using CsvTable = std::map<std::pair<QString, QString>, QList<double>>;

CsvTable parseCsv(const QByteArray &csv, bool timeSeries)
{
    CsvTable table;
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = QString::fromUtf8(lines[i]).split(QLatin1Char(','));
        QString key = fields[0];
        if (timeSeries)
            key = QString::number(QDateTime::fromString(fields[0], Qt::ISODate).toSecsSinceEpoch());
        const int firstValue = timeSeries ? 2 : 1;
        QList<double> values;
        for (qsizetype k = firstValue; k < fields.size(); ++k)
            values << (fields[k].isEmpty() ? std::numeric_limits<double>::quiet_NaN()
                                           : fields[k].toDouble());
        table[{ key, timeSeries ? fields[1] : QString() }] = values;
    }
    return table;
}

// Rows of (key, series, values...) from independent SQL, in the CSV's keys.
CsvTable independent(Session &session, const QString &sql, int valueCount)
{
    CsvTable table;
    QSqlQuery query(session.database());
    if (!query.exec(sql)) {
        qWarning() << query.lastError().text();
        return table;
    }
    while (query.next()) {
        QList<double> values;
        for (int k = 0; k < valueCount; ++k)
            values << query.value(2 + k).toDouble();
        table[{ query.value(0).toString(), query.value(1).toString() }] = values;
    }
    return table;
}

bool close(double a, double b)
{
    return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b));
}

ChartRequest utcRequest(ChartKind kind, qint64 bucket = 3600)
{
    ChartRequest request;
    request.kind = kind;
    request.from = kEnd.addDays(-3);
    request.to = kEnd;
    request.bucketSeconds = bucket;
    request.timeZone = "UTC";
    return request;
}

} // namespace

class tst_ChartQuery : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        DemoDataOptions options;
        options.workflows = 3000;
        options.days = 3;
        options.namespaces = 3;
        options.seed = 3;
        options.end = kEnd;
        QVERIFY(fillDemoData(m_db.profile(), options));
        Result<Session> session
            = Session::open(m_db.profile(), SessionOptions {}, QStringLiteral("t"));
        QVERIFY(session);
        m_session.emplace(std::move(*session));
    }

    void throughputEqualsIndependentCounts()
    {
        Result<ChartData> data = readChart(*m_session, utcRequest(ChartKind::Throughput));
        QVERIFY2(data, qPrintable(data ? QString() : data.error().message));
        QCOMPARE(data->rows.size(), 72); // every hour of three days, empty ones as zero
        const CsvTable chart = parseCsv(chartToCsv(*data), true);
        const CsvTable started = independent(
            *m_session,
            QStringLiteral("SELECT extract(epoch FROM date_trunc('hour', started_at))::bigint, "
                           "'all', count(*) FROM workflow_executions WHERE started_at >= "
                           "'2026-11-17 12:00Z' AND started_at < '2026-11-20 12:00Z' GROUP BY 1"),
            1);
        const CsvTable finished = independent(
            *m_session,
            QStringLiteral("SELECT extract(epoch FROM date_trunc('hour', completed_at))::bigint, "
                           "'all', sum((current_state = 'COMPLETED')::int), "
                           "sum((current_state = 'FAILED')::int) FROM workflow_executions WHERE "
                           "completed_at >= '2026-11-17 12:00Z' AND completed_at < "
                           "'2026-11-20 12:00Z' GROUP BY 1"),
            2);
        QVERIFY(!started.empty());
        double total = 0;
        for (const auto &[key, values] : chart) {
            const auto s = started.find(key);
            const auto f = finished.find(key);
            QCOMPARE(values[0], s == started.end() ? 0.0 : s->second[0]);
            QCOMPARE(values[1], f == finished.end() ? 0.0 : f->second[0]);
            QCOMPARE(values[2], f == finished.end() ? 0.0 : f->second[1]);
            total += values[0];
        }
        QCOMPARE(total, 3000.0); // every workflow started in the range, counted once
    }

    void splitAndNamespaceFilterPartitionTheCounts()
    {
        ChartRequest request = utcRequest(ChartKind::Throughput, 86400);
        request.split = ThroughputSplit::Namespace;
        Result<ChartData> split = readChart(*m_session, request);
        QVERIFY(split);
        const QStringList namespaces = split->seriesNames();
        QCOMPARE(namespaces.size(), 3);
        for (const QString &name : namespaces) {
            ChartRequest one = utcRequest(ChartKind::Throughput, 86400);
            one.namespaceFilter = name;
            Result<ChartData> filtered = readChart(*m_session, one);
            QVERIFY(filtered);
            QCOMPARE(filtered->seriesNames(), QStringList { QStringLiteral("all") });
            double fromSplit = 0;
            double fromFilter = 0;
            for (const ChartRow &row : split->rows)
                fromSplit += row.series == name ? row.values[0] : 0;
            for (const ChartRow &row : filtered->rows)
                fromFilter += row.values[0];
            QCOMPARE(fromFilter, fromSplit);
            QVERIFY(fromFilter > 0);
        }
        request.split = ThroughputSplit::WorkflowType;
        Result<ChartData> byType = readChart(*m_session, request);
        QVERIFY(byType);
        QVERIFY(byType->seriesNames().contains(QStringLiteral("batch_stamping")));
    }

    void itemsPerSecondEqualsIndependentRates_data()
    {
        QTest::addColumn<int>("split");
        QTest::addColumn<QString>("group");
        QTest::addColumn<int>("seriesCount");
        QTest::addColumn<bool>("hasGaps"); // hours in which a series wrote no window
        QTest::newRow("per aggregation type")
            << int(ThroughputSplit::None) << QStringLiteral("aggregation_type") << 2 << false;
        QTest::newRow("per namespace and aggregation type")
            << int(ThroughputSplit::Namespace)
            << QStringLiteral("namespace || ' · ' || aggregation_type") << 6 << true;
    }

    // The rates per bucket equal those computed here; a bucket without windows has no rate
    // (an empty CSV field, a gap in the chart), not a rate of zero.
    void itemsPerSecondEqualsIndependentRates()
    {
        QFETCH(int, split);
        QFETCH(QString, group);
        QFETCH(int, seriesCount);
        QFETCH(bool, hasGaps);
        ChartRequest request = utcRequest(ChartKind::ItemsPerSecond);
        request.split = ThroughputSplit(split);
        Result<ChartData> data = readChart(*m_session, request);
        QVERIFY(data);
        const QByteArray csv = chartToCsv(*data);
        const CsvTable chart = parseCsv(csv, true);
        const CsvTable expected = independent(
            *m_session,
            QStringLiteral(
                "SELECT extract(epoch FROM date_trunc('hour', window_start))::bigint, %1, "
                "avg(items_per_second), "
                "sum(total_items_aggregated) / sum(extract(epoch FROM window_end - window_start)) "
                "FROM bridge_states WHERE window_start >= '2026-11-17 12:00Z' AND window_start < "
                "'2026-11-20 12:00Z' GROUP BY 1, 2")
                .arg(group),
            2);
        QVERIFY(!expected.empty());
        QCOMPARE(data->seriesNames().size(), seriesCount);
        int measured = 0;
        int empty = 0;
        for (const auto &[key, values] : chart) {
            const auto found = expected.find(key);
            if (found == expected.end()) {
                QVERIFY2(std::isnan(values[0]) && std::isnan(values[1]),
                         qPrintable(key.first + key.second));
                ++empty;
                continue;
            }
            QVERIFY2(close(values[0], found->second[0]), qPrintable(key.first + key.second));
            QVERIFY2(close(values[1], found->second[1]), qPrintable(key.first + key.second));
            ++measured;
        }
        QCOMPARE(measured, int(expected.size()));
        QCOMPARE(empty > 0, hasGaps);
        QCOMPARE(csv.contains(",,\n"), hasGaps);
    }

    void stepPercentilesEqualThoseComputedHere()
    {
        Result<ChartData> data = readChart(*m_session, utcRequest(ChartKind::StepDurations));
        QVERIFY(data);
        const CsvTable chart = parseCsv(chartToCsv(*data), false);
        // Independent: every duration read back, percentiles interpolated as percentile_cont.
        std::map<QString, std::vector<double>> durations;
        QSqlQuery query(m_session->database());
        QVERIFY(query.exec(QStringLiteral(
            "SELECT step_name, execution_time_ms FROM workflow_steps WHERE created_at >= "
            "'2026-11-17 12:00Z' AND created_at < '2026-11-20 12:00Z' AND execution_time_ms IS "
            "NOT NULL")));
        while (query.next())
            durations[query.value(0).toString()].push_back(query.value(1).toDouble());
        QCOMPARE(chart.size(), durations.size());
        const auto percentile = [](std::vector<double> values, double p) {
            std::sort(values.begin(), values.end());
            const double rank = p * double(values.size() - 1);
            const auto low = size_t(std::floor(rank));
            const auto high = size_t(std::ceil(rank));
            return values[low] + (values[high] - values[low]) * (rank - double(low));
        };
        for (const auto &[step, values] : durations) {
            const auto found = chart.find({ step, QString() });
            QVERIFY2(found != chart.end(), qPrintable(step));
            QCOMPARE(found->second[0], double(values.size()));
            QVERIFY(close(found->second[1], percentile(values, 0.5)));
            QVERIFY(close(found->second[2], percentile(values, 0.95)));
            QCOMPARE(found->second[3], *std::max_element(values.begin(), values.end()));
        }
        // In the order the steps run.
        QCOMPARE(data->rows.first().series, QStringLiteral("validate_input"));
        QCOMPARE(data->rows.last().series, QStringLiteral("publish_event"));
    }

    void bucketsFollowBerlinAcrossBothDstChanges()
    {
        ScratchDatabase db(QStringLiteral("chart_dst"));
        QVERIFY(applyBundledMigrations(db.profile()));
        // Spring: 2026-03-29 02:00 CET becomes 03:00 CEST. Autumn: 2026-10-25 03:00 CEST
        // becomes 02:00 CET, so 02:30 happens twice.
        QVERIFY(execSql(
            QStringLiteral("INSERT INTO workflow_executions (correlation_id, workflow_type, "
                           "namespace, current_state, started_at, completed_at) SELECT "
                           "gen_random_uuid(), 'stamping', 'ns', 'COMPLETED', t, t FROM unnest("
                           "ARRAY['2026-03-29 00:30+01', '2026-03-29 01:30+01', "
                           "'2026-03-29 03:30+02', '2026-03-30 00:30+02', "
                           "'2026-10-25 02:30+02', '2026-10-25 02:30+01', "
                           "'2026-10-25 02:45+01']::timestamptz[]) AS t"),
            db.profile()));
        Result<Session> session
            = Session::open(db.profile(), SessionOptions {}, QStringLiteral("t"));
        QVERIFY(session);
        const QTimeZone berlin("Europe/Berlin");
        const auto counts = [&](QDateTime from, QDateTime to, qint64 bucket) {
            ChartRequest request;
            request.kind = ChartKind::Throughput;
            request.from = from;
            request.to = to;
            request.bucketSeconds = bucket;
            request.timeZone = "Europe/Berlin";
            Result<ChartData> data = readChart(*session, request);
            QStringList lines;
            if (data) {
                for (const ChartRow &row : data->rows)
                    lines << QStringLiteral("%1=%2")
                                 .arg(row.bucket.toString(Qt::ISODate))
                                 .arg(row.values[1]);
            }
            return lines;
        };
        // Days start at local midnight on both sides of the spring change (a 23-hour day).
        QCOMPARE(counts(QDateTime(QDate(2026, 3, 28), QTime(0, 0), berlin),
                        QDateTime(QDate(2026, 3, 31), QTime(0, 0), berlin), 86400),
                 (QStringList { QStringLiteral("2026-03-28T00:00:00+01:00=0"),
                                QStringLiteral("2026-03-29T00:00:00+01:00=3"),
                                QStringLiteral("2026-03-30T00:00:00+02:00=1") }));
        // Three-hour buckets keep to the local clock: 00:00 CET, then 03:00 CEST.
        QCOMPARE(counts(QDateTime(QDate(2026, 3, 29), QTime(0, 0), berlin),
                        QDateTime(QDate(2026, 3, 29), QTime(9, 0), berlin), 3 * 3600),
                 (QStringList { QStringLiteral("2026-03-29T00:00:00+01:00=2"),
                                QStringLiteral("2026-03-29T03:00:00+02:00=1"),
                                QStringLiteral("2026-03-29T06:00:00+02:00=0") }));
        // Hourly buckets in autumn: the repeated 02:00 hour is two buckets, each with its rows.
        QCOMPARE(
            counts(QDateTime::fromString(QStringLiteral("2026-10-25T01:00:00+02:00"), Qt::ISODate),
                   QDateTime::fromString(QStringLiteral("2026-10-25T04:00:00+01:00"), Qt::ISODate),
                   3600),
            (QStringList { QStringLiteral("2026-10-25T01:00:00+02:00=0"),
                           QStringLiteral("2026-10-25T02:00:00+02:00=1"),
                           QStringLiteral("2026-10-25T02:00:00+01:00=2"),
                           QStringLiteral("2026-10-25T03:00:00+01:00=0") }));
    }

    void anEmptyRangeHasNoData()
    {
        ChartRequest request = utcRequest(ChartKind::Throughput);
        request.from = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
        request.to = request.from.addDays(1);
        Result<ChartData> data = readChart(*m_session, request);
        QVERIFY(data);
        QVERIFY(!data->hasData());
        request.kind = ChartKind::StepDurations;
        QVERIFY(!readChart(*m_session, request)->hasData());
        request = utcRequest(ChartKind::Throughput);
        request.namespaceFilter = QStringLiteral("no'such \"namespace\"");
        QVERIFY(!readChart(*m_session, request)->hasData());
    }

    void aDatabaseWithoutTheBridgeTablesIsToldWhichTheChartNeeds()
    {
        ScratchDatabase bare(QStringLiteral("chart_bare"));
        Result<Session> session
            = Session::open(bare.profile(), SessionOptions {}, QStringLiteral("t"));
        QVERIFY(session);
        for (ChartKind kind :
             { ChartKind::Throughput, ChartKind::ItemsPerSecond, ChartKind::StepDurations }) {
            Result<ChartData> data = readChart(*session, utcRequest(kind));
            QVERIFY(!data);
            const QString table = kind == ChartKind::ItemsPerSecond
                ? QStringLiteral("bridge_states")
                : kind == ChartKind::Throughput ? QStringLiteral("workflow_executions")
                                                : QStringLiteral("workflow_steps");
            QVERIFY2(data.error().message.contains(table), qPrintable(data.error().message));
        }
    }

    void theQueriesUseTheTimeIndexes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("indexes");
        QTest::newRow("throughput")
            << int(ChartKind::Throughput)
            << QStringList { QStringLiteral("idx_workflow_executions_started_at"),
                             QStringLiteral("idx_workflow_executions_completed_at") };
        QTest::newRow("items per second")
            << int(ChartKind::ItemsPerSecond)
            << QStringList { QStringLiteral("idx_bridge_states_window_start") };
        QTest::newRow("step durations")
            << int(ChartKind::StepDurations)
            << QStringList { QStringLiteral("idx_workflow_steps_created_at") };
    }
    void theQueriesUseTheTimeIndexes()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, indexes);
        // An hour out of three days: the planner should reach it through the index.
        ChartRequest request = utcRequest(ChartKind(kind), 300);
        request.from = kEnd.addSecs(-3600);
        request.withoutDateBin = m_session->serverInfo()->serverVersionNumber < 140000;
        const ChartStatement statement = chartStatement(*resolveChartRequest(request));
        // EXPLAIN cannot be prepared: the values go in as quoted literals, as a first (custom)
        // plan of the prepared statement sees them.
        const QString sql = inlineParameters(statement);
        QSqlQuery query(m_session->database());
        QVERIFY2(query.exec(QStringLiteral("EXPLAIN ") + sql),
                 qPrintable(query.lastError().text()));
        QString plan;
        while (query.next())
            plan += query.value(0).toString() + QLatin1Char('\n');
        for (const QString &index : indexes)
            QVERIFY2(plan.contains(index), qPrintable(plan));
    }

    // PostgreSQL 13 has no date_bin: its buckets by arithmetic must be date_bin's, for short
    // buckets on absolute time and long ones on a DST zone's wall clock.
    void bucketsWithoutDateBinAreDateBins_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("bucket");
        QTest::addColumn<QByteArray>("zone");
        QTest::newRow("throughput, 5 min, UTC")
            << int(ChartKind::Throughput) << qint64(300) << QByteArray("UTC");
        QTest::newRow("throughput, 3 h, Berlin")
            << int(ChartKind::Throughput) << qint64(3 * 3600) << QByteArray("Europe/Berlin");
        QTest::newRow("items per second, 1 d, New York")
            << int(ChartKind::ItemsPerSecond) << qint64(86400) << QByteArray("America/New_York");
    }
    void bucketsWithoutDateBinAreDateBins()
    {
        QFETCH(int, kind);
        QFETCH(qint64, bucket);
        QFETCH(QByteArray, zone);
        if (m_session->serverInfo()->serverVersionNumber < 140000)
            QSKIP("date_bin, the reference, arrived in PostgreSQL 14");
        ChartRequest request = utcRequest(ChartKind(kind), bucket);
        request.from = kEnd.addDays(-30);
        request.timeZone = zone;
        const auto rows = [&](bool withoutDateBin) {
            request.withoutDateBin = withoutDateBin;
            QSqlQuery query(m_session->database());
            const QString sql = inlineParameters(chartStatement(*resolveChartRequest(request)));
            QStringList lines;
            if (!query.exec(sql))
                return QStringList { query.lastError().text() };
            while (query.next()) {
                QStringList cells;
                for (int c = 0; c < query.record().count(); ++c)
                    cells << query.value(c).toString();
                lines << cells.join(QLatin1Char(','));
            }
            return lines;
        };
        const QStringList withDateBin = rows(false);
        QVERIFY(withDateBin.size() > 20);
        QCOMPARE(rows(true), withDateBin);
    }

private:
    ScratchDatabase m_db { QStringLiteral("charts") };
    std::optional<Session> m_session;
};

QTEST_GUILESS_MAIN(tst_ChartQuery)
#include "tst_chartquery.moc"
