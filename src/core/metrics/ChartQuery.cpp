#include "metrics/ChartQuery.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <array>
#include <cmath>
#include <limits>

namespace bridgescope {

namespace {

constexpr qint64 kMinute = 60;
constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 86400;
constexpr qint64 kMaxBuckets = 10'000;
// The reducer writes 5- and 15-minute windows; a finer bucket shows each as a lone spike.
constexpr qint64 kItemsPerSecondMinBucket = 15 * kMinute;

// Bucket keys. Buckets of an hour or less are cut on absolute time from a local midnight, so
// they are equally long and the repeated hour of an autumn change shows as two buckets (DST
// moves clocks by whole hours). Longer buckets are cut on the local wall clock, so they start
// at 00:00, 03:00, … local time on both sides of a change; the bucket holding the change is an
// hour shorter or longer. The week starts on Monday (2000-01-03 was one).
// date_bin(stride, source, origin), or on PostgreSQL 13, which lacks it, the same bucket by
// arithmetic: origin plus the whole strides between them (floor, as date_bin rounds down).
QString dateBin(const QString &stride, const QString &source, const QString &origin,
                bool withoutDateBin)
{
    if (!withoutDateBin)
        return QStringLiteral("date_bin(%1, %2, %3)").arg(stride, source, origin);
    return QStringLiteral("(%3 + floor(extract(epoch FROM (%2) - %3) / extract(epoch FROM %1)) "
                          "* %1)")
        .arg(stride, source, origin);
}

QString bucketKey(const QString &column, qint64 bucketSeconds, bool withoutDateBin)
{
    if (bucketSeconds <= kHour)
        return dateBin(QStringLiteral("p.b"), column, QStringLiteral("p.origin"), withoutDateBin);
    return QStringLiteral("(%1 AT TIME ZONE p.z)")
        .arg(dateBin(QStringLiteral("p.b"), column + QStringLiteral(" AT TIME ZONE p.z"),
                     QStringLiteral("TIMESTAMP '2000-01-03 00:00'"), withoutDateBin));
}

// Every bucket of the range, so that an empty one reads as zero.
QString bucketSeries(qint64 bucketSeconds, bool withoutDateBin)
{
    if (bucketSeconds <= kHour)
        return QStringLiteral("SELECT generate_series(%1, p.t - interval '1 microsecond', "
                              "p.b) AS bucket FROM p")
            .arg(dateBin(QStringLiteral("p.b"), QStringLiteral("p.f"), QStringLiteral("p.origin"),
                         withoutDateBin));
    return QStringLiteral("SELECT DISTINCT s AT TIME ZONE p.z AS bucket FROM p, "
                          "generate_series(%1, (p.t AT TIME ZONE p.z) - interval '1 microsecond', "
                          "p.b) AS s")
        .arg(dateBin(QStringLiteral("p.b"), QStringLiteral("p.f AT TIME ZONE p.z"),
                     QStringLiteral("TIMESTAMP '2000-01-03 00:00'"), withoutDateBin));
}

QString parametersCte()
{
    return QStringLiteral(
        "WITH p AS MATERIALIZED (SELECT f, t, b, z, "
        "(TIMESTAMP '2000-01-03 00:00' AT TIME ZONE z) AS origin FROM (SELECT "
        "?::timestamptz AS f, ?::timestamptz AS t, ?::interval AS b, ?::text AS z) AS given)");
}

QString namespaceCondition(const ChartRequest &request, const QString &alias)
{
    return request.namespaceFilter.isEmpty() ? QString()
                                             : QStringLiteral(" AND %1.namespace = ?").arg(alias);
}

QString throughputSql(const ChartRequest &request)
{
    QString group = QStringLiteral("'all'::text");
    if (request.split == ThroughputSplit::Namespace)
        group = QStringLiteral("e.namespace::text");
    else if (request.split == ThroughputSplit::WorkflowType)
        group = QStringLiteral("e.workflow_type::text");
    const qint64 b = request.bucketSeconds;
    const QString ns = namespaceCondition(request, QStringLiteral("e"));
    return parametersCte()
        + QStringLiteral(
              ",\nbuckets AS (%1),\n"
              "started AS (SELECT %2 AS bucket, %4 AS grp, count(*) AS n\n"
              "    FROM workflow_executions AS e, p\n"
              "    WHERE e.started_at >= p.f AND e.started_at < p.t%5 GROUP BY 1, 2),\n"
              "finished AS (SELECT %3 AS bucket, %4 AS grp,\n"
              "        count(*) FILTER (WHERE e.current_state = 'COMPLETED') AS completed,\n"
              "        count(*) FILTER (WHERE e.current_state = 'FAILED') AS failed\n"
              "    FROM workflow_executions AS e, p\n"
              "    WHERE e.completed_at >= p.f AND e.completed_at < p.t%5 GROUP BY 1, 2),\n"
              "groups AS (SELECT grp FROM started UNION SELECT grp FROM finished)\n"
              "SELECT extract(epoch FROM b.bucket)::float8, g.grp, coalesce(s.n, 0),\n"
              "       coalesce(f.completed, 0), coalesce(f.failed, 0)\n"
              "FROM buckets AS b CROSS JOIN groups AS g\n"
              "LEFT JOIN started AS s ON s.bucket = b.bucket AND s.grp = g.grp\n"
              "LEFT JOIN finished AS f ON f.bucket = b.bucket AND f.grp = g.grp\n"
              "ORDER BY g.grp, b.bucket")
              .arg(bucketSeries(b, request.withoutDateBin),
                   bucketKey(QStringLiteral("e.started_at"), b, request.withoutDateBin),
                   bucketKey(QStringLiteral("e.completed_at"), b, request.withoutDateBin), group,
                   ns);
}

QString itemsPerSecondSql(const ChartRequest &request)
{
    const qint64 b = request.bucketSeconds;
    return parametersCte()
        + QStringLiteral(
              ",\nbuckets AS (%1),\n"
              "windows AS (SELECT %2 AS bucket,\n"
              "        %4 AS grp,\n"
              "        avg(s.items_per_second)::float8 AS reducer_rate,\n"
              "        (sum(s.total_items_aggregated)\n"
              "         / nullif(sum(extract(epoch FROM s.window_end - s.window_start)), "
              "0))::float8\n"
              "            AS window_rate\n"
              "    FROM bridge_states AS s, p\n"
              "    WHERE s.window_start >= p.f AND s.window_start < p.t%3 GROUP BY 1, 2),\n"
              "groups AS (SELECT DISTINCT grp FROM windows)\n"
              // A bucket without windows has no rate: NULL, drawn as a gap, not as zero.
              "SELECT extract(epoch FROM b.bucket)::float8, g.grp,\n"
              "       w.reducer_rate, w.window_rate\n"
              "FROM buckets AS b CROSS JOIN groups AS g\n"
              "LEFT JOIN windows AS w ON w.bucket = b.bucket AND w.grp = g.grp\n"
              "ORDER BY g.grp, b.bucket")
              .arg(bucketSeries(b, request.withoutDateBin),
                   bucketKey(QStringLiteral("s.window_start"), b, request.withoutDateBin),
                   namespaceCondition(request, QStringLiteral("s")),
                   request.split == ThroughputSplit::Namespace
                       ? QStringLiteral("s.namespace || ' · ' || s.aggregation_type")
                       : QStringLiteral("s.aggregation_type::text"));
}

QString stepDurationsSql(const ChartRequest &request)
{
    const QString join = request.namespaceFilter.isEmpty()
        ? QString()
        : QStringLiteral(
            "JOIN workflow_executions AS e ON e.id = s.workflow_id AND e.namespace = ?\n");
    return parametersCte()
        + QStringLiteral(
              "\nSELECT NULL::float8, s.step_name::text, count(*)::float8,\n"
              "       percentile_cont(0.5) WITHIN GROUP (ORDER BY s.execution_time_ms),\n"
              "       percentile_cont(0.95) WITHIN GROUP (ORDER BY s.execution_time_ms),\n"
              "       max(s.execution_time_ms)::float8\n"
              "FROM workflow_steps AS s CROSS JOIN p\n%1"
              "WHERE s.created_at >= p.f AND s.created_at < p.t\n"
              "  AND s.execution_time_ms IS NOT NULL\n"
              "GROUP BY s.step_name\n"
              "ORDER BY min(s.step_order), s.step_name")
              .arg(join);
}

QStringList valueNamesOf(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Throughput:
        return { QStringLiteral("started"), QStringLiteral("completed"), QStringLiteral("failed") };
    case ChartKind::ItemsPerSecond:
        return { QStringLiteral("reducer_items_per_second"),
                 QStringLiteral("window_items_per_second") };
    case ChartKind::StepDurations:
        break;
    }
    return { QStringLiteral("steps"), QStringLiteral("p50_ms"), QStringLiteral("p95_ms"),
             QStringLiteral("max_ms") };
}

// Table and the columns the chart reads from it.
QList<std::pair<QString, QStringList>> requiredColumns(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Throughput:
        return { { QStringLiteral("workflow_executions"),
                   { QStringLiteral("started_at"), QStringLiteral("completed_at"),
                     QStringLiteral("current_state"), QStringLiteral("namespace"),
                     QStringLiteral("workflow_type") } } };
    case ChartKind::ItemsPerSecond:
        return { { QStringLiteral("bridge_states"),
                   { QStringLiteral("namespace"), QStringLiteral("aggregation_type"),
                     QStringLiteral("window_start"), QStringLiteral("window_end"),
                     QStringLiteral("items_per_second"),
                     QStringLiteral("total_items_aggregated") } } };
    case ChartKind::StepDurations:
        break;
    }
    return { { QStringLiteral("workflow_steps"),
               { QStringLiteral("step_name"), QStringLiteral("step_order"),
                 QStringLiteral("execution_time_ms"), QStringLiteral("created_at"),
                 QStringLiteral("workflow_id") } },
             { QStringLiteral("workflow_executions"),
               { QStringLiteral("id"), QStringLiteral("namespace") } } };
}

