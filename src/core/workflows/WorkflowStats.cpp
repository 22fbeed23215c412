#include "workflows/WorkflowStats.h"

#include "connection/Session.h"

#include <QMap>

namespace bridgescope {

namespace {

// The error type and the masked message, as SQL over workflow_executions `w`.
const char kErrorType[] = "coalesce(nullif(w.error_info->>'error_type', ''), "
                          "nullif(split_part(w.error_message, ':', 1), ''), '(no error recorded)')";
// Masked, as Sentry fingerprints issues, what varies from run to run: the workflow's own
// namespace (as a whole word), quoted text, a content type (type/subtype of the IANA top-level
// types), hex runs of 8 or more and numbers. Each mask names what it stands for, so a group's
// message says why its messages are one.
const char kFingerprint[] = R"sql(regexp_replace(regexp_replace(regexp_replace(
    CASE WHEN w.namespace ~ '^[A-Za-z0-9_.-]{2,}$'
         THEN regexp_replace(coalesce(w.error_message, ''),
                             '\m' || replace(w.namespace, '.', '\.') || '\M', '<namespace>', 'g')
         ELSE coalesce(w.error_message, '') END,
    '''[^'']*''|"[^"]*"', '''…''', 'g'),
    '\m(application|audio|font|image|message|model|multipart|text|video)/[A-Za-z0-9][A-Za-z0-9.+-]*',
    '<content type>', 'g'),
    '[0-9a-fA-F]{8,}|[0-9]+(\.[0-9]+)?', '#', 'g'))sql";

QString epochMs(const QString &column)
{
    return QStringLiteral("(extract(epoch FROM %1) * 1000)::bigint").arg(column);
}

// "w.current_state = 'FAILED' AND w.started_at >= $1 AND w.started_at < $2 [AND namespace]"
QString failedIn(BoundSql &sql, const TimeRange &range, const QString &nameSpace)
{
    QString where = QStringLiteral("w.current_state = 'FAILED' AND w.started_at >= %1::timestamptz "
                                   "AND w.started_at < %2::timestamptz")
                        .arg(sql.bind(range.from.toUTC().toString(Qt::ISODateWithMs)),
                             sql.bind(range.to.toUTC().toString(Qt::ISODateWithMs)));
    if (!nameSpace.isEmpty())
        where += QStringLiteral(" AND w.namespace = %1").arg(sql.bind(nameSpace));
    return where;
}

QStringList textArray(const SqlText &cell)
{
    return textArrayElements(cellText(cell));
}

} // namespace

Result<QList<FailureGroup>> readFailureGroups(Session &session, const TimeRange &range,
                                              const QString &nameSpace)
{
    BoundSql sql;
    const QString where = failedIn(sql, range, nameSpace);
    const QString from = sql.bind(QString::number(range.from.toMSecsSinceEpoch()));
    const QString to = sql.bind(QString::number(range.to.toMSecsSinceEpoch()));
    sql.sql = QStringLiteral(
                  "WITH failed AS MATERIALIZED ("
                  "  SELECT %1 AS error_type, %2 AS fingerprint, w.error_message, w.namespace, "
                  "         %3 AS at FROM workflow_executions w WHERE %4"
                  "), groups AS ("
                  "  SELECT error_type, fingerprint, min(error_message) AS example, count(*) AS n, "
                  "         min(at) AS first_at, max(at) AS last_at, "
                  "         array_agg(DISTINCT namespace ORDER BY namespace) AS namespaces "
                  "  FROM failed GROUP BY 1, 2"
                  "), buckets AS ("
                  "  SELECT error_type, fingerprint, "
                  "         least(width_bucket(at, %5::bigint, %6::bigint, %7), %7) AS b, count(*) "
                  "AS n "
                  "  FROM failed GROUP BY 1, 2, 3"
                  ") "
                  "SELECT g.error_type, g.fingerprint, g.example, g.n, g.first_at, g.last_at, "
                  "       g.namespaces, "
                  "       (SELECT string_agg(b.b || ':' || b.n, ',') FROM buckets b "
                  "        WHERE b.error_type = g.error_type AND b.fingerprint = g.fingerprint) "
                  "FROM groups g ORDER BY g.n DESC, g.error_type, g.fingerprint")
                  .arg(QString::fromLatin1(kErrorType), QString::fromUtf8(kFingerprint),
                       epochMs(QStringLiteral("w.started_at")), where, from, to)
                  .arg(kSparklineBuckets);
    Result<RowSet> rows = queryBridge(session, sql);
    if (!rows)
        return std::unexpected(rows.error());
    QList<FailureGroup> groups;
    for (const QList<SqlText> &row : rows->rows) {
        FailureGroup group;
        group.errorType = cellText(row.at(0));
        group.fingerprint = cellText(row.at(1));
        group.example = cellText(row.at(2));
        group.count = cellInteger(row.at(3), 0);
        group.firstSeen = cellTime(row.at(4));
        group.lastSeen = cellTime(row.at(5));
        group.namespaces = textArray(row.at(6));
        group.buckets = QList<qint64>(kSparklineBuckets, 0);
        for (const QString &pair :
             cellText(row.at(7)).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const int bucket = pair.section(QLatin1Char(':'), 0, 0).toInt();
            if (bucket >= 1 && bucket <= kSparklineBuckets)
                group.buckets[bucket - 1] += pair.section(QLatin1Char(':'), 1).toLongLong();
        }
        groups << group;
    }
    return groups;
}

Result<QList<WorkflowSummary>> readGroupWorkflows(Session &session, const TimeRange &range,
                                                  const QString &nameSpace,
                                                  const FailureGroup &group, int limit)
{
    BoundSql sql;
    const QString where = failedIn(sql, range, nameSpace);
    sql.sql = QStringLiteral("SELECT %1 FROM workflow_executions w WHERE %2 AND %3 = %4 "
                             "AND %5 = %6 ORDER BY w.started_at DESC LIMIT %7")
                  .arg(QString::fromLatin1(kWorkflowSummaryColumns), where,
                       QString::fromLatin1(kErrorType), sql.bind(group.errorType),
                       QString::fromUtf8(kFingerprint), sql.bind(group.fingerprint))
                  .arg(limit);
    Result<RowSet> rows = queryBridge(session, sql);
    if (!rows)
        return std::unexpected(rows.error());
    QList<WorkflowSummary> workflows;
    for (const QList<SqlText> &row : rows->rows)
        workflows << readWorkflowSummary(row);
    return workflows;
}

Result<QList<NamespaceStats>> readNamespaceStats(Session &session, const TimeRange &range)
{
    Result<QStringList> unreadable
        = unreadableTables(session, { QStringLiteral("metadata_stamps") });
    if (!unreadable)
        return std::unexpected(unreadable.error());
    const bool stampsReadable = unreadable->isEmpty();
    BoundSql sql;
    const QString from = sql.bind(range.from.toUTC().toString(Qt::ISODateWithMs));
    const QString to = sql.bind(range.to.toUTC().toString(Qt::ISODateWithMs));
    sql.sql = QStringLiteral(
                  "WITH w AS ("
                  "  SELECT namespace, count(*) AS n, "
                  "         count(*) FILTER (WHERE current_state = 'PENDING') AS pending, "
                  "         count(*) FILTER (WHERE current_state = 'PROCESSING') AS processing, "
                  "         count(*) FILTER (WHERE current_state = 'COMPLETED') AS completed, "
                  "         count(*) FILTER (WHERE current_state = 'FAILED') AS failed, "
                  "         percentile_cont(0.5) WITHIN GROUP (ORDER BY execution_time_ms) "
                  "           FILTER (WHERE current_state IN ('COMPLETED', 'FAILED')) AS p50, "
                  "         percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms) "
                  "           FILTER (WHERE current_state IN ('COMPLETED', 'FAILED')) AS p95 "
                  "  FROM workflow_executions "
                  "  WHERE started_at >= %1::timestamptz AND started_at < %2::timestamptz "
                  "  GROUP BY namespace"
                  "), s AS (%3) "
                  "SELECT coalesce(w.namespace, s.namespace), coalesce(w.n, 0), "
                  "       coalesce(w.pending, 0), coalesce(w.processing, 0), "
                  "       coalesce(w.completed, 0), coalesce(w.failed, 0), w.p50, w.p95, "
                  "       coalesce(s.stamps, 0), coalesce(s.bytes, 0), coalesce(s.types, 0) "
                  "FROM w FULL JOIN s ON s.namespace = w.namespace ORDER BY 2 DESC, 1")
                  .arg(from, to,
                       // A role that may not read the stamps gets the workflows' figures alone: any
                       // mention of the table, even in a branch never run, is refused.
                       stampsReadable
                           ? QStringLiteral(
                                 "SELECT namespace, count(*) AS stamps, "
                                 "coalesce(sum((file_metadata->>'file_size_bytes')::bigint), 0) "
                                 "AS bytes, count(DISTINCT file_metadata->>'file_type') AS types "
                                 "FROM metadata_stamps WHERE created_at >= %1::timestamptz AND "
                                 "created_at < %2::timestamptz GROUP BY namespace")
                                 .arg(from, to)
                           : QStringLiteral("SELECT NULL::text AS namespace, 0::bigint AS stamps, "
                                            "0::numeric AS bytes, 0::bigint AS types WHERE false"));
    Result<RowSet> rows = queryBridge(session, sql);
    if (!rows)
        return std::unexpected(rows.error());
    QList<NamespaceStats> stats;
    for (const QList<SqlText> &row : rows->rows) {
        NamespaceStats s;
        s.nameSpace = cellText(row.at(0));
        s.workflows = cellInteger(row.at(1), 0);
        s.pending = cellInteger(row.at(2), 0);
        s.processing = cellInteger(row.at(3), 0);
        s.completed = cellInteger(row.at(4), 0);
        s.failed = cellInteger(row.at(5), 0);
        s.p50Ms = cellNumber(row.at(6), -1);
        s.p95Ms = cellNumber(row.at(7), -1);
        s.stamps = cellInteger(row.at(8), 0);
        s.stampedBytes = cellInteger(row.at(9), 0);
        s.fileTypes = cellInteger(row.at(10), 0);
        s.stampsReadable = stampsReadable;
        const qint64 finished = s.completed + s.failed;
        s.failureRate = finished > 0 ? double(s.failed) / double(finished) : 0;
        stats << s;
    }
    return stats;
}

} // namespace bridgescope
