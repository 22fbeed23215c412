#include "data/TableExport.h"

#include "SavedFile.h"
#include "connection/CancelHandle.h"
#include "connection/Session.h"

#include <QFileDevice>
#include <QIODevice>
#include <QSaveFile>

#include <libpq-fe.h>
#include <memory>

namespace bridgescope {

namespace {

constexpr qint64 kProgressEvery = 5000;

// Writes an export's rows as they arrive, reports progress, and on a stop request or a write
// failure cancels the statement on the server (reading on until the server says so).
// What a sentence calls the output: its file's name, or standard output.
QString outputName(QIODevice &out)
{
    const auto *file = qobject_cast<QFileDevice *>(&out);
    return file && !file->fileName().isEmpty() ? file->fileName()
                                               : QStringLiteral("standard output");
}

class RowWriter
{
public:
    RowWriter(Session &session, QIODevice &out, const std::function<void(qint64)> &progress,
              std::stop_token stop)
        : m_session(session)
        , m_out(out)
        , m_progress(progress)
        , m_stop(std::move(stop))
    { }

    void write(const char *data, qint64 size)
    {
        if (m_failure)
            return;
        if (std::optional<QString> failed = writeFully(m_out, data, size))
            m_failure = cannotWrite(outputName(m_out), *failed);
    }

    void rowWritten()
    {
        ++m_rows;
        if (m_progress && m_rows > 0 && m_rows % kProgressEvery == 0)
            m_progress(m_rows);
        if ((m_failure || m_stop.stop_requested()) && !m_cancelled) {
            m_cancelled = true;
            m_session.cancelHandle()->cancelNow();
        }
    }

    void skipRow() { --m_rows; } // CSV's header line is no row
    qint64 rows() const { return m_rows; }

    // The answer once the server is done: a write failure, a stop, the server's error, or
    // the number of rows.
    Result<qint64> finish(const std::optional<Error> &serverError) const
    {
        if (m_failure)
            return std::unexpected(*m_failure);
        if (m_cancelled || (serverError && serverError->kind == Error::Kind::Cancelled))
            return fail(Error::Kind::Cancelled,
                        QStringLiteral("The export was stopped after %1 rows; the file holds "
                                       "those rows only.")
                            .arg(qMax<qint64>(m_rows, 0)));
        if (serverError)
            return std::unexpected(*serverError);
        if (m_progress)
            m_progress(m_rows);
        return m_rows;
    }

private:
    Session &m_session;
    QIODevice &m_out;
    const std::function<void(qint64)> &m_progress;
    std::stop_token m_stop;
    qint64 m_rows = 0;
    bool m_cancelled = false;
    std::optional<Error> m_failure;
};

// Reads what is left of a statement's results; the last error, if any, is the answer.
std::optional<Error> drain(PGconn *conn)
{
    std::optional<Error> error;
    while (PGresult *next = PQgetResult(conn)) {
        PgResultPtr result(next);
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
    PgResultPtr started(PQexec(conn, copy.toUtf8().constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_OUT)
        return std::unexpected(errorFromResult(conn, started.get()));

    RowWriter writer(session, out, progress, stop);
    writer.skipRow(); // the first line is the header
    char *buffer = nullptr;
    int length = 0;
    while ((length = PQgetCopyData(conn, &buffer, 0)) > 0) {
        std::unique_ptr<char, decltype(&PQfreemem)> line(buffer, &PQfreemem);
        writer.write(line.get(), length);
        writer.rowWritten();
    }
    return writer.finish(drain(conn));
}

Result<qint64> streamJson(Session &session, const BrowseSpec &spec, QIODevice &out,
                          const std::function<void(qint64)> &progress, std::stop_token stop)
{
    Result<BoundSql> select = exportQuery(spec, false);
    if (!select)
        return std::unexpected(select.error());
    select->sql = QStringLiteral("SELECT row_to_json(r)::text FROM (%1) r").arg(select->sql);

    PGconn *conn = session.nativeHandle();
    const LibpqParams params(select->params);
    if (!PQsendQueryParams(conn, select->sql.toUtf8().constData(), params.count(), nullptr,
                           params.values(), nullptr, nullptr, 0)
        || !PQsetSingleRowMode(conn)) {
        drain(conn);
        return std::unexpected(errorFromResult(conn, nullptr));
    }
    RowWriter writer(session, out, progress, stop);
    std::optional<Error> error;
    writer.write("[", 1);
    while (PGresult *next = PQgetResult(conn)) {
        PgResultPtr result(next);
        const ExecStatusType status = PQresultStatus(next);
        if (status == PGRES_SINGLE_TUPLE) {
            writer.write(writer.rows() == 0 ? "\n" : ",\n", writer.rows() == 0 ? 1 : 2);
            writer.write(PQgetvalue(next, 0, 0), PQgetlength(next, 0, 0));
            writer.rowWritten();
        } else if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
            error = errorFromResult(conn, next);
        }
    }
    writer.write("\n]\n", 3);
    return writer.finish(error);
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

Result<qint64> exportToFile(Session &session, const BrowseSpec &spec, ExportFormat format,
                            const QString &path, const std::function<void(qint64)> &progress,
                            std::stop_token stop)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return std::unexpected(cannotWrite(path, file.errorString()));
    Result<qint64> rows = exportRows(session, spec, format, file, progress, std::move(stop));
    if (!rows)
        return rows; // without commit(), QSaveFile leaves an existing file as it was
    if (std::optional<QString> failed = flushFully(file)) {
        file.cancelWriting();
        return std::unexpected(cannotWrite(path, *failed));
    }
    if (!file.commit())
        return std::unexpected(cannotWrite(path, file.errorString()));
    return rows;
}

} // namespace bridgescope
