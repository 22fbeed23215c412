#include "connection/Replication.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

namespace bridgescope {

QString ReplicationRole::describe() const
{
    if (standby)
        return replayLagSeconds
            ? QStringLiteral("standby, replay lag %1 s").arg(*replayLagSeconds, 0, 'f', 1)
            : QStringLiteral("standby, nothing replayed yet");
    if (standbys > 0)
        return QStringLiteral("primary with %1 standby%2")
            .arg(standbys)
            .arg(standbys == 1 ? QString() : QStringLiteral("s"));
    return {};
}

Result<ReplicationRole> readReplicationRole(Session &session)
{
    // pg_stat_replication shows other sessions' rows only to roles that may see them; a count of
    // zero then means "none that this role can see", which is all the status bar needs.
    Result<RowSet> rows
        = queryRows(session,
                    QStringLiteral("SELECT pg_is_in_recovery(), "
                                   "extract(epoch FROM now() - pg_last_xact_replay_timestamp()), "
                                   "(SELECT count(*) FROM pg_stat_replication)"));
    if (!rows)
        return std::unexpected(rows.error());
    const QList<SqlText> &row = rows->rows.value(0);
    ReplicationRole role;
    role.standby = row.value(0) && *row.value(0) == "t";
    if (role.standby && row.value(1))
        role.replayLagSeconds = qMax(0.0, row.value(1)->toDouble());
    role.standbys = row.value(2) ? row.value(2)->toInt() : 0;
    return role;
}

Status refuseOnStandby(Session &session, const QString &what)
{
    Result<ReplicationRole> role = readReplicationRole(session);
    if (!role)
        return std::unexpected(role.error());
    if (!role->standby)
        return {};
    Result<ServerInfo> info = session.serverInfo();
    const QString server = info ? QStringLiteral("%1:%2").arg(info->host, info->port)
                                : QStringLiteral("this server");
    return fail(Error::Kind::Usage,
                QStringLiteral("The server at %1 is a read-only standby (it replays what its "
                               "primary writes): connect to the primary to %2.")
                    .arg(server, what));
}

} // namespace bridgescope
