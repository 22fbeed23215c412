#pragma once

#include "Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

typedef struct pg_result PGresult;
struct pg_conn;

namespace bridgescope {

class Session;

// A libpq result, cleared when it goes.
struct PgResultDeleter
{
    void operator()(PGresult *result) const;
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

// A value sent to or read from the server in PostgreSQL's text format; nullopt is SQL NULL.
using SqlText = std::optional<QByteArray>;
using SqlParams = QList<std::optional<QString>>;

// A statement and the values bound to its $1, $2, … : values never enter the SQL text.
struct BoundSql
{
    QString sql;
    SqlParams params;
    // COPY takes no parameters: with this set, bind() returns current_setting('<prefix>N')
    // and the caller sets those first with bound set_config() calls (settingStatement()).
    QString settingPrefix;

    // Appends a value and returns its placeholder, "$3".
    QString bind(std::optional<QString> value);
    // SELECT set_config('<prefix>1', $1, false), …: binds params to the settings bind() named.
    BoundSql settingStatement() const;
};

// The parameters as libpq's PQexecParams and PQsendQueryParams take them.
class LibpqParams
{
public:
    explicit LibpqParams(const SqlParams &params);
    int count() const { return int(m_pointers.size()); }
    const char *const *values() const { return m_pointers.data(); }

private:
    std::vector<QByteArray> m_values;
    std::vector<const char *> m_pointers;
};

struct RowSet
{
    QStringList columns;
    QList<QList<SqlText>> rows;
};

// Rows of text cells held in one buffer: a block of thousands of cells costs a few
// allocations, not one per cell (the grid's cache and its scans).
class CellTable
{
public:
    int rowCount() const { return m_columns ? int(m_lengths.size() / m_columns) : 0; }
    int columnCount() const { return m_columns; }
    bool isEmpty() const { return m_lengths.isEmpty(); }
    SqlText cell(int row, int column) const;
    // The same without a copy: a view into the table (valid while it lives); null for NULL.
    QByteArrayView view(int row, int column, bool *isNull) const;
    qsizetype textSize() const { return m_text.size(); }
    void appendRows(const CellTable &other); // the same columns
    CellTable rows(int first, int count) const; // a copy of some rows
    // Built a cell at a time (rows of `columns` cells, in order); length -1 is NULL.
    void setColumnCount(int columns) { m_columns = columns; }
    void appendCell(const char *data, int length);
    void reserve(int rows, qsizetype bytes); // room for rows of about that many bytes in all
    qsizetype byteSize() const { return m_text.size() + m_lengths.size() * 12; }
    // As bytes and back (a spooled block of a query result).
    QByteArray serialized() const;
    static CellTable deserialized(const QByteArray &bytes);

private:
    friend CellTable cellsOf(const PGresult *result, int first, int count);
    int m_columns = 0;
    QByteArray m_text;
    QList<qint64> m_starts;
    QList<qint32> m_lengths; // -1 for NULL
};

// Runs one statement through libpq with its parameters bound (PQexecParams, text format), on
// the session's connection. Errors as ExecuteStatement reports them: message, SQLSTATE, DETAIL
// and the position.
Result<RowSet> queryRows(Session &session, const BoundSql &statement);
Result<RowSet> queryRows(Session &session, const QString &sql);
// The same, into one CellTable.
Result<CellTable> queryCells(Session &session, const BoundSql &statement);

// A statement in two steps: send it, do other work while the server runs it, then read its
// result. A straight-through read sends its next statement before it converts the rows it has,
// so the server reads on while the client works. Between the two, nothing else may use the
// session.
Result<void> sendStatement(Session &session, const BoundSql &statement);
Result<PgResultPtr> receiveResult(Session &session);
// Waits until the connection's next result can be read without blocking, for at most the
// session's answer deadline: past it the connection is closed, with an Error that says why.
Result<void> awaitAnswer(Session &session);
// The same on a connection already looked up (a loop of thousands of waits, one per row);
// `tick`, when given, runs every quarter second of waiting (without a deadline too).
Result<void> awaitAnswer(pg_conn *conn, int deadlineMs, int statementTimeoutMs,
                         const std::function<void()> &tick = {});
// Rows [first, first + count) of a result (clamped to its rows).
CellTable cellsOf(const PGresult *result, int first = 0, int count = -1);

// The Error for a failed libpq result (or, with a null result, for the connection's state).
Error errorFromResult(pg_conn *conn, const PGresult *result);

// The elements of a one-dimensional array in PostgreSQL's text form ('{a,"b c",NULL}' as
// a, b c, NULL): quotes and backslash escapes undone.
QStringList textArrayElements(const QString &array);

// The statement with each $N written as the literal of its value ('it''s', NULL): SQL a person
// can read and run elsewhere. Not for running here: bound values never enter SQL text.
QString inlineParameters(const BoundSql &statement);

// "name" → "\"name\"", doubling quotes inside: safe for any identifier.
QString quoteIdentifier(const QString &name);
QString quoteQualified(const QString &schema, const QString &name);

} // namespace bridgescope
