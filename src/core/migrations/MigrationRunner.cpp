#include "migrations/MigrationRunner.h"

#include "connection/ConnectionErrors.h"
#include "connection/ExecuteStatement.h"
#include "connection/Replication.h"
#include "connection/Session.h"
#include "migrations/MigrationHistory.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QVariant>

namespace bridgescope {

namespace {

// pg_locks shows a two-key advisory lock as classid, objid and objsubid = 2.
const char kLockHolderQuery[] = R"sql(
SELECT a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''),
       coalesce(host(a.client_addr), ''), a.backend_start
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  AND l.classid = ? AND l.objid = ?
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
LIMIT 1)sql";

bool isCancelOrLoss(const Error &error)
{
    return error.kind == Error::Kind::Cancelled || error.kind == Error::Kind::ConnectionLost;
}

} // namespace

QString LockHolder::describe() const
{
    QString text = QStringLiteral("process %1").arg(pid);
    QStringList parts;
    if (!application.isEmpty())
        parts << application;
    if (!user.isEmpty())
        parts << QStringLiteral("user %1").arg(user);
    if (!clientAddress.isEmpty())
        parts << QStringLiteral("from %1").arg(clientAddress);
    if (since.isValid())
        parts << QStringLiteral("connected since %1")
                     .arg(since.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!parts.isEmpty())
        text += QStringLiteral(" (%1)").arg(parts.join(QLatin1String(", ")));
    return text;
}

QString MigrationFailure::describe() const
{
    QString message = error.message;
    if (message.endsWith(QLatin1Char('.')))
        message.chop(1);
    QString text = QStringLiteral("%1, line %2: %3").arg(fileName).arg(line).arg(message);
    if (!error.sqlState.isEmpty())
        text += QStringLiteral(" (SQLSTATE %1)").arg(error.sqlState);
    text += QLatin1Char('.');
    if (partial)
        text += QStringLiteral(" The file runs outside a transaction: the statements before "
                               "line %1 stay applied.")
                    .arg(line);
    return text;
}

MigrationRunner::MigrationRunner(Session &session, const MigrationSet &set)
    : m_session(session)
    , m_set(set)
{ }

Result<MigrationStatus> MigrationRunner::status()
{
    Result<QList<HistoryEntry>> history = readHistory(m_session);
    if (!history)
        return std::unexpected(history.error());
    return computeStatus(m_set, *history);
}

Result<std::optional<LockHolder>> MigrationRunner::lockHolder()
{
    QSqlQuery query(m_session.database());
    query.setForwardOnly(true);
    query.prepare(QString::fromUtf8(kLockHolderQuery));
    query.addBindValue(kMigrationLockClass);
    query.addBindValue(kMigrationLockObject);
    if (!query.exec())
        return std::unexpected(describeQueryFailure(query.lastError()));
    if (!query.next())
        return std::optional<LockHolder> {};
    return std::optional<LockHolder>(
        LockHolder { query.value(0).toInt(), query.value(1).toString(), query.value(2).toString(),
                     query.value(3).toString(), query.value(4).toDateTime() });
}

Status MigrationRunner::acquireLock(const RunOptions &options, const RunCallbacks &callbacks)
{
    const QString key = QStringLiteral("%1, %2").arg(kMigrationLockClass).arg(kMigrationLockObject);
    {
        QSqlQuery query(m_session.database());
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(key)))
            return std::unexpected(describeQueryFailure(query.lastError()));
        if (query.next() && query.value(0).toBool())
            return {};
    }
    Result<std::optional<LockHolder>> holder = lockHolder();
    const QString who
        = holder && *holder ? (*holder)->describe() : QStringLiteral("another runner");
    if (!options.waitForLock)
        return fail(
            Error::Kind::Generic,
            QStringLiteral("Another migration run holds the lock: %1. Nothing was run.").arg(who));
    if (callbacks.lockWaiting && holder && *holder)
        callbacks.lockWaiting(**holder);
    // Blocks until the holder finishes (or disconnects); a cancel from the GUI ends the wait.
    return executeStatement(m_session, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(key));
}

void MigrationRunner::releaseLock()
{
    // Best effort: if the connection is gone, the server has already released it.
    (void)executeStatement(m_session,
                           QStringLiteral("SELECT pg_advisory_unlock(%1, %2)")
                               .arg(kMigrationLockClass)
                               .arg(kMigrationLockObject));
}

