#include "connection/DbWorker.h"

#include "connection/CancelHandle.h"

#include <QCoreApplication>
#include <QSet>

#include <mutex>

namespace bridgescope {

DbWorker::DbWorker(ConnectionProfile profile, SessionOptions options, QString purpose,
                   QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_options(options)
    , m_purpose(std::move(purpose))
    , m_context(new QObject)
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

void DbWorker::cancelRunning()
{
    std::shared_ptr<CancelHandle> cancel;
    {
        std::lock_guard lock(m_cancelMutex);
        cancel = m_cancel;
    }
    CancelHandle::cancelInBackground(std::move(cancel));
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
