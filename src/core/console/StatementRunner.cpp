#include "console/StatementRunner.h"

#include "connection/CancelHandle.h"
#include "connection/Session.h"

#include <QElapsedTimer>
#include <QHash>

#include <libpq-fe.h>

namespace bridgescope {

namespace {

QString fieldOf(const PGresult *result, int code)
{
    const char *value = PQresultErrorField(result, code);
    return value ? QString::fromUtf8(value) : QString();
}

// Receives the server's notices for one statement, then puts the previous receiver back.
class MessageTap
{
public:
    MessageTap(PGconn *conn, const std::function<void(const ServerMessage &)> &onMessage)
        : m_conn(conn)
        , m_onMessage(onMessage)
    {
        m_previous = PQsetNoticeReceiver(conn, &MessageTap::receive, this);
        m_previousArg = nullptr;
    }
    ~MessageTap() { PQsetNoticeReceiver(m_conn, m_previous, m_previousArg); }
    MessageTap(const MessageTap &) = delete;
    MessageTap &operator=(const MessageTap &) = delete;

private:
    static void receive(void *arg, const PGresult *result)
    {
        auto *tap = static_cast<MessageTap *>(arg);
        if (!tap->m_onMessage)
            return;
        QString text = fieldOf(result, PG_DIAG_MESSAGE_PRIMARY);
        if (const QString detail = fieldOf(result, PG_DIAG_MESSAGE_DETAIL); !detail.isEmpty())
            text += QStringLiteral("\nDETAIL: ") + detail;
        if (const QString hint = fieldOf(result, PG_DIAG_MESSAGE_HINT); !hint.isEmpty())
            text += QStringLiteral("\nHINT: ") + hint;
        tap->m_onMessage(ServerMessage { fieldOf(result, PG_DIAG_SEVERITY_NONLOCALIZED), text });
    }

