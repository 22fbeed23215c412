#include "workflows/WorkflowModel.h"

#include "connection/Session.h"

namespace bridgescope {

const char kWorkflowSummaryColumns[]
    = "w.id::text, w.correlation_id::text, w.workflow_id::text, w.workflow_type, w.namespace, "
      "w.current_state, (extract(epoch FROM w.started_at) * 1000)::bigint, "
      "(extract(epoch FROM w.completed_at) * 1000)::bigint, w.execution_time_ms, "
      "w.error_message, "
      "coalesce(nullif(w.error_info->>'error_type', ''), "
      "         nullif(split_part(w.error_message, ':', 1), '')), "
      "w.stamp_id, w.file_hash, w.session_id::text";

QString cellText(const SqlText &cell)
{
    return cell ? QString::fromUtf8(*cell) : QString();
}

qint64 cellInteger(const SqlText &cell, qint64 ifNull)
{
    return cell ? cell->toLongLong() : ifNull;
}

double cellNumber(const SqlText &cell, double ifNull)
{
    return cell ? cell->toDouble() : ifNull;
}

QDateTime cellTime(const SqlText &cell)
{
    return cell ? QDateTime::fromMSecsSinceEpoch(cell->toLongLong()) : QDateTime();
}

bool cellBool(const SqlText &cell)
{
    return cell && *cell == "t";
}

WorkflowSummary readWorkflowSummary(const QList<SqlText> &row, int first)
{
    auto at = [&](int i) -> const SqlText & {
        return row.at(first + i);
    };
    WorkflowSummary w;
    w.id = cellText(at(0));
    w.correlationId = cellText(at(1));
    w.workflowId = cellText(at(2));
    w.workflowType = cellText(at(3));
    w.nameSpace = cellText(at(4));
    w.state = cellText(at(5));
    w.startedAt = cellTime(at(6));
    w.completedAt = cellTime(at(7));
    w.executionMs = cellInteger(at(8));
    w.errorMessage = cellText(at(9));
    w.errorType = cellText(at(10));
    w.stampId = cellText(at(11));
    w.fileHash = cellText(at(12));
    w.sessionId = cellText(at(13));
    return w;
}

namespace {

// The tables of `tables` for which the probe (SQL with %1 for the table's name, bound) is true,
// in one round trip.
Result<QStringList> tablesWhere(Session &session, const QStringList &tables, const char *probe)
{
    BoundSql check;
    QStringList probes;
    for (const QString &table : tables)
        probes << QString::fromLatin1(probe).arg(check.bind(table));
    check.sql = QStringLiteral("SELECT ") + probes.join(QLatin1String(", "));
    Result<RowSet> rows = queryRows(session, check);
    if (!rows)
        return std::unexpected(rows.error());
    QStringList found;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (cellBool(rows->rows.value(0).value(i)))
            found << tables.at(i);
    }
    return found;
}

} // namespace

Status requireBridgeTables(Session &session, const QStringList &tables)
{
    Result<QStringList> missing = tablesWhere(session, tables, "to_regclass(%1) IS NULL");
    if (!missing)
        return std::unexpected(missing.error());
    if (missing->isEmpty())
        return {};
    return fail(
        Error::Kind::Usage,
        QStringLiteral("This database has no %1 %2: is it an OmniNode Bridge database? "
                       "(`bridgescope migrate up` creates them.)")
            .arg(missing->join(QLatin1String(", ")),
                 missing->size() == 1 ? QStringLiteral("table") : QStringLiteral("tables")));
}

Result<QStringList> unreadableTables(Session &session, const QStringList &tables)
{
    return tablesWhere(session, tables, "has_table_privilege(to_regclass(%1), 'SELECT') IS FALSE");
}

QString unreadableNote(const QStringList &tables)
{
    if (tables.isEmpty())
        return {};
    QStringList names = tables;
    const QString last = names.takeLast();
    const QString list = names.isEmpty()
        ? last
        : QStringLiteral("%1 or %2").arg(names.join(QLatin1String(", ")), last);
    return QStringLiteral("Not shown: the role you connected as may not read %1 (its owner can "
                          "GRANT SELECT ON %2 TO the role).")
        .arg(list, tables.join(QLatin1String(", ")));
}

QString withUnreadableNote(const QString &answer, const QStringList &unreadable)
{
    return unreadable.isEmpty() ? answer : answer + QLatin1Char(' ') + unreadableNote(unreadable);
}

Result<RowSet> queryBridge(Session &session, const BoundSql &statement)
{
    Result<RowSet> rows = queryRows(session, statement);
    if (rows || rows.error().sqlState != QLatin1String("42P01"))
        return rows;
    Status tables
        = requireBridgeTables(session,
                              { QStringLiteral("workflow_executions"),
                                QStringLiteral("workflow_steps"), QStringLiteral("fsm_transitions"),
                                QStringLiteral("event_logs"), QStringLiteral("metadata_stamps") });
    return tables ? rows : std::unexpected(tables.error());
}

} // namespace bridgescope
