#include "health/HealthJson.h"

#include "workflows/WorkflowJson.h"

namespace bridgescope {

namespace {

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue time(const QDateTime &value)
{
    return value.isValid() ? QJsonValue(isoTime(value)) : QJsonValue();
}

QJsonValue orNull(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}

QJsonObject indexJson(const IndexUse &index)
{
    return { { QStringLiteral("schema"), index.schema },
             { QStringLiteral("table"), index.table },
             { QStringLiteral("name"), index.name },
             { QStringLiteral("definition"), index.definition },
             { QStringLiteral("bytes"), double(index.bytes) },
             { QStringLiteral("scans"), double(index.scans) },
             { QStringLiteral("unique"), index.unique },
             { QStringLiteral("constraint"), index.constraint } };
}

} // namespace

QJsonArray sessionsJson(const QList<BackendSession> &sessions)
{
    QJsonArray array;
    for (const BackendSession &s : sessions) {
        QJsonArray blockedBy;
        for (int pid : s.blockedBy)
            blockedBy.append(pid);
        array.append(QJsonObject { { QStringLiteral("pid"), s.pid },
                                   { QStringLiteral("user"), s.user },
                                   { QStringLiteral("application_name"), s.application },
                                   { QStringLiteral("client_addr"), orNull(s.client) },
                                   { QStringLiteral("database"), s.database },
                                   { QStringLiteral("state"), s.state },
                                   { QStringLiteral("wait_event_type"), s.waitEventType },
                                   { QStringLiteral("wait_event"), s.waitEvent },
                                   { QStringLiteral("query"), s.query },
                                   { QStringLiteral("query_ms"), double(s.queryMs) },
                                   { QStringLiteral("transaction_ms"), double(s.transactionMs) },
                                   { QStringLiteral("blocked_by"), blockedBy },
                                   { QStringLiteral("bridgescope"), s.bridgescope } });
    }
    return array;
}

QJsonArray blockingJson(const QList<BlockingNode> &tree)
{
    QJsonArray array;
    for (const BlockingNode &node : tree)
        array.append(QJsonObject { { QStringLiteral("pid"), node.session.pid },
                                   { QStringLiteral("waiters"), blockingJson(node.waiters) } });
    return array;
}

QJsonObject replicationJson(const ReplicationRole &role, const QList<StandbyStatus> &standbys)
{
    QJsonArray list;
    for (const StandbyStatus &s : standbys)
        list.append(
            QJsonObject { { QStringLiteral("name"), s.name },
                          { QStringLiteral("client_addr"), orNull(s.client) },
                          { QStringLiteral("state"), s.state },
                          { QStringLiteral("sync_state"), s.syncState },
                          { QStringLiteral("write_lag_s"), optional(s.writeLagSeconds) },
                          { QStringLiteral("flush_lag_s"), optional(s.flushLagSeconds) },
                          { QStringLiteral("replay_lag_s"), optional(s.replayLagSeconds) },
                          { QStringLiteral("replay_lag_bytes"), double(s.replayLagBytes) } });
    return { { QStringLiteral("role"),
               role.standby ? QStringLiteral("standby") : QStringLiteral("primary") },
             { QStringLiteral("replay_lag_s"), optional(role.replayLagSeconds) },
             { QStringLiteral("upstream"), orNull(role.upstream) },
             { QStringLiteral("standbys"), list } };
}

QJsonObject storageJson(const StorageReport &storage)
{
    QJsonArray databases;
    for (const DatabaseStorage &d : storage.databases)
        databases.append(QJsonObject {
            { QStringLiteral("name"), d.name },
            { QStringLiteral("bytes"), d.bytes < 0 ? QJsonValue() : QJsonValue(double(d.bytes)) },
            { QStringLiteral("xid_age"), double(d.xidAge) },
            { QStringLiteral("wraparound_share"), StorageReport::wraparoundShare(d.xidAge) } });
    QJsonArray tables;
    for (const TableStorage &t : storage.tables)
        tables.append(
            QJsonObject { { QStringLiteral("schema"), t.schema },
                          { QStringLiteral("name"), t.name },
                          { QStringLiteral("table_bytes"), double(t.tableBytes) },
                          { QStringLiteral("index_bytes"), double(t.indexBytes) },
                          { QStringLiteral("size_from_catalog"), t.sizeFromCatalog },
                          { QStringLiteral("live_tuples"), double(t.liveTuples) },
                          { QStringLiteral("dead_tuples"), double(t.deadTuples) },
                          { QStringLiteral("bloat_bytes"),
                            t.bloatBytes ? QJsonValue(double(*t.bloatBytes)) : QJsonValue() },
                          { QStringLiteral("bloat_share"), optional(t.bloatShare) },
                          { QStringLiteral("last_vacuum"), time(t.lastVacuum) },
                          { QStringLiteral("last_autovacuum"), time(t.lastAutovacuum) },
                          { QStringLiteral("last_analyze"), time(t.lastAnalyze) },
                          { QStringLiteral("last_autoanalyze"), time(t.lastAutoanalyze) },
                          { QStringLiteral("xid_age"), double(t.xidAge) },
                          { QStringLiteral("partitions"), t.partitions } });
    return { { QStringLiteral("database"), storage.database },
             { QStringLiteral("database_bytes"), double(storage.databaseBytes) },
             { QStringLiteral("autovacuum_freeze_max_age"), double(storage.freezeMaxAge) },
             { QStringLiteral("stats_reset"), time(storage.statsReset) },
             { QStringLiteral("databases"), databases },
             { QStringLiteral("table_count"), storage.tableCount },
             { QStringLiteral("tables"), tables } };
}

QJsonObject indexesJson(const IndexReport &indexes)
{
    QJsonArray unused;
    for (const IndexUse &index : indexes.unused)
        unused.append(indexJson(index));
    QJsonArray duplicates;
    for (const DuplicateIndexes &group : indexes.duplicates) {
        QJsonArray redundant;
        for (const IndexUse &index : group.redundant)
            redundant.append(indexJson(index));
        duplicates.append(QJsonObject { { QStringLiteral("keep"), indexJson(group.keep) },
                                        { QStringLiteral("redundant"), redundant } });
    }
    return { { QStringLiteral("stats_reset"), time(indexes.statsReset) },
             { QStringLiteral("unused"), unused },
             { QStringLiteral("duplicates"), duplicates } };
}

QJsonObject statementsJson(const TopStatementsReport &statements)
{
    QJsonArray list;
    for (const StatementStats &s : statements.statements)
        list.append(
            QJsonObject { { QStringLiteral("query"), s.query },
                          { QStringLiteral("user"), s.user },
                          { QStringLiteral("database"), s.database },
                          { QStringLiteral("calls"), double(s.calls) },
                          { QStringLiteral("total_ms"), s.totalMs },
                          { QStringLiteral("mean_ms"), s.meanMs },
                          { QStringLiteral("rows"), double(s.rows) },
                          { QStringLiteral("shared_blocks_hit"), double(s.sharedBlocksHit) },
                          { QStringLiteral("shared_blocks_read"), double(s.sharedBlocksRead) } });
    return { { QStringLiteral("available"), statements.available },
             { QStringLiteral("unavailable_reason"), orNull(statements.unavailableReason) },
             { QStringLiteral("statements"), list } };
}

QJsonObject activityJson(const ActivityRates &r)
{
    return { { QStringLiteral("at"), time(r.at) },
             { QStringLiteral("seconds"), r.seconds },
             { QStringLiteral("transactions_per_second"), r.transactionsPerSecond() },
             { QStringLiteral("commits_per_second"), r.commitsPerSecond },
             { QStringLiteral("rollbacks_per_second"), r.rollbacksPerSecond },
             { QStringLiteral("tuples_read_per_second"), r.tuplesReadPerSecond },
             { QStringLiteral("tuples_written_per_second"), r.tuplesWrittenPerSecond },
             { QStringLiteral("cache_hit_ratio"), optional(r.cacheHitRatio) },
             { QStringLiteral("sessions"),
               QJsonObject { { QStringLiteral("active"), r.active },
                             { QStringLiteral("idle"), r.idle },
                             { QStringLiteral("idle_in_transaction"), r.idleInTransaction },
                             { QStringLiteral("waiting_on_lock"), r.waitingOnLock } } },
             { QStringLiteral("checkpoints"),
               QJsonObject { { QStringLiteral("timed"), double(r.checkpointsTimed) },
                             { QStringLiteral("requested"), double(r.checkpointsRequested) },
                             { QStringLiteral("buffers_written_per_second"),
                               r.checkpointBuffersPerSecond } } } };
}

} // namespace bridgescope
