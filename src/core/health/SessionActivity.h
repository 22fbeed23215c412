#pragma once

#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace bridgescope {

class Session;

// One client backend of pg_stat_activity, as the Health view and `bridgescope health` show it.
struct BackendSession
{
    int pid = 0;
    QString user;
    QString application;
    QString client; // address, or empty for a unix socket
    QString database;
    QString state; // active, idle, idle in transaction, …
    QString waitEventType;
    QString waitEvent;
    QString query;
    QDateTime backendStart;
    QDateTime transactionStart; // invalid outside a transaction
    QDateTime queryStart;
    qint64 queryMs = -1; // how long the current (or last) query has run
    qint64 transactionMs = -1;
    QList<int> blockedBy; // pg_blocking_pids
    bool bridgescope = false; // one of BridgeScope's own connections

    // How long the query now running has run; -1 when the session is not running one (for an
    // idle session queryMs counts from when its last query began, which would read as a query
    // that never ends).
    qint64 runningMs() const { return state == QLatin1String("active") ? queryMs : -1; }
};

// Every client backend the role may see, except the one asking. Queries carry the comment
// /* bridgescope health */ so that they can be told apart (and left out) in the server's views.
Result<QList<BackendSession>> readSessions(Session &session);

// Who waits on whom: the sessions that block others without waiting themselves, each with those
// waiting on it (and on them), root blockers first, the longest-running first.
struct BlockingNode
{
    BackendSession session;
    QList<BlockingNode> waiters;
};
QList<BlockingNode> blockingTree(const QList<BackendSession> &sessions);

// pg_cancel_backend / pg_terminate_backend, with the server's refusal in words.
Status cancelBackend(Session &session, int pid);
Status terminateBackend(Session &session, int pid);

} // namespace bridgescope
