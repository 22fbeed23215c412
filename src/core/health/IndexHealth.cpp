#include "health/IndexHealth.h"

#include "connection/Session.h"
#include "health/HealthCells.h"

#include <QMap>

#include <algorithm>

namespace bridgescope {

using namespace health;

namespace {

// Every user index with what both lists need; `same` is the identity duplicates share.
QString indexesSql()
{
    return QString::fromLatin1(kComment)
        + QStringLiteral(
              "WITH busy AS (SELECT DISTINCT relation FROM pg_locks "
              "              WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock' "
              "                AND database = (SELECT oid FROM pg_database "
              "                                 WHERE datname = current_database())) "
              "SELECT n.nspname, t.relname, ic.relname, "
              "       CASE WHEN locked THEN NULL ELSE pg_get_indexdef(i.indexrelid) END, "
              "       CASE WHEN locked "
              "            THEN ic.relpages::bigint * current_setting('block_size')::int "
              "            ELSE pg_relation_size(i.indexrelid) END, "
              "       coalesce(s.idx_scan, 0), i.indisunique, "
              "       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid), "
              "       concat_ws(' / ', i.indrelid, i.indkey, i.indclass, i.indcollation, "
              "                 i.indoption, pg_get_expr(i.indexprs, i.indrelid), "
              "                 pg_get_expr(i.indpred, i.indrelid)), "
              "       (SELECT %1 FROM pg_stat_database WHERE datname = current_database()) "
              "FROM pg_index i "
              "JOIN pg_class ic ON ic.oid = i.indexrelid "
              "JOIN pg_class t ON t.oid = i.indrelid "
              "JOIN pg_namespace n ON n.oid = t.relnamespace "
              "LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid "
              "CROSS JOIN LATERAL (SELECT i.indexrelid IN (SELECT relation FROM busy) "
              "                        OR i.indrelid IN (SELECT relation FROM busy) AS locked) b "
              "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
              "  AND n.nspname NOT LIKE 'pg\\_toast%' AND ic.relkind = 'i' "
              "ORDER BY n.nspname, t.relname, ic.relname")
              .arg(epochMs(QStringLiteral("stats_reset")));
}

// The one of a group to keep: the constraint's, else a unique one, else the first by name.
bool keepBefore(const IndexUse &a, const IndexUse &b)
{
    if (a.constraint != b.constraint)
        return a.constraint;
    if (a.unique != b.unique)
        return a.unique;
    return a.name < b.name;
}

} // namespace

Result<IndexReport> readIndexHealth(Session &session)
{
    if (Status ready = noLockWaits(session); !ready)
        return std::unexpected(ready.error());
    Result<RowSet> rows = queryRows(session, indexesSql());
    if (!rows)
        return std::unexpected(rows.error());
    IndexReport report;
    QMap<QString, QList<IndexUse>> byIdentity;
    for (const QList<SqlText> &row : rows->rows) {
        IndexUse index;
        index.schema = cellText(row.at(0));
        index.table = cellText(row.at(1));
        index.name = cellText(row.at(2));
        index.definition = row.at(3) ? cellText(row.at(3))
                                     : QStringLiteral("(its table is locked: definition not read)");
        index.bytes = cellInt(row.at(4));
        index.scans = cellInt(row.at(5));
        index.unique = cellBool(row.at(6));
        index.constraint = cellBool(row.at(7));
        report.statsReset = cellTime(row.at(9));
        if (index.scans == 0 && !index.unique && !index.constraint)
            report.unused << index;
        byIdentity[cellText(row.at(8))] << index;
    }
    for (QList<IndexUse> group : std::as_const(byIdentity)) {
        if (group.size() < 2)
            continue;
        std::sort(group.begin(), group.end(), keepBefore);
        report.duplicates << DuplicateIndexes { group.takeFirst(), group };
    }
    const auto bySize = [](const IndexUse &a, const IndexUse &b) {
        return a.bytes > b.bytes;
    };
    std::stable_sort(report.unused.begin(), report.unused.end(), bySize);
    std::stable_sort(report.duplicates.begin(), report.duplicates.end(),
                     [](const DuplicateIndexes &a, const DuplicateIndexes &b) {
                         return a.keep.bytes > b.keep.bytes;
                     });
    return report;
}

} // namespace bridgescope