Result<RunReport> MigrationRunner::run(Direction direction, const RunOptions &options,
                                       const RunCallbacks &callbacks)
{
    if (Status primary
        = refuseOnStandby(m_session,
                          direction == Direction::Up ? QStringLiteral("apply migrations")
                                                     : QStringLiteral("roll back migrations"));
        !primary)
        return std::unexpected(primary.error());
    if (Status locked = acquireLock(options, callbacks); !locked)
        return std::unexpected(locked.error());
    struct Unlock
    {
        MigrationRunner *runner;
        ~Unlock() { runner->releaseLock(); }
    } unlock { this };

    // IF NOT EXISTS notices ("relation … already exists, skipping") are expected in idempotent
    // migrations and would only bury the progress lines.
    (void)executeStatement(m_session, QStringLiteral("SET client_min_messages = warning"));
    if (Status made = ensureHistoryTable(m_session); !made)
        return std::unexpected(made.error());
    // Read under the lock: a runner that waited sees what the one before it applied.
    Result<MigrationStatus> current = status();
    if (!current)
        return std::unexpected(current.error());
    Result<QList<int>> plan
        = direction == Direction::Up ? planUp(*current, options) : planDown(*current, options);
    if (!plan)
        return std::unexpected(plan.error());
    if (options.trial) {
        for (int version : std::as_const(*plan)) {
            const Migration *m = m_set.find(version);
            const MigrationScript &script = direction == Direction::Up ? m->forward : m->rollback;
            if (!script.transactional)
                return fail(Error::Kind::Usage,
                            QStringLiteral("%1 runs outside a transaction, so a dry run cannot "
                                           "undo it; nothing was run.")
                                .arg(script.fileName));
        }
    }

    RunReport report;
    report.direction = direction;
    report.trial = options.trial;
    // A trial runs the whole plan in one transaction, so that 002 sees what 001 created, and
    // rolls it all back at the end.
    if (options.trial) {
        if (Status begun = executeStatement(m_session, QStringLiteral("BEGIN")); !begun)
            return std::unexpected(begun.error());
    }
    for (qsizetype i = 0; i < plan->size(); ++i) {
        if (callbacks.stopRequested && callbacks.stopRequested()) {
            report.stopped = true;
            break;
        }
        const Migration &migration = *m_set.find(plan->at(i));
        if (callbacks.migrationStarted)
            callbacks.migrationStarted(int(i), int(plan->size()), migration);
        StepResult step { migration.version, migration.description, {}, 0, 0 };
        if (std::optional<MigrationFailure> failure
            = runScript(migration, direction, options.trial, callbacks, step)) {
            report.failure = std::move(failure);
            break;
        }
        report.done.append(step);
        if (callbacks.migrationFinished)
            callbacks.migrationFinished(step);
    }
    if (options.trial && !report.failure) // a failure has rolled it back already
        (void)executeStatement(m_session, QStringLiteral("ROLLBACK"));
    return report;
}

std::optional<MigrationFailure> MigrationRunner::runScript(const Migration &migration,
                                                           Direction direction, bool trial,
                                                           const RunCallbacks &callbacks,
                                                           StepResult &step)
{
    const MigrationScript &script
        = direction == Direction::Up ? migration.forward : migration.rollback;
    step.fileName = script.fileName;
    HistoryEntry entry;
    entry.version = migration.version;
    entry.description = migration.description;
    entry.action = direction == Direction::Up ? HistoryAction::Apply : HistoryAction::Rollback;
    entry.script = script.fileName;
    entry.checksum = migration.checksum;

    // In a trial the caller's transaction wraps everything; otherwise each file has its own.
    const bool ownTransaction = script.transactional && !trial;
    QElapsedTimer clock;
    clock.start();
    auto failed = [&](const SqlStatement &statement, const Error &error, bool partial) {
        MigrationFailure failure { migration.version,
                                   direction,
                                   script.fileName,
                                   lineOfPosition(statement, error.position),
                                   statement.text,
                                   error,
                                   partial };
        if (script.transactional)
            (void)executeStatement(m_session, QStringLiteral("ROLLBACK"));
        // A cancel or a lost connection is not the file's fault: record nothing, so the
        // migration stays pending rather than failed.
        if (!trial && !isCancelOrLoss(error)) {
            entry.success = false;
            entry.executionMs = int(clock.elapsed());
            entry.errorMessage = failure.describe();
            (void)recordHistory(m_session, entry);
        }
        return failure;
    };

    if (ownTransaction) {
        if (Status begun = executeStatement(m_session, QStringLiteral("BEGIN")); !begun)
            return failed(SqlStatement { {}, 1 }, begun.error(), false);
    }
    for (const SqlStatement &statement : script.statements) {
        if (callbacks.statementStarted)
            callbacks.statementStarted(migration, statement);
        QElapsedTimer statementClock;
        statementClock.start();
        if (Status done = executeStatement(m_session, statement.text); !done)
            return failed(statement, done.error(), !script.transactional && step.statements > 0);
        ++step.statements;
        if (callbacks.statementFinished)
            callbacks.statementFinished(migration, statement, statementClock.elapsed());
    }
    step.executionMs = clock.elapsed();
    if (trial)
        return std::nullopt;

    entry.executionMs = int(step.executionMs);
    if (Status recorded = recordHistory(m_session, entry); !recorded)
        return failed(SqlStatement { {}, 1 }, recorded.error(), !script.transactional);
    if (ownTransaction) {
        if (Status committed = executeStatement(m_session, QStringLiteral("COMMIT")); !committed)
            return failed(SqlStatement { {}, 1 }, committed.error(), false);
    }
    return std::nullopt;
}

} // namespace bridgescope
