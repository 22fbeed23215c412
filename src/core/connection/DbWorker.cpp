#include "connection/DbWorker.h"

#include "connection/CancelHandle.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSet>

#include <condition_variable>
#include <libpq-fe.h>
#include <mutex>
#include <sys/socket.h>
#include <thread>

namespace bridgescope {

DbWorker::DbWorker(ConnectionProfile profile, SessionOptions options, QString purpose,
                   QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_options(options)
    , m_purpose(std::move(purpose))
    , m_context(new QObject)
    , m_watch(std::make_shared<JobWatch>())
{
    m_thread.setObjectName(QStringLiteral("db:") + m_purpose);
    m_context->moveToThread(&m_thread);
    // The session was made on the worker thread, so it is closed there, as the thread ends.
    connect(
        &m_thread, &QThread::finished, m_context, [this] { dropSession(); }, Qt::DirectConnection);
    m_thread.start();
}

DbWorker::~DbWorker()
{
    cancelRunning();
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

void DbWorker::post(std::function<void()> task)
{
    ++m_waiting;
    QMetaObject::invokeMethod(
        m_context,
        [this, task = std::move(task)] {
            --m_waiting;
            task();
        },
        Qt::QueuedConnection);
}

Result<Session *> DbWorker::session()
{
    if (!m_session) {
        Result<Session> opened = Session::open(m_profile, m_options, m_purpose);
        if (!opened)
            return std::unexpected(opened.error());
        m_session.emplace(std::move(*opened));
        std::lock_guard lock(m_cancelMutex);
        m_cancel = m_session->cancelHandle();
    }
    return &*m_session;
}

void DbWorker::dropSession()
{
    {
        std::lock_guard lock(m_cancelMutex);
        m_cancel.reset();
    }
    m_session.reset();
}

struct DbWorker::JobWatch
{
    std::mutex mutex;
    std::condition_variable ended;
    quint64 serial = 0; // jobs started
    quint64 running = 0; // the running job's serial; 0 between jobs
    int socket = -1; // its connection's
    quint64 abandoned = 0; // the job whose connection a cancel closed
};

quint64 DbWorker::jobStarted(Session &session)
{
    std::lock_guard lock(m_watch->mutex);
    m_watch->running = ++m_watch->serial;
    PGconn *conn = session.nativeHandle();
    m_watch->socket = conn ? PQsocket(conn) : -1;
    return m_watch->running;
}

bool DbWorker::jobEnded(quint64 serial)
{
    bool abandoned = false;
    {
        std::lock_guard lock(m_watch->mutex);
        m_watch->running = 0;
        m_watch->socket = -1;
        abandoned = m_watch->abandoned == serial;
    }
    m_watch->ended.notify_all();
    return abandoned;
}

Error DbWorker::cancelUnanswered(std::chrono::milliseconds grace)
{
    return Error::make(Error::Kind::ConnectionLost,
                       QStringLiteral("The server did not act on the cancel within %1 s, so the "
                                      "connection was closed: the network to it has probably gone "
                                      "silent. Whatever the server was running may still finish "
                                      "there. The next action connects again.")
                           .arg(QLocale::c().toString(grace.count() / 1000.0)));
}

void DbWorker::cancelRunning()
{
    std::shared_ptr<CancelHandle> cancel;
    {
        std::lock_guard lock(m_cancelMutex);
        cancel = m_cancel;
    }
    if (!cancel)
        return;
    quint64 job = 0;
    {
        std::lock_guard lock(m_watch->mutex);
        job = m_watch->running;
    }
    CancelHandle::cancelInBackground(std::move(cancel));
    if (job == 0)
        return;
    // The cancel request itself may never arrive. If the job still runs after the grace, its
    // socket is shut down: libpq's wait returns at once with the connection ended. This happens
    // under the watch's lock, which the job's end also takes, so a socket number that a later
    // connection reuses is never touched.
    std::thread([watch = m_watch, job, grace = m_cancelGrace] {
        std::unique_lock lock(watch->mutex);
        if (watch->ended.wait_for(lock, grace, [&] { return watch->running != job; }))
            return;
        watch->abandoned = job;
        if (watch->socket >= 0)
            ::shutdown(watch->socket, SHUT_RDWR);
    }).detach();
}

namespace {

// Retired workers that have not ended yet. A worker retired near the end of the program may
// still be running when the application object goes, and its thread would then touch Qt Sql's
// connection registry after it is destroyed: the application's post routine ends them first.
std::mutex g_retiredMutex;
QSet<DbWorker *> g_retired;
bool g_postRoutineAdded = false;

void endRetiredWorkers()
{
    QSet<DbWorker *> workers;
    {
        std::lock_guard lock(g_retiredMutex);
        workers.swap(g_retired);
        g_postRoutineAdded = false;
    }
    for (DbWorker *worker : std::as_const(workers))
        delete worker; // cancels the running statement and waits for the thread
}

} // namespace

void DbWorker::retire()
{
    setParent(nullptr);
    cancelRunning();
    {
        std::lock_guard lock(g_retiredMutex);
        g_retired.insert(this);
        if (!g_postRoutineAdded && QCoreApplication::instance()) {
            qAddPostRoutine(endRetiredWorkers);
            g_postRoutineAdded = true;
        }
    }
    connect(&m_thread, &QThread::finished, this, [this] {
        {
            std::lock_guard lock(g_retiredMutex);
            g_retired.remove(this);
        }
        deleteLater();
    });
    m_thread.quit();
}

} // namespace bridgescope
