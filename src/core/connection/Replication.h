#pragma once

#include "Error.h"

#include <QString>

#include <optional>

namespace bridgescope {

class Session;

// Whether the server is a primary or a read-only standby (PostgreSQL's streaming replication),
// and how far behind a standby is.
struct ReplicationRole
{
    bool standby = false; // pg_is_in_recovery()
    // A standby: seconds since the last transaction it replayed was committed on the primary
    // (now() - pg_last_xact_replay_timestamp()); none before it has replayed one.
    std::optional<double> replayLagSeconds;
    int standbys = 0; // a primary: the standbys streaming from it (pg_stat_replication)

    // "standby, replay lag 0.4 s", "primary with 1 standby", "" for a lone primary
    QString describe() const;
};

Result<ReplicationRole> readReplicationRole(Session &session);

// Fails with one sentence when the session's server is a standby: "The server at /tmp/x:5433
// is a read-only standby (it replays what its primary writes): connect to the primary to
// <what>."
Status refuseOnStandby(Session &session, const QString &what);

} // namespace bridgescope
