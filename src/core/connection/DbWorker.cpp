#include "connection/DbWorker.h"

#include "connection/CancelHandle.h"

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
    QMetaObject::invokeMethod(m_context, std::move(task), Qt::QueuedConnection);
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

} // namespace bridgescope

namespace bridgescope {

void DbWorker::retire()
{
    setParent(nullptr);
    cancelRunning();
    connect(&m_thread, &QThread::finished, this, &QObject::deleteLater);
    m_thread.quit();
}

} // namespace bridgescope
