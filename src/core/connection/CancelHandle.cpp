#include "connection/CancelHandle.h"

#include <libpq-fe.h>
#include <thread>

namespace bridgescope {

CancelHandle::CancelHandle(PGcancel *cancel)
    : m_cancel(cancel)
{ }

CancelHandle::~CancelHandle()
{
    if (m_cancel)
        PQfreeCancel(m_cancel);
}

QString CancelHandle::cancelNow() const
{
    if (!m_cancel)
        return QStringLiteral("This connection cannot be cancelled.");
    char error[256] = {};
    if (PQcancel(m_cancel, error, sizeof error) == 1)
        return {};
    return QString::fromUtf8(error).trimmed();
}

void CancelHandle::cancelInBackground(std::shared_ptr<CancelHandle> handle)
{
    if (!handle)
        return;
    std::thread([handle = std::move(handle)] { handle->cancelNow(); }).detach();
}

} // namespace bridgescope
