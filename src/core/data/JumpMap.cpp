#include "data/JumpMap.h"

#include "connection/PgQuery.h"
#include "data/CellFormat.h"

#include <algorithm>
#include <cmath>

namespace bridgescope {

JumpMap::JumpMap(const OrderStats &stats, bool sorted)
    : m_nullShare(qBound(0.0, stats.nullShare, 1.0))
    , m_keyBounds(stats.keyBounds)
    , m_sorted(sorted)
{
    const qsizetype count = qMin(stats.values.size(), stats.shares.size());
    double common = 0;
    int bounds = 0;
    for (qsizetype at = 0; at < count; ++at) {
        if (stats.shares[at])
            common += *stats.shares[at];
        else
            ++bounds;
    }
    const double nonNull = 1 - m_nullShare;
    // Each bound but the last opens a bucket: an equal part of the rows neither NULL nor common.
    const double bucket = bounds > 1 ? qMax(0.0, nonNull - common) / (bounds - 1) : 0;
    double before = 0;
    int boundsSeen = 0;
    for (qsizetype at = 0; at < count; ++at) {
        const std::optional<double> share = stats.shares[at];
        m_marks.append(Mark { stats.values[at], before, share.value_or(0) });
        if (share)
            before += *share;
        else if (++boundsSeen < bounds)
            before += bucket;
    }
    // The statistics come from a sample: the values end where the NULLs begin.
    if (before > 0)
        for (Mark &mark : m_marks) {
            mark.start *= nonNull / before;
            mark.share *= nonNull / before;
        }
}

QByteArray JumpMap::keyAt(double fraction) const
{
    const int last = int(m_keyBounds.size()) - 1;
    return m_keyBounds[qBound(0, int(std::llround(fraction * last)), last)];
}

std::optional<RowKey> JumpMap::startAt(double position) const
{
    position = qBound(0.0, position, 1.0);
    const double nonNull = 1 - m_nullShare;
    if (m_sorted && m_nullShare > 0 && (position >= nonNull || m_marks.isEmpty())) {
        RowKey start { std::nullopt, {} }; // the NULLs: from the first, or by the key
        if (!m_keyBounds.isEmpty())
            start.key << keyAt((position - nonNull) / m_nullShare);
        return start;
    }
    if (m_marks.isEmpty())
        return std::nullopt;
    // The mark the position is in: the last that starts at or before it.
    const auto after
        = std::upper_bound(m_marks.begin(), m_marks.end(), position,
                           [](double wanted, const Mark &mark) { return wanted < mark.start; });
    const Mark &mark = m_marks[qMax<qsizetype>(0, (after - m_marks.begin()) - 1)];
    if (!m_sorted)
        return RowKey { std::nullopt, { mark.value } };
    if (mark.share > 0 && !m_keyBounds.isEmpty())
        return RowKey { mark.value,
                        { keyAt(qBound(0.0, (position - mark.start) / mark.share, 1.0)) } };
    return RowKey { mark.value, {} }; // the first row holding the value
}

Result<JumpMap> readJumpMap(Session &session, const BrowseSpec &spec)
{
    const BrowseTable &table = spec.table;
    const bool oneColumnKey = table.key.size() == 1 && table.primaryKey.size() == 1;
    // The column the rows are in order of: the sort column, else a one-column primary key.
    QString column;
    if (spec.sort && !table.key.isEmpty())
        column = spec.sort->column;
    else if (!spec.sort && oneColumnKey)
        column = table.primaryKey.first();
    const int index = table.columnIndex(column);
    if (index < 0 || !spec.filters.isEmpty())
        return JumpMap {};
    const QString type = table.columns[index].type;
    // The common values are listed by frequency: put in the column's order among the bounds,
    // which takes their type. An array column's bounds are arrays, which that cast would
    // flatten: its bounds alone, as listed.
    const bool typed = !type.endsWith(QLatin1String("[]"));
    const QString stats = QStringLiteral(
        "SELECT * FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3 "
        "ORDER BY inherited DESC LIMIT 1"); // a partitioned table's are the inherited ones
    const QString keyBounds = QStringLiteral(
        "(SELECT histogram_bounds::text FROM pg_stats WHERE schemaname = $1 AND tablename = $2 "
        "AND attname = $4 ORDER BY inherited DESC LIMIT 1)");
    BoundSql statement;
    if (typed)
        statement.sql = QStringLiteral("WITH s AS (%1), m AS ("
                                       "SELECT v, f FROM s, unnest(s.most_common_vals::text::%2[], "
                                       "s.most_common_freqs) AS u(v, f) "
                                       "UNION ALL SELECT v, NULL FROM s, "
                                       "unnest(s.histogram_bounds::text::%2[]) AS b(v)) "
                                       "SELECT (SELECT null_frac FROM s)::text, "
                                       "(SELECT array_agg(v::text ORDER BY v) FROM m)::text, "
                                       "(SELECT array_agg(f ORDER BY v) FROM m)::text, %3")
                            .arg(stats, type, keyBounds);
    else
        statement.sql = QStringLiteral("WITH s AS (%1) SELECT null_frac::text, "
                                       "histogram_bounds::text, NULL, %2 FROM s")
                            .arg(stats, keyBounds);
    statement.params << table.schema << table.name << column
                     << (spec.sort && oneColumnKey ? table.primaryKey.first() : QString());
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->rows.isEmpty() || !rows->rows.first().value(0))
        return JumpMap {}; // never analyzed, or statistics the role may not read
    const QList<SqlText> &row = rows->rows.first();
    auto elements = [&](int at) {
        return row.value(at) ? parseArrayText(QString::fromUtf8(*row.value(at)))
                                   .value_or(QList<std::optional<QString>> {})
                             : QList<std::optional<QString>> {};
    };
    OrderStats order;
    order.nullShare = row.value(0)->toDouble();
    const auto values = elements(1);
    const auto shares = elements(2);
    for (qsizetype at = 0; at < values.size(); ++at) {
        if (!values[at])
            continue;
        order.values << values[at]->toUtf8();
        const std::optional<QString> share = shares.value(at);
        order.shares << (share ? std::optional<double>(share->toDouble()) : std::nullopt);
    }
    for (const std::optional<QString> &bound : elements(3))
        if (bound)
            order.keyBounds << bound->toUtf8();
    return JumpMap(order, bool(spec.sort));
}

} // namespace bridgescope
