#include "migrations/MigrationController.h"

#include "connection/CancelGroup.h"
#include "connection/DbWorker.h"
#include "connection/Session.h"
#include "metrics/DemoData.h"

namespace bridgescope {

MigrationController::MigrationController(QObject *parent)
    : QObject(parent)
    , m_directory(MigrationSet::bundledDirectory())
    ,
    // The relay lives on the GUI thread; the last holder may be a job on a worker thread.
    m_relay(new RunProgressRelay, [](RunProgressRelay *relay) { relay->deleteLater(); })
    , m_stop(std::make_shared<std::atomic<bool>>(false))
{
    m_lockPoll.setInterval(2000);
    connect(&m_lockPoll, &QTimer::timeout, this, [this] {
        if (!m_busy)
            refresh();
    });
}

MigrationController::~MigrationController()
{
    clearConnection();
}

void MigrationController::setConnection(const ConnectionProfile &profile)
{
    clearConnection();
    m_profile = profile;
    m_statusWorker
        = new DbWorker(profile, SessionOptions {}, QStringLiteral("migrations-status"), this);
    SessionOptions writable;
    writable.mode = AccessMode::ReadWrite;
    m_runWorker = new DbWorker(profile, writable, QStringLiteral("migrations-run"), this);
    refresh();
}

void MigrationController::clearConnection()
{
    ++m_generation;
    m_lockPoll.stop();
    m_stop->store(true);
    for (DbWorker **worker : { &m_statusWorker, &m_runWorker }) {
        if (*worker)
            (*worker)->retire();
        *worker = nullptr;
    }
    setBusy(false);
}

void MigrationController::setDirectory(const QString &directory)
{
    m_directory = directory;
    refresh();
}

void MigrationController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void MigrationController::refresh()
{
    if (!m_statusWorker)
        return;
    const quint64 generation = m_generation;
    const quint64 request = ++m_latestRefresh;
    const QString directory = m_directory;
    m_statusWorker->run<MigrationSnapshot>(
        [directory](Session &session) -> Result<MigrationSnapshot> {
            Result<MigrationSet> set = MigrationSet::load(directory);
            if (!set)
                return std::unexpected(set.error());
            MigrationRunner runner(session, *set);
            Result<MigrationStatus> status = runner.status();
            if (!status)
                return std::unexpected(status.error());
            Result<std::optional<LockHolder>> holder = runner.lockHolder();
            if (!holder)
                return std::unexpected(holder.error());
            Result<DatabaseFootprint> footprint = readDatabaseFootprint(session, demoDataTables());
            if (!footprint)
                return std::unexpected(footprint.error());
            return MigrationSnapshot { std::move(*set), std::move(*status), *holder,
                                       std::move(*footprint) };
        },
        this,
        [this, generation, request](Result<MigrationSnapshot> snapshot) {
            if (generation != m_generation || request != m_latestRefresh)
                return;
            if (!snapshot) {
                emit loadFailed(snapshot.error());
                return;
            }
            // Another runner holds the lock: look again until it lets go.
            if (snapshot->lockHolder && !m_busy)
                m_lockPoll.start();
            else
                m_lockPoll.stop();
            emit snapshotLoaded(*snapshot);
        });
}

void MigrationController::run(Direction direction, const RunOptions &options)
{
    if (!m_runWorker || m_busy)
        return;
    setBusy(true);
    m_lockPoll.stop();
    m_stop->store(false);
    const quint64 generation = m_generation;
    m_runWorker->run<RunReport>(
        [directory = m_directory, direction, options, relay = m_relay,
         stop = m_stop](Session &session) -> Result<RunReport> {
            Result<MigrationSet> set = MigrationSet::load(directory);
            if (!set)
                return std::unexpected(set.error());
            RunCallbacks callbacks;
            callbacks.lockWaiting = [relay](const LockHolder &holder) {
                emit relay->lockWaiting(holder.describe());
            };
            callbacks.migrationStarted = [relay](int index, int count, const Migration &m) {
                emit relay->migrationStarted(index, count, m.version, m.label());
            };
            callbacks.statementStarted = [relay](const Migration &m, const SqlStatement &s) {
                emit relay->statementStarted(m.version, s.line, s.text);
            };
            callbacks.statementFinished
                = [relay](const Migration &m, const SqlStatement &s, qint64 ms) {
                      emit relay->statementFinished(m.version, s.line, ms);
                  };
            callbacks.migrationFinished = [relay](const StepResult &step) {
                emit relay->migrationFinished(step.version, step.executionMs, step.statements);
            };
            callbacks.stopRequested = [stop] {
                return stop->load();
            };
            MigrationRunner runner(session, *set);
            return runner.run(direction, options, callbacks);
        },
        this,
        [this, generation, trial = options.trial](Result<RunReport> report) {
            if (generation != m_generation)
                return;
            setBusy(false);
            emit runFinished(RunOutcome { report });
            if (!trial && report && !report->done.isEmpty())
                emit schemaChanged();
            refresh();
        });
}

void MigrationController::verify()
{
    if (!m_runWorker || m_busy)
        return;
    setBusy(true);
    const quint64 generation = m_generation;
    m_runWorker->run<VerifyReport>(
        [profile = m_profile, directory = m_directory,
         relay = m_relay](Session &) -> Result<VerifyReport> {
            Result<MigrationSet> set = MigrationSet::load(directory);
            if (!set)
                return std::unexpected(set.error());
            return verifyRoundTrip(
                profile, *set, [relay](const QString &stage) { emit relay->verifyStage(stage); });
        },
        this,
        [this, generation](Result<VerifyReport> report) {
            if (generation != m_generation)
                return;
            setBusy(false);
            emit verifyFinished(VerifyOutcome { report });
        });
}

void MigrationController::checkDrift()
{
    if (!m_runWorker || m_busy)
        return;
    setBusy(true);
    const quint64 generation = m_generation;
    m_driftCancel = std::make_shared<CancelGroup>();
    m_runWorker->run<DriftReport>(
        [profile = m_profile, directory = m_directory, relay = m_relay,
         cancel = m_driftCancel](Session &) -> Result<DriftReport> {
            Result<MigrationSet> set = MigrationSet::load(directory);
            if (!set)
                return std::unexpected(set.error());
            return bridgescope::checkDrift(
                profile, *set, [relay](const QString &stage) { emit relay->driftStage(stage); },
                cancel);
        },
        this,
        [this, generation](Result<DriftReport> report) {
            if (generation != m_generation)
                return;
            m_driftCancel.reset();
            setBusy(false);
            emit driftChecked(DriftOutcome { report });
        });
}

void MigrationController::cancel()
{
    m_stop->store(true);
    if (m_driftCancel)
        m_driftCancel->cancel();
    if (m_runWorker)
        m_runWorker->cancelRunning();
}

} // namespace bridgescope
