#pragma once

#include "Error.h"

#include <QString>

#include <optional>

namespace bridgescope {
class ConnectionProfile;
class LocalCluster;
class Session;
} // namespace bridgescope

namespace bridgescope::test {

// pg_ctl stop -m immediate: the server dies as in a crash, with its sessions cut mid-statement
// and no shutdown checkpoint. True when pg_ctl says it stopped.
bool killServer(const LocalCluster &cluster);

// Whether a session in pg_stat_activity meets `condition` (SQL on its columns, such as
// "wait_event = 'PgSleep'"), asked on `observer`. For QTRY_VERIFY: the statement under test
// has surely reached the point where it waits.
bool someSession(Session &observer, const QString &condition);

// A session that holds `table` in ACCESS EXCLUSIVE mode, in a transaction open until the session
// goes: any statement that reads the table waits, as long as the test needs (or an Error).
Result<Session> holdTableLock(const ConnectionProfile &profile, const QString &table);

} // namespace bridgescope::test
