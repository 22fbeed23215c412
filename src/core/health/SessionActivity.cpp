#include "health/SessionActivity.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "health/HealthCells.h"

#include <QMap>
#include <QSet>

#include <algorithm>
#include <functional>

namespace bridgescope {

namespace {

using health::cellText;
using health::cellTime;

QList<int> pids(const SqlText &cell)
{
    // An int[] in text form: {123,456}
    QList<int> list;
    QString value = cellText(cell);
    value.remove(QLatin1Char('{')).remove(QLatin1Char('}'));
    for (const QString &pid : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
        list << pid.toInt();
    return list;
}

Status signalBackend(Session &session, int pid, const char *function, const QString &verb)
{
    BoundSql sql;
    sql.sql = QStringLiteral("/* bridgescope health */ SELECT %1(%2::int)")
                  .arg(QLatin1String(function), sql.bind(QString::number(pid)));
    Result<RowSet> rows = queryRows(session, sql);
    if (!rows) {
        if (rows.error().sqlState == QLatin1String("42501"))
            return fail(Error::Kind::Usage,
                        QStringLiteral("The server refused to %1 process %2: %3 (a role may signal "
                                       "its own sessions; others need pg_signal_backend or "
                                       "superuser).")
                            .arg(verb)
                            .arg(pid)
                            .arg(rows.error().message));
        return std::unexpected(rows.error());
    }
    const SqlText &done = rows->rows.value(0).value(0);
    if (!done || *done != "t")
        return fail(Error::Kind::Usage,
                    QStringLiteral("There is no server process %1 (it may have ended): nothing "
                                   "was signalled.")
                        .arg(pid));
    return {};
}

} // namespace

Result<QList<BackendSession>> readSessions(Session &session)
{
    const QString ms = QStringLiteral("(extract(epoch FROM %1) * 1000)::bigint");
    const QString sql
        = QStringLiteral(
              "/* bridgescope health */ "
              "SELECT pid, usename, application_name, host(client_addr), datname, state, "
              "       wait_event_type, wait_event, query, %1, %2, %3, "
              "       (extract(epoch FROM clock_timestamp() - query_start) * 1000)::bigint, "
              "       (extract(epoch FROM clock_timestamp() - xact_start) * 1000)::bigint, "
              "       pg_blocking_pids(pid), application_name = 'bridgescope' "
              "FROM pg_stat_activity "
              "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
              "ORDER BY query_start NULLS LAST, pid")
              .arg(ms.arg(QStringLiteral("backend_start")), ms.arg(QStringLiteral("xact_start")),
                   ms.arg(QStringLiteral("query_start")));
    Result<RowSet> rows = queryRows(session, sql);
    if (!rows)
        return std::unexpected(rows.error());
    QList<BackendSession> sessions;
    for (const QList<SqlText> &row : rows->rows) {
        BackendSession s;
        s.pid = cellText(row.at(0)).toInt();
        s.user = cellText(row.at(1));
        s.application = cellText(row.at(2));
        s.client = cellText(row.at(3));
        s.database = cellText(row.at(4));
        s.state = cellText(row.at(5));
        s.waitEventType = cellText(row.at(6));
        s.waitEvent = cellText(row.at(7));
        s.query = cellText(row.at(8));
        s.backendStart = cellTime(row.at(9));
        s.transactionStart = cellTime(row.at(10));
        s.queryStart = cellTime(row.at(11));
        s.queryMs = row.at(12) ? row.at(12)->toLongLong() : -1;
        s.transactionMs = row.at(13) ? row.at(13)->toLongLong() : -1;
        s.blockedBy = pids(row.at(14));
        s.bridgescope = row.at(15) && *row.at(15) == "t";
        sessions << s;
    }
    return sessions;
}

QList<BlockingNode> blockingTree(const QList<BackendSession> &sessions)
{
    QMap<int, const BackendSession *> byPid;
    QMap<int, QList<int>> waitersOf;
    for (const BackendSession &s : sessions) {
        byPid.insert(s.pid, &s);
        for (int blocker : s.blockedBy)
            waitersOf[blocker] << s.pid;
    }
    // Waits can form a cycle (a deadlock, until the server breaks it): each pid appears once.
    QSet<int> placed;
    std::function<BlockingNode(int)> build = [&](int pid) {
        placed.insert(pid);
        BlockingNode node { *byPid.value(pid), {} };
        for (int waiter : waitersOf.value(pid)) {
            if (!placed.contains(waiter) && byPid.contains(waiter))
                node.waiters << build(waiter);
        }
        return node;
    };
    QList<BlockingNode> roots;
    for (const BackendSession &s : sessions) {
        if (s.blockedBy.isEmpty() && waitersOf.contains(s.pid) && !placed.contains(s.pid))
            roots << build(s.pid);
    }
    // Blockers in a cycle wait themselves: start from any of them not placed yet.
    for (const BackendSession &s : sessions) {
        if (waitersOf.contains(s.pid) && !placed.contains(s.pid))
            roots << build(s.pid);
    }
    std::stable_sort(roots.begin(), roots.end(), [](const BlockingNode &a, const BlockingNode &b) {
        return a.session.transactionMs > b.session.transactionMs;
    });
    return roots;
}

Status cancelBackend(Session &session, int pid)
{
    return signalBackend(session, pid, "pg_cancel_backend", QStringLiteral("cancel the query of"));
}

Status terminateBackend(Session &session, int pid)
{
    return signalBackend(session, pid, "pg_terminate_backend", QStringLiteral("terminate"));
}

} // namespace bridgescope
