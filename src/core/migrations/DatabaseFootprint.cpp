#include "migrations/DatabaseFootprint.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

namespace bridgescope {

QString DatabaseFootprint::describe() const
{
    if (userTables == 0)
        return QStringLiteral("holds no tables");
    const QString own = schemas > 1
        ? QStringLiteral("%1 tables of its own (in %2 schemas)").arg(userTables).arg(schemas)
        : QStringLiteral("%1 %2 of its own")
              .arg(userTables)
              .arg(userTables == 1 ? QLatin1String("table") : QLatin1String("tables"));
    if (bridgeTables.isEmpty())
        return QStringLiteral("holds %1 and none of the OmniNode Bridge tables").arg(own);
    return QStringLiteral("holds %1, %2 of them the OmniNode Bridge's")
        .arg(own)
        .arg(bridgeTables.size());
}

Result<DatabaseFootprint> readDatabaseFootprint(Session &session, const QStringList &bridgeTables)
{
    BoundSql statement;
    statement.sql = QStringLiteral(
        "SELECT current_database(), count(*), count(DISTINCT n.nspname), "
        "       array_to_string(array_agg(c.relname ORDER BY c.relname) FILTER ("
        "           WHERE c.relname = ANY (string_to_array($1, ',')) "
        "             AND n.oid = to_regnamespace(current_schema())), ',') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'bridgescope') "
        "  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'");
    statement.params << bridgeTables.join(QLatin1Char(','));
    Result<CellTable> rows = queryCells(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    DatabaseFootprint footprint;
    const auto text = [&](int column) {
        const SqlText cell = rows->cell(0, column);
        return cell ? QString::fromUtf8(*cell) : QString();
    };
    footprint.database = text(0);
    footprint.userTables = text(1).toInt();
    footprint.schemas = text(2).toInt();
    footprint.bridgeTables = text(3).split(QLatin1Char(','), Qt::SkipEmptyParts);
    return footprint;
}

} // namespace bridgescope
