#pragma once

#include "Error.h"

#include <QList>
#include <QString>

#include <optional>

namespace bridgescope {

class Session;

// Whether the server is a primary or a read-only standby (PostgreSQL's streaming replication),
// and how far behind a standby is.
struct ReplicationRole
{
    bool standby = false; // pg_is_in_recovery()
    // A standby: 0 when it has replayed all the WAL it received, else the seconds since the
    // last transaction it replayed was committed on the primary (now() -
    // pg_last_xact_replay_timestamp()); none before it has replayed one. (The bare timestamp
    // difference would grow on a standby of an idle primary though nothing is behind.)
    std::optional<double> replayLagSeconds;
    bool streaming = false; // a standby: its WAL receiver streams from the primary now
    QString upstream; // "streaming from host:port" where the role may see the sender
    int standbys = 0; // a primary: the standbys streaming from it (pg_stat_replication)

    // "standby, replay lag 0.4 s", "standby, replay lag 0.0 s, not streaming from its primary",
    // "primary with 1 standby", "" for a lone primary
    QString describe() const;
};

Result<ReplicationRole> readReplicationRole(Session &session);

// One standby streaming from this server, as pg_stat_replication shows it.
struct StandbyStatus
{
    QString name; // application_name: the standby's cluster_name or what its primary_conninfo says
    QString client; // address, or empty for a unix socket
    QString state; // startup, catchup, streaming, backup, stopping
    QString syncState; // async, potential, sync, quorum
    // The time between a commit here and the standby saying it wrote, flushed and replayed it;
    // none once it has caught up and nothing new has been written.
    std::optional<double> writeLagSeconds, flushLagSeconds, replayLagSeconds;
    qint64 replayLagBytes = 0; // WAL written here and not yet replayed there
};

// Every standby streaming from this server (empty for a role that may not see them).
Result<QList<StandbyStatus>> readStandbys(Session &session);

// Fails with one sentence when the session's server is a standby: "The server at /tmp/x:5433
// is a read-only standby (it replays what its primary writes): connect to the primary to
// <what>."
Status refuseOnStandby(Session &session, const QString &what);

} // namespace bridgescope
