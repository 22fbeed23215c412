#pragma once

#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace bridgescope {

class Session;

// The current database's cumulative counters (pg_stat_database) and the server's client
// sessions by state, at one moment of the server's clock.
struct ActivityCounters
{
    QDateTime at; // clock_timestamp() on the server
    qint64 commits = 0, rollbacks = 0;
    qint64 tuplesReturned = 0, tuplesFetched = 0;
    qint64 tuplesInserted = 0, tuplesUpdated = 0, tuplesDeleted = 0;
    qint64 blocksRead = 0, blocksHit = 0;
    QDateTime statsReset;
    int active = 0, idle = 0, idleInTransaction = 0, waitingOnLock = 0;
    // The server's checkpoints since its statistics were reset: pg_stat_checkpointer from
    // PostgreSQL 17 on, pg_stat_bgwriter before (17 moved them).
    qint64 checkpointsTimed = 0, checkpointsRequested = 0, checkpointBuffers = 0;
};

Result<ActivityCounters> readActivityCounters(Session &session);

// What happened between two samples, divided by the real time between them (the server's
// clock), not by the interval asked for: a late sample does not inflate a rate.
struct ActivityRates
{
    QDateTime at; // the later sample
    double seconds = 0;
    double commitsPerSecond = 0, rollbacksPerSecond = 0;
    double tuplesReadPerSecond = 0; // returned by scans and fetched by index
    double tuplesWrittenPerSecond = 0; // inserted, updated and deleted
    std::optional<double> cacheHitRatio; // of the blocks asked for; none when none were
    int active = 0, idle = 0, idleInTransaction = 0, waitingOnLock = 0; // at the later sample
    // Checkpoints so far (at the later sample) and the buffers they wrote in the interval.
    qint64 checkpointsTimed = 0, checkpointsRequested = 0;
    double checkpointBuffersPerSecond = 0;

    double transactionsPerSecond() const { return commitsPerSecond + rollbacksPerSecond; }
};

// None when the clock did not move forward or the statistics were reset in between (a counter
// went backwards): that interval is skipped rather than drawn as a spike or a negative rate.
std::optional<ActivityRates> activityRates(const ActivityCounters &before,
                                           const ActivityCounters &after);

// One line per interval, with a header: what the Health tab's Export CSV writes.
QString activityCsv(const QList<ActivityRates> &rates);

} // namespace bridgescope
