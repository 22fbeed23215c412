#include "ServerFaults.h"

#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/ServerTools.h"
#include "connection/Session.h"

namespace bridgescope::test {

bool killServer(const LocalCluster &cluster)
{
    Result<ServerTools> tools = ServerTools::locate();
    return tools
        && tools
               ->run(QStringLiteral("pg_ctl"),
                     { QStringLiteral("stop"), QStringLiteral("-D"), cluster.dataDirectory(),
                       QStringLiteral("-m"), QStringLiteral("immediate") })
               .exitCode
        == 0;
}

bool someSession(Session &observer, const QString &condition)
{
    Result<RowSet> rows = queryRows(
        observer, QStringLiteral("SELECT 1 FROM pg_stat_activity WHERE %1 LIMIT 1").arg(condition));
    return rows && !rows->rows.isEmpty();
}

Result<Session> holdTableLock(const ConnectionProfile &profile, const QString &table)
{
    Result<Session> holder = Session::open(profile, {}, QStringLiteral("test-holder"));
    if (!holder)
        return holder;
    for (const QString &sql :
         { QStringLiteral("BEGIN"),
           QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(quoteIdentifier(table)) }) {
        if (Result<RowSet> done = queryRows(*holder, sql); !done)
            return std::unexpected(done.error());
    }
    return holder;
}

} // namespace bridgescope::test