    PGconn *m_conn;
    const std::function<void(const ServerMessage &)> &m_onMessage;
    PQnoticeReceiver m_previous = nullptr;
    void *m_previousArg = nullptr;
};

qint64 affectedRows(const PGresult *result)
{
    const char *tuples = PQcmdTuples(const_cast<PGresult *>(result));
    if (!tuples || !*tuples)
        return -1;
    bool ok = false;
    const qint64 rows = QByteArray(tuples).toLongLong(&ok);
    return ok ? rows : -1;
}

} // namespace

Result<TypeNames> readTypeNames(Session &session)
{
    Result<RowSet> rows = queryRows(
        session,
        QStringLiteral("SELECT oid::int8, format_type(oid, NULL) FROM pg_catalog.pg_type"));
    if (!rows)
        return std::unexpected(rows.error());
    TypeNames names;
    for (const QList<SqlText> &row : std::as_const(rows->rows))
        if (row.value(0) && row.value(1))
            names.insert(row[0]->toUInt(), QString::fromUtf8(*row[1]));
    return names;
}

ScriptPlace errorPlace(const QString &script, const StatementOutcome &outcome)
{
    const int position = outcome.error ? outcome.error->position : 0;
    ScriptPlace place;
    place.offset
        = position > 0 ? scriptOffsetOf(outcome.statement, position) : outcome.statement.offset;
    place.offset = qBound(0, place.offset, int(script.size()));
    const QStringView before = QStringView(script).left(place.offset);
    place.line = int(before.count(QLatin1Char('\n'))) + 1;
    place.column = int(place.offset - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
    return place;
}

QString describeStatementError(const QString &script, const StatementOutcome &outcome)
{
    if (!outcome.error)
        return {};
    const ScriptPlace place = errorPlace(script, outcome);
    QString text = QStringLiteral("line %1, column %2: %3")
                       .arg(place.line)
                       .arg(place.column)
                       .arg(outcome.error->message);
    if (!outcome.error->sqlState.isEmpty())
        text += QStringLiteral(" (SQLSTATE %1)").arg(outcome.error->sqlState);
    return text;
}

TransactionState transactionState(Session &session)
{
    PGconn *conn = session.nativeHandle();
    if (!conn)
        return TransactionState::Unknown;
    switch (PQtransactionStatus(conn)) {
    case PQTRANS_IDLE:
        return TransactionState::Idle;
    case PQTRANS_INTRANS:
        return TransactionState::InTransaction;
    case PQTRANS_INERROR:
        return TransactionState::Failed;
    default:
        return TransactionState::Unknown;
    }
}

StatementOutcome runStatement(Session &session, const SqlStatement &statement,
                              const TypeNames &types, const RowReceiver &receiver,
                              const std::function<void(const ServerMessage &)> &onMessage)
{
    StatementOutcome outcome;
    outcome.statement = statement;
    QElapsedTimer clock;
    clock.start();
    PGconn *conn = session.nativeHandle();
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        outcome.error = Error::make(Error::Kind::ConnectionLost,
                                    QStringLiteral("The connection to the server is not open."));
        return outcome;
    }
    auto cancelRequested = [&receiver] {
        return receiver.cancelled && receiver.cancelled->load();
    };
    if (cancelRequested()) {
        outcome.error = Error::make(Error::Kind::Cancelled,
                                    QStringLiteral("Cancelled before it was sent to the server."));
        return outcome;
    }
    const MessageTap tap(conn, onMessage);
    if (!PQsendQuery(conn, statement.text.toUtf8().constData()) || !PQsetSingleRowMode(conn)) {
        outcome.error = errorFromResult(conn, nullptr);
        return outcome;
    }

    // From a thread of its own: a cancel to a server behind a silent network must not hold
    // this loop (the answer deadline and DbWorker's grace end the connection then).
    const std::shared_ptr<CancelHandle> cancelHandle = session.cancelHandle();
    auto cancelOnServer = [&cancelHandle] {
        if (cancelHandle)
            CancelHandle::cancelInBackground(cancelHandle);
    };
    // A cancel asked for while the statement runs is sent, and sent again every half second
    // until the statement ends: one that reaches the server before the statement has begun
    // there is dropped by it (the session looked idle).
    QElapsedTimer sinceCancel;
    auto cancelWhileAsked = [&] {
        if (!cancelRequested() || (sinceCancel.isValid() && sinceCancel.elapsed() < 500))
            return;
        sinceCancel.start();
        cancelOnServer();
    };
    cancelWhileAsked();
    CellTable block;
    auto takeColumns = [&](const PGresult *result) {
        outcome.returnsRows = true;
        for (int column = 0; column < PQnfields(result); ++column) {
            const Oid type = PQftype(result, column);
            outcome.columns << ResultColumn { QString::fromUtf8(PQfname(result, column)),
                                              types.value(type,
                                                          QStringLiteral("oid %1").arg(type)) };
        }
        if (receiver.begin)
            receiver.begin(outcome.columns);
    };
    bool wanted = true; // the receiver still takes rows
    auto deliver = [&] {
        if (block.isEmpty())
            return;
        if (wanted && receiver.rows && !receiver.rows(std::move(block))) {
            wanted = false;
            outcome.stopped = true;
            // The server stops sending: the rest of the statement's rows are not wanted.
            cancelOnServer();
        }
        block = CellTable {};
    };
    const int deadlineMs = session.answerDeadlineMs();
    const int timeoutMs = session.statementTimeoutMs();
    for (;;) {
        if (Result<void> answered
            = awaitAnswer(conn, deadlineMs, timeoutMs,
                          receiver.cancelled ? cancelWhileAsked : std::function<void()> {});
            !answered) {
            outcome.error = answered.error();
            break;
        }
        PgResultPtr result(PQgetResult(conn));
        if (!result)
            break;
        const ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_SINGLE_TUPLE) {
            if (!outcome.returnsRows)
                takeColumns(result.get());
            ++outcome.rows;
            if (!wanted)
                continue;
            const int columns = PQnfields(result.get());
            if (block.isEmpty()) {
                // Room for the block at this row's size, and some: no growing row by row.
                block.setColumnCount(columns);
                qsizetype rowBytes = 0;
                for (int column = 0; column < columns; ++column)
                    rowBytes += PQgetlength(result.get(), 0, column);
                block.reserve(receiver.blockRows, (rowBytes + 16) * receiver.blockRows * 5 / 4);
            }
            for (int column = 0; column < columns; ++column)
                block.appendCell(PQgetvalue(result.get(), 0, column),
                                 PQgetisnull(result.get(), 0, column)
                                     ? -1
                                     : PQgetlength(result.get(), 0, column));
            if (block.rowCount() >= receiver.blockRows)
                deliver();
        } else if (status == PGRES_TUPLES_OK) {
            // The end of a returning statement's rows (or a statement that returns none).
            if (!outcome.returnsRows)
                takeColumns(result.get());
            deliver();
            outcome.command = QString::fromUtf8(PQcmdStatus(result.get()));
            outcome.rowsAffected = affectedRows(result.get());
        } else if (status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY) {
            outcome.command = QString::fromUtf8(PQcmdStatus(result.get()));
            outcome.rowsAffected = affectedRows(result.get());
        } else if (status == PGRES_COPY_OUT || status == PGRES_COPY_IN
                   || status == PGRES_COPY_BOTH) {
            if (!outcome.error)
                outcome.error = Error::make(
                    Error::Kind::Usage,
                    QStringLiteral("COPY … FROM STDIN and TO STDOUT need psql's client side; "
                                   "use the Data tab's export, or COPY to a file on the server."));
            PQputCopyEnd(conn, "not supported by the console");
        } else {
            if (outcome.stopped
                && QByteArray(PQresultErrorField(result.get(), PG_DIAG_SQLSTATE)) == "57014")
                continue; // the cancel this reader asked for
            deliver();
            if (!outcome.error) {
                outcome.error = errorFromResult(conn, result.get());
                outcome.errorDetail = fieldOf(result.get(), PG_DIAG_MESSAGE_DETAIL);
                outcome.errorHint = fieldOf(result.get(), PG_DIAG_MESSAGE_HINT);
                // The server's own words, not a sentence for another context.
                if (const QString primary = fieldOf(result.get(), PG_DIAG_MESSAGE_PRIMARY);
                    !primary.isEmpty() && outcome.error->kind != Error::Kind::ConnectionLost)
                    outcome.error->message = primary;
            }
        }
    }
    outcome.transaction = transactionState(session);
    outcome.elapsedMs = clock.elapsed();
    return outcome;
}

} // namespace bridgescope
