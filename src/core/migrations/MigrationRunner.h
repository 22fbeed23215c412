#pragma once

#include "Error.h"
#include "migrations/MigrationSet.h"
#include "migrations/MigrationStatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace bridgescope {

class Session;

// The session-level advisory lock every runner takes: pg_advisory_lock(16979, 19785), the two
// halves spelling "BS" "MI". Advisory locks are per database, so runners on different
// databases never wait for each other.
inline constexpr int kMigrationLockClass = 16979;
inline constexpr int kMigrationLockObject = 19785;

// Who holds the migration lock, from pg_locks and pg_stat_activity.
struct LockHolder
{
    int pid = 0;
    QString user;
    QString application;
    QString clientAddress; // empty for a unix-socket client
    QDateTime since; // when its backend started

    QString describe() const; // "process 4242 (bridgescope, user ana, since 10:02:11)"
};

// Where and why one migration (or rollback) failed.
struct MigrationFailure
{
    int version = 0;
    Direction direction = Direction::Up;
    QString fileName;
    int line = 0; // of the file, where the server pointed (or the statement began)
    QString statement;
    Error error; // PostgreSQL's message and SQLSTATE
    bool partial = false; // a no-transaction file whose earlier statements stay applied

    QString describe() const; // "012_x.sql, line 7: column "y" does not exist (SQLSTATE 42703)"
};

struct StepResult
{
    int version = 0;
    QString description;
    QString fileName;
    qint64 executionMs = 0;
    int statements = 0;
};

struct RunReport
{
    Direction direction = Direction::Up;
    bool trial = false; // ran, then rolled back (RunOptions::trial)
    QList<StepResult> done;
    std::optional<MigrationFailure> failure;
    bool stopped = false; // RunCallbacks::stopRequested said so between two migrations
};

struct RunOptions : PlanOptions
{
    bool waitForLock = true; // false: fail at once when another runner holds the lock
    // Run each planned migration inside a transaction and roll it back: what would it hit?
    // Records nothing; refuses no-transaction files.
    bool trial = false;
};

// Progress of a run, called on the runner's thread (a GUI forwards them through signals).
struct RunCallbacks
{
    std::function<void(const LockHolder &)> lockWaiting;
    std::function<void(int index, int count, const Migration &)> migrationStarted;
    std::function<void(const Migration &, const SqlStatement &)> statementStarted;
    std::function<void(const Migration &, const SqlStatement &, qint64 ms)> statementFinished;
    std::function<void(const StepResult &)> migrationFinished;
    std::function<bool()> stopRequested; // checked between migrations
};

// Applies and rolls back the migrations of one set on one writable session: takes the lock,
// creates the history table on first use, plans from the history, and runs each migration in
// its own transaction (unless its file says it cannot run in one), recording the outcome.
class MigrationRunner
{
public:
    MigrationRunner(Session &session, const MigrationSet &set);

    // The state of every migration; does not write (works on a read-only session).
    Result<MigrationStatus> status();

    // The runner holding the migration lock now, if any.
    Result<std::optional<LockHolder>> lockHolder();

    // up: apply pending migrations (up to options.target); down: roll back the last one, or
    // all above options.target. An Error means nothing ran (connection, lock, a plan refused);
    // a migration that fails is RunReport::failure, after the ones done before it.
    Result<RunReport> run(Direction direction, const RunOptions &options,
                          const RunCallbacks &callbacks = {});

private:
    Status acquireLock(const RunOptions &options, const RunCallbacks &callbacks);
    void releaseLock();
    std::optional<MigrationFailure> runScript(const Migration &migration, Direction direction,
                                              bool trial, const RunCallbacks &callbacks,
                                              StepResult &step);

    Session &m_session;
    const MigrationSet &m_set;
};

} // namespace bridgescope
