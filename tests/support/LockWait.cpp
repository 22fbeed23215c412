#include "LockWait.h"

#include "connection/ExecuteStatement.h"

#include <libpq-fe.h>

namespace bridgescope::test {

LockWait::LockWait(const ConnectionProfile &profile, const QString &table)
{
    SessionOptions writable;
    writable.mode = AccessMode::ReadWrite;
    writable.statementTimeoutMs = 0;
    Result<Session> holder = Session::open(profile, writable, QStringLiteral("test-holder"));
    Result<Session> waiter = Session::open(profile, writable, QStringLiteral("test-waiter"));
    if (!holder || !waiter)
        return;
    m_holder.emplace(std::move(*holder));
    m_waiter.emplace(std::move(*waiter));
    if (!executeStatement(*m_holder, QStringLiteral("BEGIN"))
        || !executeStatement(*m_holder,
                             QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(table)))
        return;
    m_holderPid = PQbackendPID(m_holder->nativeHandle());
    m_waiterPid = PQbackendPID(m_waiter->nativeHandle());
    m_valid = PQsendQuery(m_waiter->nativeHandle(),
                          QStringLiteral("SELECT count(*) FROM %1").arg(table).toUtf8().constData())
        == 1;
}

QByteArray LockWait::waiterOutcome()
{
    PGconn *conn = m_waiter->nativeHandle();
    QByteArray state;
    PGresult *result = PQgetResult(conn);
    if (result && PQresultStatus(result) == PGRES_FATAL_ERROR)
        state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    PQclear(result);
    while ((result = PQgetResult(conn)))
        PQclear(result);
    return state;
}

} // namespace bridgescope::test
