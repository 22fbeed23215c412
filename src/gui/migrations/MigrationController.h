#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"
#include "migrations/DatabaseFootprint.h"
#include "migrations/DriftCheck.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"
#include "migrations/MigrationStatus.h"
#include "migrations/MigrationVerifier.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

namespace bridgescope {

class CancelGroup;
class DbWorker;

// What the Migrations tab shows: the folder as read now, each migration's state, and who holds
// the migration lock.
struct MigrationSnapshot
{
    MigrationSet set;
    MigrationStatus status;
    std::optional<LockHolder> lockHolder;
    DatabaseFootprint footprint; // whether the database is one of ours
};

// A finished run or verify. Wrapped because moc's metatype probe trips over libstdc++ 12's
// unconstrained std::expected::operator== when a Result is a signal argument.
struct RunOutcome
{
    Result<RunReport> report;
};
struct VerifyOutcome
{
    Result<VerifyReport> report;
};
struct DriftOutcome
{
    Result<DriftReport> report;
};

// Carries a run's progress from the worker thread to the GUI thread (queued signals of plain
// types). Shared by the job and the controller, so it outlives whichever ends first.
class RunProgressRelay : public QObject
{
    Q_OBJECT
signals:
    void lockWaiting(const QString &holder);
    void migrationStarted(int index, int count, int version, const QString &label);
    void statementStarted(int version, int line, const QString &sql);
    void statementFinished(int version, int line, qint64 ms);
    void migrationFinished(int version, qint64 ms, int statements);
    void verifyStage(const QString &stage);
    void driftStage(const QString &stage);
};

// The Migrations tab's link to the engine: the same MigrationRunner, verifyRoundTrip and checkDrift
// as the CLI, run on worker threads. Status reads and lock polling use a read-only worker; runs use
// the one writable connection. Every signal arrives on the GUI thread.
class MigrationController : public QObject
{
    Q_OBJECT
public:
    explicit MigrationController(QObject *parent = nullptr);
    ~MigrationController() override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();
    bool hasConnection() const { return m_statusWorker != nullptr; }

    // The folder of migrations; MigrationSet::bundledDirectory() by default.
    void setDirectory(const QString &directory);
    const QString &directory() const { return m_directory; }

    // While another runner holds the lock, status is re-read this often until it is released.
    void setLockPollInterval(int milliseconds) { m_lockPoll.setInterval(milliseconds); }

    void refresh();
    void run(Direction direction, const RunOptions &options);
    void verify();
    // Compares the database with what its applied migrations make (checkDrift), on the
    // writable worker so that it never overlaps a run.
    void checkDrift();
    // Stops a run between migrations and cancels the statement now running (its transaction
    // rolls back). Also ends a wait for the lock.
    void cancel();
    bool isBusy() const { return m_busy; }

    // The run's progress, statement by statement (queued from the worker thread).
    RunProgressRelay *progress() const { return m_relay.get(); }

signals:
    void snapshotLoaded(const bridgescope::MigrationSnapshot &snapshot);
    void loadFailed(const bridgescope::Error &error);
    void busyChanged(bool busy);
    void runFinished(const bridgescope::RunOutcome &outcome);
    void verifyFinished(const bridgescope::VerifyOutcome &outcome);
    void driftChecked(const bridgescope::DriftOutcome &outcome);
    // A run changed the schema: the Schema and Data tabs reload their catalog.
    void schemaChanged();

private:
    void setBusy(bool busy);

    ConnectionProfile m_profile;
    QString m_directory;
    DbWorker *m_statusWorker = nullptr; // read-only: status and lock polling
    DbWorker *m_runWorker = nullptr; // the writable connection
    quint64 m_generation = 0; // bumped when the connection changes: every answer is stale
    // The newest refresh asked for. The status worker answers in order, so an answer to an older
    // request read the folder and the history before that request was made: it is dropped, and
    // what is shown is never older than the last thing the user (or a run) asked to see.
    quint64 m_latestRefresh = 0;
    bool m_busy = false;
    std::shared_ptr<RunProgressRelay> m_relay;
    std::shared_ptr<std::atomic<bool>> m_stop;
    std::shared_ptr<CancelGroup> m_driftCancel; // the drift check running now, if any
    QTimer m_lockPoll;
};

} // namespace bridgescope
