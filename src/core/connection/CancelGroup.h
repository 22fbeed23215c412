#pragma once

#include <QList>

#include <atomic>
#include <memory>
#include <mutex>

namespace bridgescope {

class CancelHandle;

// Cancels a piece of work that opens connections of its own (drift's live and scratch
// sessions): each connection joins the group when it opens, and cancel() stops whatever
// statement each runs now and tells the work to stop at its next step. Thread-safe: the work
// runs on a worker, cancel() comes from the GUI thread and never waits on the network.
class CancelGroup
{
public:
    void join(std::shared_ptr<CancelHandle> handle);
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

private:
    std::mutex m_mutex;
    QList<std::shared_ptr<CancelHandle>> m_handles;
    std::atomic<bool> m_cancelled { false };
};

} // namespace bridgescope
