#include "console/ConsoleSession.h"

#include "connection/DbWorker.h"

namespace bridgescope {

namespace {

struct RunOutcome
{
    bool succeeded = true;
    TransactionState transaction = TransactionState::Unknown;
};

// The session's type names, read by its first job (worker thread only): a result's columns are
// named from them.
void readTypeNamesOnce(Session &session, TypeNames &types)
{
    if (!types.isEmpty())
        return;
    if (Result<TypeNames> read = readTypeNames(session))
        types = std::move(*read);
}

} // namespace

ConsoleSession::ConsoleSession(const ConnectionProfile &profile, AccessMode mode,
                               int statementTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_timeoutMs(statementTimeoutMs)
    , m_types(std::make_shared<TypeNames>())
    , m_cancelled(std::make_shared<std::atomic<bool>>(false))
{
    qRegisterMetaType<ConsoleReport>();
    SessionOptions options;
    options.mode = mode;
    options.statementTimeoutMs = statementTimeoutMs;
    m_worker = new DbWorker(profile, options, QStringLiteral("console"), this);
    m_worker->setCancelGrace(kCancelGrace);
}

ConsoleSession::~ConsoleSession()
{
    m_worker->retire();
}

void ConsoleSession::cancel()
{
    if (!m_running)
        return;
    // The flag first: a statement not yet on the server sees it once sent and cancels itself,
    // and the statements after it do not run.
    m_cancelled->store(true);
    m_worker->cancelRunning();
}

void ConsoleSession::run(const QList<SqlStatement> &statements)
{
    if (m_running || statements.isEmpty())
        return;
    m_running = true;
    // Every report goes to this object's thread through the relay, in the order it was made,
    // and is dropped once this object is gone (Qt disconnects it), as DbWorker's answers are.
    auto relay = std::make_shared<ConsoleRelay>();
    connect(
        relay.get(), &ConsoleRelay::report, this,
        [this](const ConsoleReport &report) { report(*this); }, Qt::QueuedConnection);
    const qint64 spoolLimit = m_spoolLimit;
    const std::shared_ptr<TypeNames> types = m_types;
    m_cancelled = std::make_shared<std::atomic<bool>>(false);
    m_lastStatementError.clear();
    m_worker->run<RunOutcome>(
        [relay, statements, spoolLimit, types,
         cancelled = m_cancelled](Session &session) -> Result<RunOutcome> {
            auto post = [&relay](ConsoleReport report) {
                emit relay->report(report);
            };
            RunOutcome run;
            readTypeNamesOnce(session, *types);
            for (int index = 0; index < statements.size(); ++index) {
                const SqlStatement &statement = statements[index];
                post([index, statement](ConsoleSession &console) {
                    emit console.statementStarted(index, statement);
                });
                std::shared_ptr<ResultSpool> spool;
                // The rows' source, made on the GUI thread; reports that arrive before it
                // find it through this.
                auto target = std::make_shared<QPointer<QueryResultRows>>();
                // One report of arrived rows at a time: a fast stream does not queue thousands.
                auto pending = std::make_shared<std::atomic<bool>>(false);
                std::optional<QString> spoolProblem;
                RowReceiver receiver;
                receiver.blockRows = ResultSpool::kBlockRows;
                receiver.cancelled = cancelled.get();
                receiver.begin = [&](const QList<ResultColumn> &columns) {
                    spool = std::make_shared<ResultSpool>(spoolLimit);
                    post([index, columns, spool, target](ConsoleSession &console) {
                        auto *made = new QueryResultRows(columns, spool);
                        *target = made;
                        emit console.resultStarted(index, made);
                    });
                };
                receiver.rows = [&](CellTable block) {
                    spoolProblem = spool->append(block);
                    if (spoolProblem)
                        return false;
                    if (!pending->exchange(true))
                        post([pending, target](ConsoleSession &) {
                            pending->store(false);
                            if (*target)
                                (*target)->takeArrivedRows();
                        });
                    return true;
                };
                StatementOutcome outcome = runStatement(
                    session, statement, *types, receiver, [&post](const ServerMessage &message) {
                        post([message](ConsoleSession &console) { emit console.message(message); });
                    });
                if (spoolProblem && !outcome.error)
                    outcome.error = Error::make(
                        Error::Kind::Environment,
                        QStringLiteral("Stopped after %L1 rows: %2. Add a LIMIT, or write the "
                                       "rows to a file with bridgescope query --csv.")
                            .arg(spool->rowCount())
                            .arg(*spoolProblem));
                post([index, outcome, target](ConsoleSession &console) {
                    if (*target)
                        (*target)->finish();
                    console.m_lastStatementError
                        = outcome.error ? outcome.error->message : QString();
                    emit console.statementFinished(index, outcome);
                });
                run.transaction = outcome.transaction;
                if (outcome.error) {
                    run.succeeded = false;
                    if (outcome.error->kind == Error::Kind::ConnectionLost)
                        return std::unexpected(*outcome.error);
                    break;
                }
            }
            return run;
        },
        this,
        [this](Result<RunOutcome> run) {
            if (!run) {
                if (run.error().message != m_lastStatementError)
                    emit connectionProblem(run.error().message);
                finishRun(false, TransactionState::Idle); // a new connection: no transaction
                return;
            }
            finishRun(run->succeeded, run->transaction);
        });
}

void ConsoleSession::explain(const SqlStatement &statement, bool analyze, bool generic)
{
    if (m_running)
        return;
    m_running = true;
    ExplainRequest request;
    request.statement = statement;
    request.analyze = analyze;
    request.generic = generic;
    const bool writable = m_mode == AccessMode::ReadWrite;
    m_worker->run<ExplainRun>(
        [request, writable, types = m_types](Session &session) -> Result<ExplainRun> {
            readTypeNamesOnce(session, *types);
            ExplainRun run = runExplain(session, request, *types, writable);
            if (run.outcome.error && run.outcome.error->kind == Error::Kind::ConnectionLost)
                return std::unexpected(*run.outcome.error);
            return run;
        },
        this,
        [this](Result<ExplainRun> run) {
            if (!run) {
                emit connectionProblem(run.error().message);
                finishRun(false, TransactionState::Idle);
                return;
            }
            emit explained(*run);
            finishRun(run->plan.has_value(), run->outcome.transaction);
        });
}

void ConsoleSession::finishRun(bool succeeded, TransactionState state)
{
    m_running = false;
    if (state != TransactionState::Unknown && state != m_transaction) {
        m_transaction = state;
        emit transactionChanged(state);
    }
    emit runFinished(succeeded);
}

} // namespace bridgescope
