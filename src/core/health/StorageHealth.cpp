#include "health/StorageHealth.h"

#include "connection/Session.h"
#include "health/HealthCells.h"

namespace bridgescope {

using namespace health;

namespace {

// Relations someone holds or waits for in ACCESS EXCLUSIVE mode in this database: sizing one
// with pg_table_size would queue behind that lock (and, queued, hold up everyone after us).
constexpr char kBusyRelations[]
    = "busy AS (SELECT DISTINCT l.relation FROM pg_locks l "
      "          WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' "
      "            AND l.database = (SELECT oid FROM pg_database "
      "                               WHERE datname = current_database()))";

// Per table: its columns, how many have statistics, the expected data width of a row and
// whether any column has nulls (the null bitmap).
constexpr char kColumnStats[]
    = "widths AS (SELECT a.attrelid AS oid, count(*) AS columns, count(s.avg_width) AS analysed, "
      "       sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0)) AS data_width, "
      "       bool_or(coalesce(s.null_frac, 0) > 0) AS has_nulls "
      "  FROM pg_attribute a "
      "  JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'm') "
      "  JOIN pg_namespace n ON n.oid = c.relnamespace "
      "  LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname "
      "       AND s.attname = a.attname AND NOT s.inherited "
      "  WHERE a.attnum > 0 AND NOT a.attisdropped "
      "    AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "    AND n.nspname NOT LIKE 'pg\\_toast%' "
      "  GROUP BY a.attrelid)";

QString tablesSql(int limit)
{
    // A heap tuple: a 23-byte header (plus the null bitmap) padded to 8, the data padded to 8,
    // and a 4-byte line pointer; a page gives (block size - 24) bytes at the fillfactor.
    const QString tupleBytes = QStringLiteral(
        "(ceil((23 + CASE WHEN w.has_nulls THEN ceil(w.columns / 8.0) ELSE 0 END) / 8.0) * 8 "
        " + ceil(w.data_width / 8.0) * 8 + 4)");
    const QString perPage
        = QStringLiteral("floor((bs.size - 24) * t.fillfactor / 100.0 / %1)").arg(tupleBytes);
    const QString expectedPages
        = QStringLiteral("ceil(t.reltuples / greatest(%1, 1))").arg(perPage);
    const QString estimable = QStringLiteral(
        "(w.analysed = w.columns AND t.reltuples >= 0 AND t.relpages > 0 AND t.relkind = 'r')");
    return QString::fromLatin1(kComment)
        + QStringLiteral(
              "WITH %1, %2, "
              "bs AS (SELECT current_setting('block_size')::int AS size), "
              "t AS (SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpages, c.reltuples, "
              "         c.relfrozenxid, c.reltoastrelid, "
              "         coalesce(substring(array_to_string(c.reloptions, ',') "
              "                  FROM 'fillfactor=([0-9]+)')::int, 100) AS fillfactor, "
              "         (c.oid IN (SELECT relation FROM busy) "
              "          OR c.reltoastrelid IN (SELECT relation FROM busy) "
              "          OR EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid "
              "                     AND i.indexrelid IN (SELECT relation FROM busy))) AS locked "
              "       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
              "       WHERE c.relkind IN ('r', 'm') "
              "         AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
              "         AND n.nspname NOT LIKE 'pg\\_toast%'), "
              "sized AS (SELECT t.*, "
              "         CASE WHEN t.locked THEN (t.relpages::bigint + coalesce((SELECT relpages "
              "              FROM pg_class WHERE oid = t.reltoastrelid), 0)) * bs.size "
              "              ELSE pg_table_size(t.oid) END AS table_bytes, "
              "         CASE WHEN t.locked THEN coalesce((SELECT sum(ic.relpages)::bigint "
              "              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
              "              WHERE i.indrelid = t.oid), 0) * bs.size "
              "              ELSE pg_indexes_size(t.oid) END AS index_bytes "
              "       FROM t, bs), "
              "leaves AS (SELECT t.oid, t.nspname, t.relname, t.table_bytes, t.index_bytes, "
              "         t.locked, s.n_live_tup, s.n_dead_tup, "
              "         CASE WHEN %3 THEN greatest(t.relpages - %4, 0)::bigint * bs.size END "
              "           AS bloat_bytes, "
              "         CASE WHEN %3 THEN greatest(t.relpages - %4, 0) / t.relpages::float8 END "
              "           AS bloat_share, "
              "         %5 AS vacuumed, %6 AS autovacuumed, %7 AS analysed, %8 AS autoanalysed, "
              "         age(t.relfrozenxid) AS xid_age, 0::bigint AS partitions "
              "       FROM sized t CROSS JOIN bs "
              "       LEFT JOIN widths w ON w.oid = t.oid "
              "       LEFT JOIN pg_stat_all_tables s ON s.relid = t.oid), "
              // A partitioned table holds no rows itself: it is the sum of its leaf partitions.
              "parents AS (SELECT p.oid, n.nspname, p.relname, sum(l.table_bytes)::bigint, "
              "         sum(l.index_bytes)::bigint, bool_or(l.locked), sum(l.n_live_tup)::bigint, "
              "         sum(l.n_dead_tup)::bigint, NULL::bigint, NULL::float8, NULL::bigint, "
              "         NULL::bigint, NULL::bigint, NULL::bigint, max(l.xid_age), count(*) "
              "       FROM pg_class p JOIN pg_namespace n ON n.oid = p.relnamespace "
              "       CROSS JOIN LATERAL pg_partition_tree(p.oid) tree "
              "       JOIN leaves l ON l.oid = tree.relid "
              "       WHERE p.relkind = 'p' AND tree.isleaf "
              "         AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
              "       GROUP BY p.oid, n.nspname, p.relname) "
              "SELECT *, count(*) OVER () FROM (SELECT * FROM leaves UNION ALL "
              "                                 SELECT * FROM parents) r "
              "ORDER BY table_bytes + index_bytes DESC, nspname, relname "
              "LIMIT %9")
              .arg(QLatin1String(kBusyRelations), QLatin1String(kColumnStats), estimable,
                   expectedPages, epochMs(QStringLiteral("s.last_vacuum")),
                   epochMs(QStringLiteral("s.last_autovacuum")),
                   epochMs(QStringLiteral("s.last_analyze")),
                   epochMs(QStringLiteral("s.last_autoanalyze")))
              .arg(limit);
}

} // namespace

Result<StorageReport> readStorage(Session &session, int limit)
{
    if (Status ready = noLockWaits(session); !ready)
        return std::unexpected(ready.error());
    StorageReport report;
    Result<RowSet> databases = queryRows(
        session,
        QString::fromLatin1(kComment)
            + QStringLiteral(
                  "SELECT datname, CASE WHEN has_database_privilege(oid, 'CONNECT') "
                  "       THEN pg_database_size(oid) END, age(datfrozenxid), "
                  "       datname = current_database(), "
                  "       current_setting('autovacuum_freeze_max_age')::bigint, "
                  "       (SELECT %1 FROM pg_stat_database WHERE datname = current_database()) "
                  "FROM pg_database WHERE datallowconn ORDER BY datname")
                  .arg(epochMs(QStringLiteral("stats_reset"))));
    if (!databases)
        return std::unexpected(databases.error());
    for (const QList<SqlText> &row : databases->rows) {
        DatabaseStorage database { cellText(row.at(0)), cellInt(row.at(1), -1),
                                   cellInt(row.at(2)) };
        if (cellBool(row.at(3))) {
            report.database = database.name;
            report.databaseBytes = database.bytes;
        }
        report.freezeMaxAge = cellInt(row.at(4));
        report.statsReset = cellTime(row.at(5));
        report.databases << database;
    }
    Result<RowSet> tables = queryRows(session, tablesSql(limit));
    if (!tables)
        return std::unexpected(tables.error());
    for (const QList<SqlText> &row : tables->rows) {
        TableStorage table; // row.at(0) is the oid
        table.schema = cellText(row.at(1));
        table.name = cellText(row.at(2));
        table.tableBytes = cellInt(row.at(3));
        table.indexBytes = cellInt(row.at(4));
        table.sizeFromCatalog = cellBool(row.at(5));
        table.liveTuples = cellInt(row.at(6));
        table.deadTuples = cellInt(row.at(7));
        if (row.at(8))
            table.bloatBytes = cellInt(row.at(8));
        table.bloatShare = cellDouble(row.at(9));
        table.lastVacuum = cellTime(row.at(10));
        table.lastAutovacuum = cellTime(row.at(11));
        table.lastAnalyze = cellTime(row.at(12));
        table.lastAutoanalyze = cellTime(row.at(13));
        table.xidAge = cellInt(row.at(14));
        table.partitions = int(cellInt(row.at(15)));
        report.tableCount = int(cellInt(row.at(16)));
        report.tables << table;
    }
    return report;
}

} // namespace bridgescope
