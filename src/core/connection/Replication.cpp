#include "connection/Replication.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

namespace bridgescope {

QString ReplicationRole::describe() const
{
    if (standby) {
        const QString lag = replayLagSeconds
            ? QStringLiteral("standby, replay lag %1 s").arg(*replayLagSeconds, 0, 'f', 1)
            : QStringLiteral("standby, nothing replayed yet");
        return streaming ? lag : lag + QStringLiteral(", not streaming from its primary");
    }
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
    Result<RowSet> rows = queryRows(
        session,
        QStringLiteral("/* bridgescope health */ SELECT pg_is_in_recovery(), "
                       "       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
                       "            THEN 0 ELSE extract(epoch FROM now() "
                       "                 - pg_last_xact_replay_timestamp()) END, "
                       "       (SELECT count(*) FROM pg_stat_replication), "
                       "       (SELECT count(*) > 0 FROM pg_stat_wal_receiver "
                       "         WHERE status = 'streaming'), "
                       "       (SELECT sender_host || ':' || sender_port "
                       "          FROM pg_stat_wal_receiver WHERE status = 'streaming')"));
    if (!rows)
        return std::unexpected(rows.error());
    const QList<SqlText> &row = rows->rows.value(0);
    ReplicationRole role;
    role.standby = row.value(0) && *row.value(0) == "t";
    if (role.standby && row.value(1))
        role.replayLagSeconds = qMax(0.0, row.value(1)->toDouble());
    role.standbys = row.value(2) ? row.value(2)->toInt() : 0;
    role.streaming = row.value(3) && *row.value(3) == "t";
    if (row.value(4))
        role.upstream = QStringLiteral("streaming from %1").arg(QString::fromUtf8(*row.value(4)));
    return role;
}

Result<QList<StandbyStatus>> readStandbys(Session &session)
{
    Result<RowSet> rows = queryRows(
        session,
        QStringLiteral(
            "/* bridgescope health */ "
            "SELECT application_name, host(client_addr), state, sync_state, "
            "       extract(epoch FROM write_lag), extract(epoch FROM flush_lag), "
            "       extract(epoch FROM replay_lag), "
            "       pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() "
            "                            ELSE pg_current_wal_lsn() END, replay_lsn)::bigint "
            "FROM pg_stat_replication ORDER BY application_name, pid"));
    if (!rows)
        return std::unexpected(rows.error());
    const auto text = [](const SqlText &cell) {
        return cell ? QString::fromUtf8(*cell) : QString();
    };
    const auto seconds = [](const SqlText &cell) -> std::optional<double> {
        if (!cell)
            return std::nullopt;
        return cell->toDouble();
    };
    QList<StandbyStatus> standbys;
    for (const QList<SqlText> &row : rows->rows)
        standbys << StandbyStatus { text(row.at(0)),    text(row.at(1)),
                                    text(row.at(2)),    text(row.at(3)),
                                    seconds(row.at(4)), seconds(row.at(5)),
                                    seconds(row.at(6)), row.at(7) ? row.at(7)->toLongLong() : 0 };
    return standbys;
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