QString formatNumber(double value)
{
    if (std::isnan(value))
        return {}; // no value in this bucket (a rate without windows)
    return QString::number(value, 'g', 15);
}

} // namespace

QString chartName(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Throughput:
        return QStringLiteral("throughput");
    case ChartKind::ItemsPerSecond:
        return QStringLiteral("items-per-second");
    case ChartKind::StepDurations:
        break;
    }
    return QStringLiteral("step-durations");
}

std::optional<ChartKind> chartKindFromName(const QString &name)
{
    for (ChartKind kind :
         { ChartKind::Throughput, ChartKind::ItemsPerSecond, ChartKind::StepDurations }) {
        if (chartName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

qint64 chooseBucketSeconds(qint64 rangeSeconds)
{
    static constexpr std::array<qint64, 16> kRoundBuckets {
        10,           15,           30,           kMinute,  2 * kMinute, 5 * kMinute,
        10 * kMinute, 15 * kMinute, 30 * kMinute, kHour,    2 * kHour,   3 * kHour,
        6 * kHour,    12 * kHour,   kDay,         7 * kDay,
    };
    for (qint64 bucket : kRoundBuckets) {
        if (rangeSeconds / bucket <= 300)
            return bucket;
    }
    // Beyond four years of weeks: as many days as keep it at 300 points.
    return (rangeSeconds / 300 / kDay + 1) * kDay;
}

QString bucketLabel(qint64 seconds)
{
    if (seconds % kDay == 0)
        return QStringLiteral("%1 d").arg(seconds / kDay);
    if (seconds % kHour == 0)
        return QStringLiteral("%1 h").arg(seconds / kHour);
    if (seconds % kMinute == 0)
        return QStringLiteral("%1 min").arg(seconds / kMinute);
    return QStringLiteral("%1 s").arg(seconds);
}

std::optional<qint64> parseBucket(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+)\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|"
                       "w|weeks?)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 count = match.captured(1).toLongLong(&ok);
    if (!ok || count <= 0)
        return std::nullopt;
    const QString unit = match.captured(2).toLower();
    qint64 scale = 1;
    if (unit.startsWith(QLatin1Char('m')))
        scale = kMinute;
    else if (unit.startsWith(QLatin1Char('h')))
        scale = kHour;
    else if (unit.startsWith(QLatin1Char('d')))
        scale = kDay;
    else if (unit.startsWith(QLatin1Char('w')))
        scale = 7 * kDay;
    if (count > std::numeric_limits<qint64>::max() / scale)
        return std::nullopt;
    return count * scale;
}

Result<ChartRequest> resolveChartRequest(ChartRequest request)
{
    if (!request.from.isValid() || !request.to.isValid())
        return fail(Error::Kind::Usage, QStringLiteral("The range needs a start and an end."));
    if (request.from >= request.to)
        return fail(Error::Kind::Usage,
                    QStringLiteral("The range starts at %1, which is not before its end %2.")
                        .arg(request.from.toString(Qt::ISODate), request.to.toString(Qt::ISODate)));
    if (request.timeZone.isEmpty())
        request.timeZone = QTimeZone::systemTimeZoneId();
    if (!QTimeZone(request.timeZone).isValid())
        return fail(Error::Kind::Usage,
                    QStringLiteral("\"%1\" is not a time zone this machine knows (try "
                                   "Europe/Berlin or UTC).")
                        .arg(QString::fromUtf8(request.timeZone)));
    const qint64 range = request.from.secsTo(request.to);
    if (request.bucketSeconds == 0) {
        request.bucketSeconds = chooseBucketSeconds(range);
        if (request.kind == ChartKind::ItemsPerSecond)
            request.bucketSeconds = std::max(request.bucketSeconds, kItemsPerSecondMinBucket);
    }
    if (request.bucketSeconds < 1)
        return fail(Error::Kind::Usage, QStringLiteral("The bucket must be at least 1 second."));
    if (request.kind != ChartKind::StepDurations && range / request.bucketSeconds > kMaxBuckets)
        return fail(Error::Kind::Usage,
                    QStringLiteral("A %1 bucket cuts this range into more than %2 points; "
                                   "choose a longer bucket or a shorter range.")
                        .arg(bucketLabel(request.bucketSeconds))
                        .arg(kMaxBuckets));
    return request;
}

std::optional<qint64> ChartData::partialLastBucketSeconds() const
{
    QDateTime last;
    for (const ChartRow &row : rows) {
        if (row.bucket.isValid() && (!last.isValid() || row.bucket > last))
            last = row.bucket;
    }
    if (!last.isValid() || request.bucketSeconds <= 0 || !request.to.isValid())
        return std::nullopt;
    const qint64 covered = last.secsTo(request.to);
    if (covered <= 0 || covered >= request.bucketSeconds)
        return std::nullopt;
    return covered;
}

QStringList ChartData::seriesNames() const
{
    QStringList names;
    for (const ChartRow &row : rows) {
        if (!names.contains(row.series))
            names << row.series;
    }
    return names;
}

ChartStatement chartStatement(const ChartRequest &resolved)
{
    ChartStatement statement;
    switch (resolved.kind) {
    case ChartKind::Throughput:
        statement.sql = throughputSql(resolved);
        break;
    case ChartKind::ItemsPerSecond:
        statement.sql = itemsPerSecondSql(resolved);
        break;
    case ChartKind::StepDurations:
        statement.sql = stepDurationsSql(resolved);
        break;
    }
    statement.parameters = {
        resolved.from.toUTC().toString(Qt::ISODateWithMs),
        resolved.to.toUTC().toString(Qt::ISODateWithMs),
        QStringLiteral("%1 seconds").arg(resolved.bucketSeconds),
        QString::fromUtf8(resolved.timeZone),
    };
    // The throughput chart reads the namespace twice (started and finished).
    if (!resolved.namespaceFilter.isEmpty()) {
        statement.parameters << resolved.namespaceFilter;
        if (resolved.kind == ChartKind::Throughput)
            statement.parameters << resolved.namespaceFilter;
    }
    return statement;
}

QString inlineParameters(const ChartStatement &statement)
{
    // Every parameter is text; the SQL has no other question mark.
    QString sql = statement.sql;
    qsizetype from = 0;
    for (const QVariant &value : statement.parameters) {
        const qsizetype at = sql.indexOf(QLatin1Char('?'), from);
        if (at < 0)
            break;
        QString literal = value.toString();
        literal.replace(QLatin1String("'"), QLatin1String("''"));
        literal = QLatin1Char('\'') + literal + QLatin1Char('\'');
        sql.replace(at, 1, literal);
        from = at + literal.size();
    }
    return sql;
}

Result<QStringList> missingChartTables(Session &session, ChartKind kind)
{
    QStringList missing;
    for (const auto &[table, columns] : requiredColumns(kind)) {
        BoundSql statement {
            QStringLiteral("SELECT count(a.attname) FROM (SELECT to_regclass($1) AS oid) AS r "
                           "LEFT JOIN pg_attribute AS a ON a.attrelid = r.oid AND NOT "
                           "a.attisdropped AND a.attname = ANY (string_to_array($2, ','))"),
            { table, columns.join(QLatin1Char(',')) }
        };
        Result<RowSet> rows = queryRows(session, statement);
        if (!rows)
            return std::unexpected(rows.error());
        if (rows->rows.value(0).value(0).value_or("0").toInt() != columns.size())
            missing << QStringLiteral("%1 (%2)").arg(table, columns.join(QLatin1String(", ")));
    }
    return missing;
}

namespace {

// The chart's statement for PgQuery: its `?` placeholders (the SQL has no other question mark)
// as $1, $2, … with the values bound, never written into the text.
BoundSql boundStatement(const ChartStatement &statement)
{
    BoundSql bound;
    qsizetype from = 0;
    bound.sql = statement.sql;
    for (const QVariant &value : statement.parameters) {
        const qsizetype at = bound.sql.indexOf(QLatin1Char('?'), from);
        if (at < 0)
            break;
        const QString placeholder = bound.bind(value.toString());
        bound.sql.replace(at, 1, placeholder);
        from = at + placeholder.size();
    }
    return bound;
}

// NULL reads as NaN: a bucket without a value, which the chart leaves as a gap.
double numberIn(const SqlText &cell)
{
    return cell ? cell->toDouble() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

Result<ChartData> readChart(Session &session, const ChartRequest &request)
{
    Result<ChartRequest> resolved = resolveChartRequest(request);
    if (!resolved)
        return std::unexpected(resolved.error());
    if (const Result<ServerInfo> server = session.serverInfo(); server)
        resolved->withoutDateBin = server->serverVersionNumber < 140000;
    Result<QStringList> missing = missingChartTables(session, resolved->kind);
    if (!missing)
        return std::unexpected(missing.error());
    if (!missing->isEmpty())
        return fail(Error::Kind::Generic,
                    QStringLiteral("The %1 chart reads %2, which this database does not have. "
                                   "The bundled migrations create them (bridgescope migrate up).")
                        .arg(chartName(resolved->kind), missing->join(QLatin1String(" and "))));

    // Through PgQuery, so a browsing session's answer deadline holds here too.
    Result<RowSet> rows = queryRows(session, boundStatement(chartStatement(*resolved)));
    if (!rows)
        return std::unexpected(rows.error());

    ChartData data;
    data.request = *resolved;
    data.valueNames = valueNamesOf(resolved->kind);
    const QTimeZone zone(resolved->timeZone);
    const int valueCount = int(data.valueNames.size());
    data.rows.reserve(rows->rows.size());
    for (const QList<SqlText> &cells : std::as_const(rows->rows)) {
        ChartRow row;
        if (cells.value(0))
            row.bucket
                = QDateTime::fromMSecsSinceEpoch(qRound64(numberIn(cells.value(0)) * 1000), zone);
        row.series = QString::fromUtf8(cells.value(1).value_or(QByteArray()));
        row.values.reserve(valueCount);
        for (int i = 0; i < valueCount; ++i)
            row.values << numberIn(cells.value(2 + i));
        data.rows << std::move(row);
    }
    return data;
}

Result<QStringList> readNamespaces(Session &session)
{
    Result<RowSet> rows = queryRows(
        session,
        QStringLiteral(
            "WITH RECURSIVE ns AS (\n"
            "    (SELECT namespace FROM workflow_executions ORDER BY namespace LIMIT 1)\n"
            "    UNION ALL\n"
            "    SELECT (SELECT e.namespace FROM workflow_executions AS e\n"
            "            WHERE e.namespace > ns.namespace ORDER BY e.namespace LIMIT 1)\n"
            "    FROM ns WHERE ns.namespace IS NOT NULL)\n"
            "SELECT namespace FROM ns WHERE namespace IS NOT NULL LIMIT 1000"));
    if (!rows)
        return std::unexpected(rows.error());
    QStringList names;
    for (const QList<SqlText> &cells : std::as_const(rows->rows))
        names << QString::fromUtf8(cells.value(0).value_or(QByteArray()));
    return names;
}

QByteArray chartToCsv(const ChartData &data)
{
    const auto quoted = [](QString field) {
        if (field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"'))
            || field.contains(QLatin1Char('\n')))
            return QLatin1Char('"') + field.replace(QLatin1String("\""), QLatin1String("\"\""))
                + QLatin1Char('"');
        return field;
    };
    const bool timeSeries = data.request.kind != ChartKind::StepDurations;
    QStringList header;
    if (timeSeries)
        header << QStringLiteral("bucket_start") << QStringLiteral("series");
    else
        header << QStringLiteral("step_name");
    header << data.valueNames;
    QByteArray csv = header.join(QLatin1Char(',')).toUtf8() + '\n';
    for (const ChartRow &row : data.rows) {
        QStringList fields;
        if (timeSeries)
            fields << row.bucket.toString(Qt::ISODate);
        fields << quoted(row.series);
        for (double value : row.values)
            fields << formatNumber(value);
        csv += fields.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return csv;
}

} // namespace bridgescope
