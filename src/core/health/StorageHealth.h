#pragma once

#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace bridgescope {

class Session;

// One database of the server, with its age against transaction ID wraparound.
struct DatabaseStorage
{
    QString name;
    qint64 bytes = -1; // -1: this role may not connect to it, so may not size it
    qint64 xidAge = 0; // age(datfrozenxid): transactions since it was last frozen everywhere
};

// One table (or materialized view) of the current database. A partitioned table is listed with
// the sums of its leaf partitions (which are listed too), without a bloat estimate or vacuum
// times: those belong to the partitions.
struct TableStorage
{
    QString schema;
    QString name;
    qint64 tableBytes = 0; // heap, TOAST, free space and visibility maps
    qint64 indexBytes = 0;
    bool sizeFromCatalog = false; // locked exclusively by another session: relpages, not a stat
    qint64 liveTuples = 0;
    qint64 deadTuples = 0;
    // The catalog-statistics estimate of wasted heap space (see readStorage); none when the
    // table has not been analysed, or has columns without statistics.
    std::optional<qint64> bloatBytes;
    std::optional<double> bloatShare; // of the heap's pages
    QDateTime lastVacuum, lastAutovacuum, lastAnalyze, lastAutoanalyze;
    qint64 xidAge = 0; // age(relfrozenxid); a partitioned table: its oldest partition's
    int partitions = 0; // a partitioned table: its leaf partitions, whose sums it shows

    qint64 totalBytes() const { return tableBytes + indexBytes; }
    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
};

struct StorageReport
{
    QString database; // the current one
    qint64 databaseBytes = 0;
    qint64 freezeMaxAge = 0; // autovacuum_freeze_max_age: autovacuum forces a freeze past it
    QList<DatabaseStorage> databases;
    QList<TableStorage> tables; // the largest first, at most the limit asked for
    int tableCount = 0; // all of them, partitioned tables and their partitions each counted
    QDateTime statsReset; // when this database's statistics began (dead tuples, scans)

    // "12%": an age against the 2^31 transactions at which the server stops taking writes.
    static double wraparoundShare(qint64 xidAge) { return double(xidAge) / 2147483648.0; }
};

// Sizes, dead tuples, vacuum and analyze times, transaction ID age and the bloat estimate of
// the current database's tables (the largest `limit`), and every database's size and age.
//
// The bloat estimate needs no extension: from pg_stats' average widths and null fractions it
// works out how many pages the live rows would fill at the table's fillfactor, and calls the
// rest of relpages bloat, as the widely used catalog-statistics queries do. It is as fresh as
// the last ANALYZE, ignores TOAST and alignment padding between columns, and reads high on
// tables with wide, mostly-null or dropped columns: a guide to where to look (pgstattuple
// measures exactly, at the cost of reading the table).
//
// Sizes never wait on a lock: a table held (or asked for) in ACCESS EXCLUSIVE mode by another
// session is sized from the catalog instead, and marked so.
Result<StorageReport> readStorage(Session &session, int limit = 200);

} // namespace bridgescope
