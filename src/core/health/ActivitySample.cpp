#include "health/ActivitySample.h"

#include "connection/Session.h"
#include "health/HealthCells.h"

namespace bridgescope {

using namespace health;

Result<ActivityCounters> readActivityCounters(Session &session)
{
    const Result<ServerInfo> server = session.serverInfo();
    const QString checkpoints = server && server->serverVersionNumber >= 170000
        ? QStringLiteral("(SELECT num_timed AS timed, num_requested AS requested, "
                         "buffers_written AS buffers FROM pg_stat_checkpointer) k")
        : QStringLiteral("(SELECT checkpoints_timed AS timed, checkpoints_req AS requested, "
                         "buffers_checkpoint AS buffers FROM pg_stat_bgwriter) k");
    Result<RowSet> rows = queryRows(
        session,
        QString::fromLatin1(kComment)
            + QStringLiteral(
                  "SELECT %1, xact_commit, xact_rollback, tup_returned, tup_fetched, "
                  "       tup_inserted, tup_updated, tup_deleted, blks_read, blks_hit, %2, "
                  "       a.active, a.idle, a.idle_in_transaction, a.waiting, "
                  "       k.timed, k.requested, k.buffers "
                  "FROM pg_stat_database d, %3, "
                  "     (SELECT count(*) FILTER (WHERE state = 'active') AS active, "
                  "             count(*) FILTER (WHERE state = 'idle') AS idle, "
                  "             count(*) FILTER (WHERE state LIKE 'idle in transaction%') "
                  "               AS idle_in_transaction, "
                  "             count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting "
                  "      FROM pg_stat_activity WHERE backend_type = 'client backend') a "
                  "WHERE d.datname = current_database()")
                  .arg(epochMs(QStringLiteral("clock_timestamp()")),
                       epochMs(QStringLiteral("d.stats_reset")), checkpoints));
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->rows.isEmpty())
        return fail(Error::Kind::Generic,
                    QStringLiteral("The server keeps no statistics for this database."));
    const QList<SqlText> &row = rows->rows.first();
    ActivityCounters c;
    c.at = cellTime(row.at(0));
    c.commits = cellInt(row.at(1));
    c.rollbacks = cellInt(row.at(2));
    c.tuplesReturned = cellInt(row.at(3));
    c.tuplesFetched = cellInt(row.at(4));
    c.tuplesInserted = cellInt(row.at(5));
    c.tuplesUpdated = cellInt(row.at(6));
    c.tuplesDeleted = cellInt(row.at(7));
    c.blocksRead = cellInt(row.at(8));
    c.blocksHit = cellInt(row.at(9));
    c.statsReset = cellTime(row.at(10));
    c.active = int(cellInt(row.at(11)));
    c.idle = int(cellInt(row.at(12)));
    c.idleInTransaction = int(cellInt(row.at(13)));
    c.waitingOnLock = int(cellInt(row.at(14)));
    c.checkpointsTimed = cellInt(row.at(15));
    c.checkpointsRequested = cellInt(row.at(16));
    c.checkpointBuffers = cellInt(row.at(17));
    return c;
}

std::optional<ActivityRates> activityRates(const ActivityCounters &before,
                                           const ActivityCounters &after)
{
    const double seconds = double(before.at.msecsTo(after.at)) / 1000.0;
    // A reset moves stats_reset on. One that appears where there was none is the statistics
    // entry being made (a new database's first flush), not a reset: its counters began at zero.
    if (!before.at.isValid() || !after.at.isValid() || seconds <= 0
        || (before.statsReset.isValid() && before.statsReset != after.statsReset))
        return std::nullopt;
    const qint64 deltas[] = { after.commits - before.commits,
                              after.rollbacks - before.rollbacks,
                              after.tuplesReturned - before.tuplesReturned,
                              after.tuplesFetched - before.tuplesFetched,
                              after.tuplesInserted - before.tuplesInserted,
                              after.tuplesUpdated - before.tuplesUpdated,
                              after.tuplesDeleted - before.tuplesDeleted,
                              after.blocksRead - before.blocksRead,
                              after.blocksHit - before.blocksHit };
    for (qint64 delta : deltas) {
        if (delta < 0)
            return std::nullopt; // reset without a stats_reset change (a crash, a standby)
    }
    ActivityRates r;
    r.at = after.at;
    r.seconds = seconds;
    r.commitsPerSecond = double(deltas[0]) / seconds;
    r.rollbacksPerSecond = double(deltas[1]) / seconds;
    r.tuplesReadPerSecond = double(deltas[2] + deltas[3]) / seconds;
    r.tuplesWrittenPerSecond = double(deltas[4] + deltas[5] + deltas[6]) / seconds;
    const qint64 asked = deltas[7] + deltas[8];
    if (asked > 0)
        r.cacheHitRatio = double(deltas[8]) / double(asked);
    r.active = after.active;
    r.idle = after.idle;
    r.idleInTransaction = after.idleInTransaction;
    r.waitingOnLock = after.waitingOnLock;
    r.checkpointsTimed = after.checkpointsTimed;
    r.checkpointsRequested = after.checkpointsRequested;
    // The server-wide counters have a reset of their own: a drop reads as no writes, not as
    // a negative rate.
    r.checkpointBuffersPerSecond
        = double(qMax<qint64>(0, after.checkpointBuffers - before.checkpointBuffers)) / seconds;
    return r;
}

QString activityCsv(const QList<ActivityRates> &rates)
{
    QString csv = QStringLiteral(
        "time,seconds,transactions_per_second,commits_per_second,rollbacks_per_second,"
        "tuples_read_per_second,tuples_written_per_second,cache_hit_ratio,"
        "sessions_active,sessions_idle,sessions_idle_in_transaction,sessions_waiting_on_lock,"
        "checkpoints_timed,checkpoints_requested,checkpoint_buffers_per_second\n");
    const auto number = [](double value) {
        return QString::number(value, 'f', 3);
    };
    for (const ActivityRates &r : rates) {
        csv += QStringList { r.at.toUTC().toString(Qt::ISODateWithMs),
                             number(r.seconds),
                             number(r.transactionsPerSecond()),
                             number(r.commitsPerSecond),
                             number(r.rollbacksPerSecond),
                             number(r.tuplesReadPerSecond),
                             number(r.tuplesWrittenPerSecond),
                             r.cacheHitRatio ? QString::number(*r.cacheHitRatio, 'f', 4)
                                             : QString(),
                             QString::number(r.active),
                             QString::number(r.idle),
                             QString::number(r.idleInTransaction),
                             QString::number(r.waitingOnLock),
                             QString::number(r.checkpointsTimed),
                             QString::number(r.checkpointsRequested),
                             number(r.checkpointBuffersPerSecond) }
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    }
    return csv;
}

} // namespace bridgescope
