#include "connection/PgQuery.h"

#include "connection/ConnectionErrors.h"
#include "connection/Session.h"

#include <QDeadlineTimer>

#include <cstring>
#include <libpq-fe.h>
#include <memory>
#include <poll.h>
#include <sys/socket.h>
#include <vector>

namespace bridgescope {

namespace {

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

void PgResultDeleter::operator()(PGresult *result) const
{
    PQclear(result);
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

namespace {

Result<PgResultPtr> execute(Session &session, const BoundSql &statement)
{
    if (Result<void> sent = sendStatement(session, statement); !sent)
        return std::unexpected(sent.error());
    return receiveResult(session);
}

// Waits until the statement's result is in, or until the session's answer deadline passes;
// then closes the connection (the socket shut down, so libpq's own wait ends too) and says why.
} // namespace

Result<void> awaitAnswer(Session &session)
{
    return awaitAnswer(session.nativeHandle(), session.answerDeadlineMs(),
                       session.statementTimeoutMs());
}

Result<void> awaitAnswer(PGconn *conn, int deadlineMs, int statementTimeoutMs,
                         const std::function<void()> &tick)
{
    if (!PQisBusy(conn) || (deadlineMs <= 0 && !tick))
        return {}; // PQgetResult waits as long as it takes
    const QDeadlineTimer deadline
        = deadlineMs > 0 ? QDeadlineTimer(deadlineMs) : QDeadlineTimer(QDeadlineTimer::Forever);
    const int socket = PQsocket(conn);
    while (PQisBusy(conn)) {
        if (deadline.hasExpired()) {
            ::shutdown(socket, SHUT_RDWR);
            while (PGresult *rest = PQgetResult(conn)) // libpq sees the end and lets go
                PQclear(rest);
            return fail(Error::Kind::ConnectionLost,
                        QStringLiteral("The server did not answer within %1 s, although its "
                                       "statement timeout is %2 s, so the connection was closed: "
                                       "something between here and the server stopped passing "
                                       "data on. The next action connects again.")
                            .arg(deadlineMs / 1000.0)
                            .arg(statementTimeoutMs / 1000.0));
        }
        pollfd wait { socket, POLLIN, 0 };
        ::poll(&wait, 1, int(qMin<qint64>(deadline.remainingTime(), tick ? 250 : 1'000)));
        if (!PQconsumeInput(conn))
            break; // the connection failed: PQgetResult says how
        if (tick)
            tick();
    }
    return {};
}

Result<RowSet> queryRows(Session &session, const BoundSql &statement)
{
    Result<PgResultPtr> executed = execute(session, statement);
    if (!executed)
        return std::unexpected(executed.error());
    const PGresult *result = executed->get();
    RowSet rows;
    const int columnCount = PQnfields(result);
    for (int column = 0; column < columnCount; ++column)
        rows.columns.append(QString::fromUtf8(PQfname(result, column)));
    const int rowCount = PQntuples(result);
    rows.rows.reserve(rowCount);
    for (int row = 0; row < rowCount; ++row) {
        QList<SqlText> cells;
        cells.reserve(columnCount);
        for (int column = 0; column < columnCount; ++column) {
            if (PQgetisnull(result, row, column))
                cells.append(std::nullopt);
            else
                cells.append(
                    QByteArray(PQgetvalue(result, row, column), PQgetlength(result, row, column)));
        }
        rows.rows.append(std::move(cells));
    }
    return rows;
}

Result<CellTable> queryCells(Session &session, const BoundSql &statement)
{
    Result<PgResultPtr> executed = execute(session, statement);
    if (!executed)
        return std::unexpected(executed.error());
    return cellsOf(executed->get());
}

CellTable cellsOf(const PGresult *result, int first, int count)
{
    CellTable table;
    table.m_columns = PQnfields(result);
    const int available = PQntuples(result);
    first = qBound(0, first, available);
    const int end = count < 0 ? available : qMin(available, first + count);
    const qsizetype cells = qsizetype(end - first) * table.m_columns;
    table.m_starts.reserve(cells);
    table.m_lengths.reserve(cells);
    qsizetype bytes = 0;
    for (int row = first; row < end; ++row)
        for (int column = 0; column < table.m_columns; ++column)
            bytes += PQgetlength(result, row, column);
    table.m_text.reserve(bytes);
    for (int row = first; row < end; ++row) {
        for (int column = 0; column < table.m_columns; ++column) {
            const bool null = PQgetisnull(result, row, column);
            const int length = PQgetlength(result, row, column);
            table.m_starts.append(table.m_text.size());
            table.m_lengths.append(null ? -1 : length);
            if (!null)
                table.m_text.append(PQgetvalue(result, row, column), length);
        }
    }
    return table;
}

Result<void> sendStatement(Session &session, const BoundSql &statement)
{
    PGconn *conn = session.nativeHandle();
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        return fail(Error::Kind::ConnectionLost,
                    QStringLiteral("The connection to the server is not open."));
    const LibpqParams params(statement.params);
    if (!PQsendQueryParams(conn, statement.sql.toUtf8().constData(), params.count(), nullptr,
                           params.values(), nullptr, nullptr, 0))
        return std::unexpected(errorFromResult(conn, nullptr));
    return {};
}

Result<PgResultPtr> receiveResult(Session &session)
{
    if (Result<void> answered = awaitAnswer(session); !answered)
        return std::unexpected(answered.error());
    PGconn *conn = session.nativeHandle();
    // One statement gives one result, then nullptr; the first error is the one to report.
    PgResultPtr first;
    while (PGresult *next = PQgetResult(conn)) {
        if (!first)
            first.reset(next);
        else
            PQclear(next);
    }
    const ExecStatusType status = first ? PQresultStatus(first.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return std::unexpected(errorFromResult(conn, first.get()));
    return first;
}

SqlText CellTable::cell(int row, int column) const
{
    const qsizetype at = qsizetype(row) * m_columns + column;
    if (row < 0 || column < 0 || column >= m_columns || at >= m_lengths.size() || m_lengths[at] < 0)
        return std::nullopt;
    return m_text.mid(m_starts[at], m_lengths[at]);
}

QByteArrayView CellTable::view(int row, int column, bool *isNull) const
{
    const qsizetype at = qsizetype(row) * m_columns + column;
    if (row < 0 || column < 0 || column >= m_columns || at >= m_lengths.size()
        || m_lengths[at] < 0) {
        *isNull = true;
        return {};
    }
    *isNull = false;
    return QByteArrayView(m_text.constData() + m_starts[at], m_lengths[at]);
}

void CellTable::appendRows(const CellTable &other)
{
    if (m_columns == 0)
        m_columns = other.m_columns;
    const qint64 shift = m_text.size();
    m_text.append(other.m_text);
    for (qint64 start : other.m_starts)
        m_starts.append(start + shift);
    m_lengths.append(other.m_lengths);
}

CellTable CellTable::rows(int first, int count) const
{
    CellTable part;
    part.m_columns = m_columns;
    first = qBound(0, first, rowCount());
    count = qBound(0, count, rowCount() - first);
    if (count == 0 || m_columns == 0)
        return part;
    const qsizetype from = qsizetype(first) * m_columns;
    const qsizetype cells = qsizetype(count) * m_columns;
    // The text of these rows is one stretch of m_text (cells are stored in order).
    qint64 begin = -1, end = 0;
    for (qsizetype at = from; at < from + cells; ++at)
        if (m_lengths[at] >= 0) {
            if (begin < 0)
                begin = m_starts[at];
            end = m_starts[at] + m_lengths[at];
        }
    begin = qMax<qint64>(begin, 0);
    part.m_text = m_text.mid(begin, end - begin);
    part.m_lengths = m_lengths.mid(from, cells);
    part.m_starts.reserve(cells);
    for (qsizetype at = from; at < from + cells; ++at)
        part.m_starts.append(m_lengths[at] >= 0 ? m_starts[at] - begin : 0);
    return part;
}

void CellTable::appendCell(const char *data, int length)
{
    const qsizetype at = m_text.size();
    m_starts.append(at);
    m_lengths.append(length);
    if (length > 0) {
        m_text.resize(at + length);
        memcpy(m_text.data() + at, data, size_t(length));
    }
}

void CellTable::reserve(int rows, qsizetype bytes)
{
    m_starts.reserve(qsizetype(rows) * m_columns);
    m_lengths.reserve(qsizetype(rows) * m_columns);
    m_text.reserve(bytes);
}

QByteArray CellTable::serialized() const
{
    QByteArray bytes;
    const qint32 header[2] = { m_columns, qint32(m_lengths.size()) };
    bytes.reserve(sizeof header + m_lengths.size() * sizeof(qint32) + m_text.size());
    bytes.append(reinterpret_cast<const char *>(header), sizeof header);
    bytes.append(reinterpret_cast<const char *>(m_lengths.constData()),
                 m_lengths.size() * qsizetype(sizeof(qint32)));
    bytes.append(m_text);
    return bytes;
}

CellTable CellTable::deserialized(const QByteArray &bytes)
{
    CellTable table;
    qint32 header[2] = { 0, 0 };
    if (bytes.size() < qsizetype(sizeof header))
        return table;
    memcpy(header, bytes.constData(), sizeof header);
    const qsizetype lengthBytes = qsizetype(header[1]) * qsizetype(sizeof(qint32));
    if (header[0] <= 0 || header[1] < 0 || bytes.size() < qsizetype(sizeof header) + lengthBytes)
        return table;
    table.m_columns = header[0];
    table.m_lengths.resize(header[1]);
    memcpy(table.m_lengths.data(), bytes.constData() + sizeof header, lengthBytes);
    table.m_text = bytes.mid(qsizetype(sizeof header) + lengthBytes);
    table.m_starts.reserve(header[1]);
    qint64 at = 0;
    for (const qint32 length : std::as_const(table.m_lengths)) {
        table.m_starts.append(at);
        at += qMax(length, 0);
    }
    if (at != table.m_text.size())
        return CellTable {}; // damaged: no rows rather than wrong ones
    return table;
}

Result<RowSet> queryRows(Session &session, const QString &sql)
{
    return queryRows(session, BoundSql { sql, {} });
}

QStringList textArrayElements(const QString &array)
{
    QStringList elements;
    if (array.size() < 2)
        return elements;
    QString current;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 1; i + 1 < array.size(); ++i) {
        const QChar c = array.at(i);
        if (quoted) {
            if (c == QLatin1Char('\\') && i + 2 < array.size())
                current += array.at(++i);
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                current += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
            any = true;
        } else if (c == QLatin1Char(',')) {
            elements << current;
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any || !current.isEmpty())
        elements << current;
    return elements;
}

QString inlineParameters(const BoundSql &statement)
{
    QString out;
    const QString &sql = statement.sql;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        if (sql.at(i) == QLatin1Char('$') && i + 1 < sql.size() && sql.at(i + 1).isDigit()) {
            qsizetype j = i + 1;
            while (j < sql.size() && sql.at(j).isDigit())
                ++j;
            const int number = sql.mid(i + 1, j - i - 1).toInt();
            if (number >= 1 && number <= statement.params.size()) {
                const std::optional<QString> &value = statement.params[number - 1];
                out += value ? QLatin1Char('\'')
                        + QString(*value).replace(QLatin1Char('\''), QLatin1String("''"))
                        + QLatin1Char('\'')
                             : QStringLiteral("NULL");
                i = j - 1;
                continue;
            }
        }
        out += sql.at(i);
    }
    return out;
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
