#include "health/TopStatements.h"

#include "connection/Session.h"
#include "health/HealthCells.h"

#include <QVersionNumber>

namespace bridgescope {

using namespace health;

Result<TopStatementsReport> readTopStatements(Session &session, int limit)
{
    Result<RowSet> found = queryRows(
        session,
        QString::fromLatin1(kComment)
            + QStringLiteral(
                "SELECT (SELECT n.nspname FROM pg_extension e "
                "        JOIN pg_namespace n ON n.oid = e.extnamespace "
                "        WHERE e.extname = 'pg_stat_statements'), "
                "       (SELECT extversion FROM pg_extension WHERE extname = "
                "'pg_stat_statements'), "
                "       (SELECT 'pg_stat_statements' = ANY (string_to_array(replace(setting, "
                "               ' ', ''), ',')) "
                "          FROM pg_settings WHERE name = 'shared_preload_libraries'), "
                "       current_database()"));
    if (!found)
        return std::unexpected(found.error());
    const QList<SqlText> &info = found->rows.value(0);
    const QString schema = cellText(info.value(0));
    const QVersionNumber version = QVersionNumber::fromString(cellText(info.value(1)));
    // NULL where the role may not read shared_preload_libraries (pg_read_all_settings).
    const std::optional<bool> loaded
        = info.value(2) ? std::optional<bool>(cellBool(info.value(2))) : std::nullopt;
    const QString database = cellText(info.value(3));
    TopStatementsReport report;
    const QString load = QStringLiteral(
        "add pg_stat_statements to shared_preload_libraries in postgresql.conf and restart "
        "the server");
    const QString create
        = QStringLiteral("run CREATE EXTENSION pg_stat_statements; in database %1").arg(database);
    if (schema.isEmpty()) {
        if (!loaded)
            report.unavailableReason
                = QStringLiteral("pg_stat_statements is not installed in this database: %1 (the "
                                 "server must load it too: %2).")
                      .arg(create, load);
        else if (*loaded)
            report.unavailableReason
                = QStringLiteral("pg_stat_statements is loaded but not installed in this "
                                 "database: %1.")
                      .arg(create);
        else
            report.unavailableReason
                = QStringLiteral("pg_stat_statements is not installed: %1, then %2.")
                      .arg(load, create);
        return report;
    }
    if (loaded && !*loaded) {
        report.unavailableReason
            = QStringLiteral("pg_stat_statements is installed in this database but the server "
                             "did not load it: %1.")
                  .arg(load);
        return report;
    }
    // 1.8 (PostgreSQL 13) split planning from execution time and renamed the columns.
    const bool execColumns = version >= QVersionNumber(1, 8);
    const QString total
        = execColumns ? QStringLiteral("total_exec_time") : QStringLiteral("total_time");
    const QString mean
        = execColumns ? QStringLiteral("mean_exec_time") : QStringLiteral("mean_time");
    Result<RowSet> rows = queryRows(
        session,
        QString::fromLatin1(kComment)
            + QStringLiteral("SELECT left(s.query, 10000), r.rolname, d.datname, s.calls, "
                             "       s.%1, s.%2, s.rows, s.shared_blks_hit, s.shared_blks_read "
                             "FROM %3.pg_stat_statements s "
                             "LEFT JOIN pg_roles r ON r.oid = s.userid "
                             "LEFT JOIN pg_database d ON d.oid = s.dbid "
                             "WHERE s.dbid = (SELECT oid FROM pg_database "
                             "                WHERE datname = current_database()) "
                             "  AND s.query NOT LIKE '/* bridgescope health */%' "
                             "ORDER BY s.%1 DESC LIMIT %4")
                  .arg(total, mean, quoteIdentifier(schema))
                  .arg(limit));
    if (!rows) {
        // 55000: installed here, yet the library went missing from the preload list.
        if (rows.error().sqlState == QLatin1String("42501")) {
            report.unavailableReason
                = QStringLiteral("This role may not read pg_stat_statements (%1): it needs USAGE "
                                 "on schema %2, and pg_read_all_stats to see other roles' "
                                 "statements.")
                      .arg(rows.error().message, schema);
            return report;
        }
        if (rows.error().sqlState == QLatin1String("55000")) {
            report.unavailableReason = QStringLiteral("pg_stat_statements cannot be read: %1 "
                                                      "(%2).")
                                           .arg(rows.error().message, load);
            return report;
        }
        return std::unexpected(rows.error());
    }
    report.available = true;
    for (const QList<SqlText> &row : rows->rows) {
        StatementStats s;
        s.query = cellText(row.at(0));
        s.user = cellText(row.at(1));
        s.database = cellText(row.at(2));
        s.calls = cellInt(row.at(3));
        s.totalMs = cellDouble(row.at(4)).value_or(0);
        s.meanMs = cellDouble(row.at(5)).value_or(0);
        s.rows = cellInt(row.at(6));
        s.sharedBlocksHit = cellInt(row.at(7));
        s.sharedBlocksRead = cellInt(row.at(8));
        report.statements << s;
    }
    return report;
}

} // namespace bridgescope
