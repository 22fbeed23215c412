#pragma once

#include "connection/ConnectionProfile.h"
#include "connection/Session.h"

#include <QByteArray>

#include <optional>

namespace bridgescope::test {

// A real lock wait for the Health tests: the holder takes TABLE in ACCESS EXCLUSIVE mode in an
// open transaction, and the waiter's `SELECT count(*) FROM TABLE` waits on it (sent, not
// awaited). The table must exist.
class LockWait
{
public:
    LockWait(const ConnectionProfile &profile, const QString &table);

    bool isValid() const { return m_valid; }
    Session &holder() { return *m_holder; }
    Session &waiter() { return *m_waiter; }
    int holderPid() const { return m_holderPid; }
    int waiterPid() const { return m_waiterPid; }

    // Once the wait has ended: the SQLSTATE the waiting query ended with ("57014" when it was
    // cancelled, empty when it succeeded), its results read to the end.
    QByteArray waiterOutcome();

private:
    std::optional<Session> m_holder;
    std::optional<Session> m_waiter;
    int m_holderPid = 0;
    int m_waiterPid = 0;
    bool m_valid = false;
};

} // namespace bridgescope::test
