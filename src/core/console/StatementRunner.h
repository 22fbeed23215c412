#pragma once

#include "Error.h"
#include "connection/PgQuery.h"
#include "migrations/SqlScript.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace bridgescope {

class Session;

// A NOTICE, WARNING or INFO the server sent while a statement ran.
struct ServerMessage
{
    QString severity; // "NOTICE", "WARNING", … as the server names it
    QString text;
};

struct ResultColumn
{
    QString name;
    QString type; // format_type(): "integer", "timestamp with time zone", "jsonb"
};

// The transaction the session is in after a statement: what the console shows in write mode.
enum class TransactionState { Idle, InTransaction, Failed, Unknown };

// What one statement of the console did.
struct StatementOutcome
{
    SqlStatement statement;
    QString command; // the command tag: "SELECT 3", "UPDATE 5", "CREATE TABLE"
    bool returnsRows = false;
    QList<ResultColumn> columns;
    qint64 rows = 0; // rows received (a returning statement)
    qint64 rowsAffected = -1; // from the command tag, where it carries a count
    bool stopped = false; // the reader asked for no more rows: the statement was cancelled
    qint64 elapsedMs = 0;
    std::optional<Error> error;
    QString errorDetail; // the server's DETAIL and HINT, apart from its message
    QString errorHint;
    TransactionState transaction = TransactionState::Unknown;
};

// Where a returning statement's rows go, a block at a time, as they arrive (on the worker).
struct RowReceiver
{
    // The columns, before the first rows. Not called for a statement without rows.
    std::function<void(const QList<ResultColumn> &)> begin;
    // A block of rows; false: send no more (the statement is cancelled on the server).
    std::function<bool(CellTable)> rows;
    int blockRows = 200; // rows per block (the last may have fewer)
    // Set from another thread to cancel: looked at once the statement is sent, so a cancel
    // that came just before the statement reached the server still stops it.
    const std::atomic<bool> *cancelled = nullptr;
};

// Type names by oid (format_type), read once per session: a result's column types are named
// while its rows stream, when the connection cannot ask.
using TypeNames = QHash<quint32, QString>;
Result<TypeNames> readTypeNames(Session &session);

// Runs one statement as typed (libpq's simple protocol, so several results and any statement
// psql accepts work), its rows streamed a row at a time (single-row mode): the first block
// arrives as soon as the server has sent that many rows, whatever the statement's size, and the
// client holds one block at a time. Messages come to onMessage as they arrive, before the rows
// where the server sends them first. Errors are in the outcome, with the statement's position.
StatementOutcome runStatement(Session &session, const SqlStatement &statement,
                              const TypeNames &types, const RowReceiver &receiver,
                              const std::function<void(const ServerMessage &)> &onMessage);

// Where in the script a statement's error points: 1-based line and column (the statement's
// start where the server gave no position).
struct ScriptPlace
{
    int line = 0;
    int column = 0;
    int offset = 0; // 0-based character in the script
};
ScriptPlace errorPlace(const QString &script, const StatementOutcome &outcome);
// "line 7, column 12: relation "nope" does not exist (SQLSTATE 42P01)"
QString describeStatementError(const QString &script, const StatementOutcome &outcome);

// The state of the session's transaction now (no statement is sent).
TransactionState transactionState(Session &session);

} // namespace bridgescope
