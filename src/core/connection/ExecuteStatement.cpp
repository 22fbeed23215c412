#include "connection/ExecuteStatement.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <libpq-fe.h>
#include <memory>

namespace bridgescope {

namespace {

struct ResultDeleter
{
    void operator()(PGresult *result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// A migration has no stdin to copy from and nowhere to copy to: end a COPY the server started
// and return the server's own answer to that.
ResultPtr finishCopy(PGconn *conn, ResultPtr result)
{
    if (PQresultStatus(result.get()) == PGRES_COPY_IN) {
        PQputCopyEnd(conn, "COPY FROM STDIN cannot read data in a migration; use INSERT");
    } else if (PQresultStatus(result.get()) == PGRES_COPY_OUT) {
        char *buffer = nullptr;
        while (PQgetCopyData(conn, &buffer, 0) > 0)
            PQfreemem(buffer);
    } else {
        return result;
    }
    ResultPtr last;
    while (PGresult *next = PQgetResult(conn))
        last.reset(next);
    return last;
}

} // namespace

Status executeStatement(Session &session, const QString &sql)
{
    PGconn *conn = session.nativeHandle();
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        return fail(Error::Kind::ConnectionLost,
                    QStringLiteral("The connection to the server is not open."));

    ResultPtr result = finishCopy(conn, ResultPtr(PQexec(conn, sql.toUtf8().constData())));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
        return {};

    return std::unexpected(errorFromResult(conn, result.get()));
}

} // namespace bridgescope
