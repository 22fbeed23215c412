#pragma once

#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "console/ExplainRun.h"
#include "console/QueryResultRows.h"
#include "console/StatementRunner.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace bridgescope {

class ConsoleSession;
class DbWorker;

// A report from the worker, run on the console's thread.
using ConsoleReport = std::function<void(ConsoleSession &)>;

class ConsoleRelay : public QObject
{
    Q_OBJECT
signals:
    void report(const ConsoleReport &report);
};

// The console's connection: its own session on a worker thread, read-only until it is made
// writable, with a statement timeout. run() sends statements one after another on the worker;
// what each does comes back as signals on this object's thread, as it happens: its rows as a
// QueryResultRows that grows while they stream, the server's messages, then its outcome. A
// run stops at the first error. cancel() stops the running statement on the server.
class ConsoleSession : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kDefaultSpoolLimit = qint64(2) << 30; // 2 GiB of one result
    // A cancel the server has not acted on by then closes the connection and gives the
    // console back: behind a silent network the user does not wait for TCP.
    static constexpr std::chrono::milliseconds kCancelGrace { 1'000 };

    ConsoleSession(const ConnectionProfile &profile, AccessMode mode, int statementTimeoutMs,
                   QObject *parent = nullptr);
    ~ConsoleSession() override;

    AccessMode mode() const { return m_mode; }
    int statementTimeoutMs() const { return m_timeoutMs; }
    bool isRunning() const { return m_running; }
    TransactionState transaction() const { return m_transaction; }
    void setSpoolLimit(qint64 bytes) { m_spoolLimit = bytes; }

    // Runs the statements one after another. Ignored while running.
    void run(const QList<SqlStatement> &statements);
    // EXPLAIN (ANALYZE) of one statement on the session (console/ExplainRun.h): in write mode an
    // ANALYZE runs inside a transaction that is rolled back. Ignored while running.
    // `generic`: a statement with $1 … explained with GENERIC_PLAN (PostgreSQL 16+).
    void explain(const SqlStatement &statement, bool analyze, bool generic = false);
    void cancel();

signals:
    void statementStarted(int index, const SqlStatement &statement);
    // A returning statement's rows: the source grows as they arrive (owned by the receiver).
    void resultStarted(int index, QueryResultRows *rows);
    void message(const ServerMessage &message);
    void statementFinished(int index, const StatementOutcome &outcome);
    // The connection failed or was closed outside any statement's answer (it could not be
    // opened, or a cancel went unanswered): the sentence that says so.
    void connectionProblem(const QString &sentence);
    void runFinished(bool succeeded);
    void explained(const ExplainRun &run);
    void transactionChanged(TransactionState state);

private:
    void finishRun(bool succeeded, TransactionState state);

    DbWorker *m_worker = nullptr;
    AccessMode m_mode;
    int m_timeoutMs = 0;
    qint64 m_spoolLimit = kDefaultSpoolLimit;
    bool m_running = false;
    TransactionState m_transaction = TransactionState::Idle;
    std::shared_ptr<TypeNames> m_types; // read by the first run
    std::shared_ptr<std::atomic<bool>> m_cancelled; // this run's; read on the worker
    QString m_lastStatementError; // already shown: not repeated as a connection problem
};

} // namespace bridgescope

Q_DECLARE_METATYPE(bridgescope::ConsoleReport)
