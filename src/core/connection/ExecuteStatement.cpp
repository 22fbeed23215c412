#include "connection/ExecuteStatement.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <libpq-fe.h>
#include <memory>

namespace bridgescope {

namespace {

// A migration has no stdin to copy from and nowhere to copy to: end a COPY the server started
// and return the server's own answer to that.
PgResultPtr finishCopy(PGconn *conn, PgResultPtr result)
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
    PgResultPtr last;
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

    PgResultPtr result = finishCopy(conn, PgResultPtr(PQexec(conn, sql.toUtf8().constData())));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
        return {};

    return std::unexpected(errorFromResult(conn, result.get()));
}

} // namespace bridgescope
