#include "HealthText.h"

#include "health/HealthFigures.h"

#include <QLocale>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

QString oneLine(const QString &query, int width = 80)
{
    return health::oneLine(query, width);
}

QString seconds(qint64 ms)
{
    return health::seconds(ms, QStringLiteral("-"));
}

QString lag(const std::optional<double> &value)
{
    return value ? QStringLiteral("%1 s").arg(*value, 0, 'f', 1) : QStringLiteral("-");
}

QString size(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("?") : QLocale::c().formattedDataSize(bytes);
}

QString when(const QDateTime &first, const QDateTime &second)
{
    const QDateTime latest
        = first.isValid() && (!second.isValid() || first > second) ? first : second;
    return latest.isValid() ? latest.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm"))
                            : QStringLiteral("never");
}

void printTree(QTextStream &out, const BlockingNode &node, int depth)
{
    out << QString(depth * 4, QLatin1Char(' ')) << (depth ? "└ waits: " : "blocks: ")
        << node.session.pid << "  " << node.session.user << "  " << node.session.state
        << "  transaction " << seconds(node.session.transactionMs) << "  "
        << oneLine(node.session.query) << '\n';
    for (const BlockingNode &waiter : node.waiters)
        printTree(out, waiter, depth + 1);
}

void printIndex(QTextStream &out, const char *lead, const IndexUse &index)
{
    out << lead << index.schema << '.' << index.name << " on " << index.table << "  "
        << size(index.bytes) << "  " << index.scans << " scans\n      " << index.definition << '\n';
}

} // namespace

void printSessions(QTextStream &out, const QList<BackendSession> &sessions)
{
    out << sessions.size() << " client sessions (queries over 5 s marked *)\n";
    for (const BackendSession &s : sessions) {
        const bool slow = s.runningMs() > kSlowQueryMs;
        out << (slow ? "* " : "  ") << QStringLiteral("%1").arg(s.pid, 7) << "  "
            << QStringLiteral("%1").arg(s.user, -10) << "  "
            << QStringLiteral("%1").arg(s.state, -20) << "  "
            << QStringLiteral("%1").arg(seconds(s.runningMs()), 8) << "  "
            << (s.waitEventType.isEmpty()
                    ? QString()
                    : s.waitEventType + QLatin1Char(':') + s.waitEvent + QLatin1Char(' '))
            << oneLine(s.query) << (s.bridgescope ? "  [bridgescope]" : "") << '\n';
    }
}

void printBlocking(QTextStream &out, const QList<BlockingNode> &tree)
{
    if (tree.isEmpty()) {
        out << "Nobody is waiting on a lock held by another session.\n";
        return;
    }
    out << "Blocking:\n";
    for (const BlockingNode &node : tree)
        printTree(out, node, 0);
}

void printReplication(QTextStream &out, const ReplicationRole &role,
                      const QList<StandbyStatus> &standbys)
{
    if (role.standby)
        out << "This server is a read-only standby, replay lag " << lag(role.replayLagSeconds)
            << (role.upstream.isEmpty() ? QString() : QStringLiteral(", ") + role.upstream)
            << ".\n";
    else
        out << "This server is a primary.\n";
    if (standbys.isEmpty()) {
        out << "No standby streams from it (that this role can see).\n";
        return;
    }
    if (standbys.first().state.isEmpty())
        out << "(This role sees that standbys stream, not how: that needs pg_read_all_stats.)\n";
    out << standbys.size() << " standby" << (standbys.size() == 1 ? "" : "s")
        << " streaming from it:\n"
        << "  name                  state      sync    write     flush     replay    behind\n";
    for (const StandbyStatus &s : standbys)
        out << "  " << QStringLiteral("%1").arg(s.name, -20) << "  "
            << QStringLiteral("%1").arg(s.state.isEmpty() ? QStringLiteral("hidden") : s.state, -9)
            << "  " << QStringLiteral("%1").arg(s.syncState, -6) << "  "
            << QStringLiteral("%1").arg(lag(s.writeLagSeconds), -8) << "  "
            << QStringLiteral("%1").arg(lag(s.flushLagSeconds), -8) << "  "
            << QStringLiteral("%1").arg(lag(s.replayLagSeconds), -8) << "  "
            << size(s.replayLagBytes) << '\n';
}

