#include "connection/ExecuteStatement.h"

#include "connection/ConnectionErrors.h"
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

QString field(const PGresult *result, int code)
{
    return QString::fromUtf8(PQresultErrorField(result, code));
}

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

    if (!result || field(result.get(), PG_DIAG_SQLSTATE).isEmpty()) {
        // No server answer at all: libpq's own text says why (usually a lost connection).
        return std::unexpected(
            describeQueryFailure(QString::fromUtf8(PQerrorMessage(conn)), QString()));
    }
    Error error = describeQueryFailure(field(result.get(), PG_DIAG_MESSAGE_PRIMARY),
                                       field(result.get(), PG_DIAG_SQLSTATE));
    error.detail = QString::fromUtf8(PQresultErrorMessage(result.get())).trimmed();
    error.position = field(result.get(), PG_DIAG_STATEMENT_POSITION).toInt();
    if (PQstatus(conn) == CONNECTION_BAD)
        error.kind = Error::Kind::ConnectionLost;
    return std::unexpected(error);
}

} // namespace bridgescope
