#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace bridgescope {

class CancelHandle;

// One worker thread that owns one database Session. Jobs run there, one at a time and in the
// order given; each job's Result comes back to the receiver's thread through a queued call.
// The GUI thread never touches QSqlDatabase: it hands jobs to a DbWorker.
//
// An answer for a receiver that was destroyed meanwhile is dropped (Qt disconnects it), so a
// dialog may close while its job still runs.
class JobRelay : public QObject
{
    Q_OBJECT
signals:
    void finished();
};

class DbWorker : public QObject
{
    Q_OBJECT
public:
    DbWorker(ConnectionProfile profile, SessionOptions options, QString purpose,
             QObject *parent = nullptr);
    ~DbWorker() override;

    template<typename T>
    void run(std::function<Result<T>(Session &)> job, QObject *receiver,
             std::function<void(Result<T>)> done)
    {
        auto answer = std::make_shared<std::optional<Result<T>>>();
        // Owned by the queued task: deleted after it ran, or with it when a retired worker
        // drops it unrun.
        auto relay = std::make_shared<JobRelay>();
        connect(
            relay.get(), &JobRelay::finished, receiver,
            [answer, done = std::move(done)] { done(std::move(**answer)); }, Qt::QueuedConnection);
        post([this, job = std::move(job), answer, relay] {
            answer->emplace(withSession<T>(job));
            emit relay->finished();
        });
    }

    // Asks the server to stop the statement now running on this worker's connection (if any).
    // Never blocks the caller. A cancel the server does not act on within cancelGrace() (its
    // network went silent, or a proxy stopped passing data on) closes the connection, so the
    // job ends with a ConnectionLost error that says so and the next job connects again.
    void cancelRunning();
    static constexpr std::chrono::milliseconds kCancelGrace { 5'000 };
    // The console's user pressed Cancel and waits for control: a shorter grace. Before jobs.
    void setCancelGrace(std::chrono::milliseconds grace) { m_cancelGrace = grace; }
    std::chrono::milliseconds cancelGrace() const { return m_cancelGrace; }

    // Lets the worker end on its own: cancels the running statement, drops queued jobs, and
    // deletes itself once its thread has stopped. For a caller that moves on and must not wait.
    void retire();

    const ConnectionProfile &profile() const { return m_profile; }
    // Jobs given and not yet started. A long job (a straight-through read) checks it between
    // its statements and ends early, so a short job behind it does not wait. Any thread.
    int waitingJobs() const { return m_waiting.load(); }

private:
    void post(std::function<void()> task);
    Result<Session *> session(); // worker thread only

    template<typename T> Result<T> withSession(const std::function<Result<T>(Session &)> &job)
    {
        Result<Session *> opened = session();
        if (!opened)
            return std::unexpected(opened.error());
        const quint64 serial = jobStarted(**opened);
        Result<T> result = job(**opened);
        if (jobEnded(serial)) { // a cancel closed the connection under it
            dropSession();
            return result ? std::move(result) : std::unexpected(cancelUnanswered(m_cancelGrace));
        }
        if (!result && result.error().kind == Error::Kind::ConnectionLost)
            dropSession(); // reconnect on the next job
        return result;
    }
    quint64 jobStarted(Session &session);
    bool jobEnded(quint64 serial); // whether a cancel closed its connection
    static Error cancelUnanswered(std::chrono::milliseconds grace);
    void dropSession();

    ConnectionProfile m_profile;
    SessionOptions m_options;
    QString m_purpose;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; jobs are queued to it
    std::optional<Session> m_session;
    std::atomic<int> m_waiting { 0 };
    struct JobWatch; // the running job, for a cancel that goes unanswered
    std::shared_ptr<JobWatch> m_watch;
    std::mutex m_cancelMutex;
    std::shared_ptr<CancelHandle> m_cancel;
    std::chrono::milliseconds m_cancelGrace = kCancelGrace;
};

} // namespace bridgescope