void printStorage(QTextStream &out, const StorageReport &storage)
{
    out << "Database " << storage.database << ": " << size(storage.databaseBytes) << '\n';
    out << "Transaction ID age (wraparound stops writes at 2^31; autovacuum forces a freeze at "
        << storage.freezeMaxAge << "):\n";
    for (const DatabaseStorage &d : storage.databases)
        out << "  " << QStringLiteral("%1").arg(d.name, -24) << "  "
            << QStringLiteral("%1").arg(size(d.bytes), 10) << "  age " << d.xidAge << " ("
            << health::percent(StorageReport::wraparoundShare(d.xidAge)) << ")\n";
    out << "\nTables, the largest first (" << storage.tables.size() << " of " << storage.tableCount
        << "); bloat is an estimate from the statistics of the last "
        << "ANALYZE:\n"
        << "  table                                      table     indexes   dead rows  bloat"
           "                vacuumed          analysed\n";
    for (const TableStorage &t : storage.tables) {
        const QString bloat = t.bloatBytes ? QStringLiteral("%1 (%2)").arg(
                                  size(*t.bloatBytes), health::percent(t.bloatShare.value_or(0)))
                                           : QStringLiteral("-");
        const QString name = t.partitions
            ? QStringLiteral("%1 (%2 partitions)").arg(t.qualifiedName()).arg(t.partitions)
            : t.qualifiedName();
        out << "  " << QStringLiteral("%1").arg(oneLine(name, 36), -36) << "  "
            << QStringLiteral("%1").arg(size(t.tableBytes) + (t.sizeFromCatalog ? "~" : ""), 11)
            << "  " << QStringLiteral("%1").arg(size(t.indexBytes), 10) << "  "
            << QStringLiteral("%1").arg(t.deadTuples, 10) << "  "
            << QStringLiteral("%1").arg(bloat, -19) << "  "
            << (t.partitions ? QStringLiteral("-") : when(t.lastVacuum, t.lastAutovacuum)) << "  "
            << (t.partitions ? QStringLiteral("-") : when(t.lastAnalyze, t.lastAutoanalyze))
            << '\n';
    }
    if (std::any_of(storage.tables.begin(), storage.tables.end(),
                    [](const TableStorage &t) { return t.sizeFromCatalog; }))
        out << "  ~ locked exclusively by another session: sized from the catalog.\n";
}

void printIndexes(QTextStream &out, const IndexReport &indexes)
{
    const QString since = indexes.statsReset.isValid()
        ? indexes.statsReset.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm"))
        : QStringLiteral("the statistics began");
    if (indexes.unused.isEmpty())
        out << "Every index has been scanned since " << since << ".\n";
    else
        out << indexes.unused.size() << " index" << (indexes.unused.size() == 1 ? "" : "es")
            << " never scanned since " << since << " (unique and constraint indexes left out):\n";
    for (const IndexUse &index : indexes.unused)
        printIndex(out, "  ", index);
    if (indexes.duplicates.isEmpty()) {
        out << "No duplicate indexes.\n";
        return;
    }
    out << indexes.duplicates.size() << " set" << (indexes.duplicates.size() == 1 ? "" : "s")
        << " of duplicate indexes (same table, columns, order and predicate):\n";
    for (const DuplicateIndexes &group : indexes.duplicates) {
        printIndex(out, "  keep ", group.keep);
        for (const IndexUse &index : group.redundant)
            printIndex(out, "  drop ", index);
    }
}

void printStatements(QTextStream &out, const TopStatementsReport &statements)
{
    if (!statements.available) {
        out << statements.unavailableReason << '\n';
        return;
    }
    out << "Top statements by total time (pg_stat_statements):\n"
        << "       calls     total ms      mean ms        rows   hit %  query\n";
    for (const StatementStats &s : statements.statements) {
        const qint64 blocks = s.sharedBlocksHit + s.sharedBlocksRead;
        out << "  " << QStringLiteral("%1").arg(s.calls, 10) << "  "
            << QStringLiteral("%1").arg(s.totalMs, 11, 'f', 1) << "  "
            << QStringLiteral("%1").arg(s.meanMs, 11, 'f', 2) << "  "
            << QStringLiteral("%1").arg(s.rows, 10) << "  "
            << QStringLiteral("%1").arg(
                   blocks
                       ? QString::number(100.0 * double(s.sharedBlocksHit) / double(blocks), 'f', 1)
                       : QStringLiteral("-"),
                   6)
            << "  " << oneLine(s.query, 100) << '\n';
    }
}

void printActivity(QTextStream &out, const ActivityRates &r)
{
    out << r.at.toLocalTime().toString(QStringLiteral("hh:mm:ss")) << "  over "
        << QString::number(r.seconds, 'f', 1)
        << " s: " << QString::number(r.transactionsPerSecond(), 'f', 1) << " transactions/s ("
        << QString::number(r.rollbacksPerSecond, 'f', 1) << " rolled back), "
        << QString::number(r.tuplesReadPerSecond, 'f', 0) << " rows read/s, "
        << QString::number(r.tuplesWrittenPerSecond, 'f', 0) << " rows written/s, cache hits "
        << (r.cacheHitRatio ? health::percent(*r.cacheHitRatio) : QStringLiteral("-"))
        << "; sessions " << r.active << " active, " << r.idle << " idle, " << r.idleInTransaction
        << " idle in transaction, " << r.waitingOnLock << " waiting on a lock\n";
}

} // namespace bridgescope::cli
