#include "connection/CancelGroup.h"

#include "connection/CancelHandle.h"

namespace bridgescope {

void CancelGroup::join(std::shared_ptr<CancelHandle> handle)
{
    const std::lock_guard lock(m_mutex);
    if (m_cancelled.load())
        CancelHandle::cancelInBackground(handle);
    m_handles << std::move(handle);
}

void CancelGroup::cancel()
{
    const std::lock_guard lock(m_mutex);
    m_cancelled.store(true);
    for (const std::shared_ptr<CancelHandle> &handle : m_handles)
        CancelHandle::cancelInBackground(handle);
}

} // namespace bridgescope
