#include "connection/PgQuery.h"

#include "connection/ConnectionErrors.h"
#include "connection/Session.h"

#include <libpq-fe.h>
#include <memory>
#include <vector>

namespace bridgescope {

namespace {

struct ResultDeleter
{
    void operator()(PGresult *result) const { PQclear(result); }
};

QString field(const PGresult *result, int code)
{
    return QString::fromUtf8(PQresultErrorField(result, code));
}

} // namespace

QString BoundSql::bind(std::optional<QString> value)
{
    params.append(std::move(value));
    if (!settingPrefix.isEmpty())
        return QStringLiteral("current_setting('%1%2')").arg(settingPrefix).arg(params.size());
    return QStringLiteral("$%1").arg(params.size());
}

BoundSql BoundSql::settingStatement() const
{
    QStringList calls;
    for (int index = 1; index <= params.size(); ++index)
        calls << QStringLiteral("set_config('%1%2', $%2, false)").arg(settingPrefix).arg(index);
    return BoundSql { QStringLiteral("SELECT ") + calls.join(QStringLiteral(", ")), params, {} };
}

LibpqParams::LibpqParams(const SqlParams &params)
{
    m_values.reserve(params.size()); // the pointers below point into these: no reallocation
    for (const auto &param : params) {
        m_values.push_back(param ? param->toUtf8() : QByteArray());
        m_pointers.push_back(param ? m_values.back().constData() : nullptr);
    }
}

Error errorFromResult(pg_conn *conn, const PGresult *result)
{
    if (!result || field(result, PG_DIAG_SQLSTATE).isEmpty()) {
        // No server answer at all: libpq's own text says why (usually a lost connection).
        Error error = describeQueryFailure(QString::fromUtf8(PQerrorMessage(conn)), QString());
        if (PQstatus(conn) == CONNECTION_BAD)
            error.kind = Error::Kind::ConnectionLost;
        return error;
    }
    Error error = describeQueryFailure(field(result, PG_DIAG_MESSAGE_PRIMARY),
                                       field(result, PG_DIAG_SQLSTATE));
    error.detail = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    error.position = field(result, PG_DIAG_STATEMENT_POSITION).toInt();
    if (PQstatus(conn) == CONNECTION_BAD)
        error.kind = Error::Kind::ConnectionLost;
    return error;
}

Result<RowSet> queryRows(Session &session, const BoundSql &statement)
{
    PGconn *conn = session.nativeHandle();
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        return fail(Error::Kind::ConnectionLost,
                    QStringLiteral("The connection to the server is not open."));

    const LibpqParams params(statement.params);
    std::unique_ptr<PGresult, ResultDeleter> result(
        PQexecParams(conn, statement.sql.toUtf8().constData(), params.count(), nullptr,
                     params.values(), nullptr, nullptr, 0));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return std::unexpected(errorFromResult(conn, result.get()));

    RowSet rows;
    const int columnCount = PQnfields(result.get());
    for (int column = 0; column < columnCount; ++column)
        rows.columns.append(QString::fromUtf8(PQfname(result.get(), column)));
    const int rowCount = PQntuples(result.get());
    rows.rows.reserve(rowCount);
    for (int row = 0; row < rowCount; ++row) {
        QList<SqlText> cells;
        cells.reserve(columnCount);
        for (int column = 0; column < columnCount; ++column) {
            if (PQgetisnull(result.get(), row, column))
                cells.append(std::nullopt);
            else
                cells.append(QByteArray(PQgetvalue(result.get(), row, column),
                                        PQgetlength(result.get(), row, column)));
        }
        rows.rows.append(std::move(cells));
    }
    return rows;
}

Result<RowSet> queryRows(Session &session, const QString &sql)
{
    return queryRows(session, BoundSql { sql, {} });
}

QString quoteIdentifier(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString quoteQualified(const QString &schema, const QString &name)
{
    return quoteIdentifier(schema) + QLatin1Char('.') + quoteIdentifier(name);
}

} // namespace bridgescope
