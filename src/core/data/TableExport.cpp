#include "data/TableExport.h"

#include "connection/CancelHandle.h"
#include "connection/Session.h"

#include <QIODevice>

#include <libpq-fe.h>
#include <memory>
#include <vector>

namespace bridgescope {

namespace {

constexpr qint64 kProgressEvery = 5000;

struct ResultDeleter
{
    void operator()(PGresult *result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

Error writeError(const QIODevice &out)
{
    return Error::make(Error::Kind::Environment,
                       QStringLiteral("Could not write the export: %1").arg(out.errorString()));
}

Error stoppedError(qint64 rows)
{
    return Error::make(Error::Kind::Cancelled,
                       QStringLiteral("The export was stopped after %1 rows; the file holds "
                                      "those rows only.")
                           .arg(rows));
}

// Reads what is left of a statement's results; the last error, if any, is the answer.
std::optional<Error> drain(PGconn *conn)
{
    std::optional<Error> error;
    while (PGresult *next = PQgetResult(conn)) {
        ResultPtr result(next);
        const ExecStatusType status = PQresultStatus(next);
        if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE)
            error = errorFromResult(conn, next);
    }
    return error;
}

Result<qint64> copyCsv(Session &session, const BrowseSpec &spec, QIODevice &out,
                       const std::function<void(qint64)> &progress, std::stop_token stop)
{
    Result<BoundSql> select = exportQuery(spec, true);
    if (!select)
        return std::unexpected(select.error());
    if (!select->params.isEmpty()) {
        if (Result<RowSet> set = queryRows(session, select->settingStatement()); !set)
            return std::unexpected(set.error());
    }
    // Qt's QPSQL driver asks for bytea_output = escape; psql, and so the bytes a user compares
    // with, have the server's default, hex.
    if (Result<RowSet> set = queryRows(session, QStringLiteral("SET bytea_output = hex")); !set)
        return std::unexpected(set.error());
    PGconn *conn = session.nativeHandle();
    const QString copy
        = QStringLiteral("COPY (%1) TO STDOUT WITH (FORMAT csv, HEADER)").arg(select->sql);
    ResultPtr started(PQexec(conn, copy.toUtf8().constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_OUT)
        return std::unexpected(errorFromResult(conn, started.get()));

    qint64 rows = -1; // the first line is the header
    bool cancelled = false;
    std::optional<Error> failure;
    char *buffer = nullptr;
    int length = 0;
    while ((length = PQgetCopyData(conn, &buffer, 0)) > 0) {
        std::unique_ptr<char, decltype(&PQfreemem)> line(buffer, &PQfreemem);
        if (!failure && out.write(line.get(), length) != length)
            failure = writeError(out);
        ++rows;
        if (progress && rows % kProgressEvery == 0)
            progress(rows);
        if ((failure || stop.stop_requested()) && !cancelled) {
            cancelled = true;
            session.cancelHandle()->cancelNow();
        }
    }
    std::optional<Error> error = drain(conn);
    if (failure)
        return std::unexpected(*failure);
    if (cancelled || (error && error->kind == Error::Kind::Cancelled))
        return std::unexpected(stoppedError(qMax<qint64>(rows, 0)));
    if (error)
        return std::unexpected(*error);
    if (progress)
        progress(rows);
    return rows;
}

Result<qint64> streamJson(Session &session, const BrowseSpec &spec, QIODevice &out,
                          const std::function<void(qint64)> &progress, std::stop_token stop)
{
    Result<BoundSql> select = exportQuery(spec, false);
    if (!select)
        return std::unexpected(select.error());
    select->sql = QStringLiteral("SELECT row_to_json(r)::text FROM (%1) r").arg(select->sql);

    PGconn *conn = session.nativeHandle();
    std::vector<QByteArray> values;
    std::vector<const char *> pointers;
    for (const auto &param : select->params) {
        values.push_back(param ? param->toUtf8() : QByteArray());
        pointers.push_back(param ? values.back().constData() : nullptr);
    }
    if (!PQsendQueryParams(conn, select->sql.toUtf8().constData(), int(pointers.size()), nullptr,
                           pointers.data(), nullptr, nullptr, 0)
        || !PQsetSingleRowMode(conn)) {
        drain(conn);
        return std::unexpected(errorFromResult(conn, nullptr));
    }
    qint64 rows = 0;
    bool cancelled = false;
    std::optional<Error> failure, error;
    auto write = [&](const char *data, qint64 size) {
        if (!failure && out.write(data, size) != size)
            failure = writeError(out);
    };
    write("[", 1);
    while (PGresult *next = PQgetResult(conn)) {
        ResultPtr result(next);
        const ExecStatusType status = PQresultStatus(next);
        if (status == PGRES_SINGLE_TUPLE) {
            write(rows == 0 ? "\n" : ",\n", rows == 0 ? 1 : 2);
            write(PQgetvalue(next, 0, 0), PQgetlength(next, 0, 0));
            ++rows;
            if (progress && rows % kProgressEvery == 0)
                progress(rows);
            if ((failure || stop.stop_requested()) && !cancelled) {
                cancelled = true;
                session.cancelHandle()->cancelNow();
            }
        } else if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
            error = errorFromResult(conn, next);
        }
    }
    write("\n]\n", 3);
    if (failure)
        return std::unexpected(*failure);
    if (cancelled || (error && error->kind == Error::Kind::Cancelled))
        return std::unexpected(stoppedError(rows));
    if (error)
        return std::unexpected(*error);
    if (progress)
        progress(rows);
    return rows;
}

} // namespace

Result<BoundSql> exportQuery(const BrowseSpec &spec, bool viaSettings)
{
    BoundSql statement;
    if (viaSettings)
        statement.settingPrefix = QStringLiteral("bridgescope.export_");
    Result<QString> where = whereSql(spec, statement);
    if (!where)
        return std::unexpected(where.error());
    QStringList columns;
    for (const BrowseColumn &column : spec.table.columns)
        columns << QStringLiteral("r.") + quoteIdentifier(column.name);
    QStringList order;
    if (spec.sort) {
        if (spec.table.columnIndex(spec.sort->column) < 0)
            return fail(
                Error::Kind::Usage,
                QStringLiteral("There is no column \"%1\" to order by.").arg(spec.sort->column));
        order << QStringLiteral("r.") + quoteIdentifier(spec.sort->column)
                + (spec.sort->descending ? QStringLiteral(" DESC") : QString());
    }
    for (const RowKeyPart &part : spec.table.key)
        order << part.expression
                + (spec.sort && spec.sort->descending ? QStringLiteral(" DESC") : QString());
    statement.sql = QStringLiteral("SELECT %1 FROM %2%3")
                        .arg(columns.join(QStringLiteral(", ")), spec.table.fromSql(), *where);
    if (!order.isEmpty())
        statement.sql += QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
    return statement;
}

Result<qint64> exportRows(Session &session, const BrowseSpec &spec, ExportFormat format,
                          QIODevice &out, const std::function<void(qint64)> &progress,
                          std::stop_token stop)
{
    PGconn *conn = session.nativeHandle();
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        return fail(Error::Kind::ConnectionLost,
                    QStringLiteral("The connection to the server is not open."));
    return format == ExportFormat::Csv ? copyCsv(session, spec, out, progress, stop)
                                       : streamJson(session, spec, out, progress, stop);
}

} // namespace bridgescope
