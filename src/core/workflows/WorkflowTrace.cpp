#include "workflows/WorkflowTrace.h"

#include "connection/Session.h"

#include <QSet>

#include <algorithm>

namespace bridgescope {

namespace {

QString epochMs(const QString &column)
{
    return QStringLiteral("(extract(epoch FROM %1) * 1000)::bigint").arg(column);
}

PayloadRef payload(const QString &table, const QString &column, const QString &id,
                   const SqlText &bytes)
{
    return PayloadRef { table, column, id, cellInteger(bytes, 0) };
}

// Where a step is drawn, and whether its recorded times contradict each other.
void placeStep(TraceStep &step, const WorkflowSummary &workflow)
{
    step.barStart = step.startedAt.isValid() ? step.startedAt : step.createdAt;
    if (step.completedAt.isValid())
        step.barEnd = step.completedAt;
    else if (step.executionMs >= 0)
        step.barEnd = step.barStart.addMSecs(step.executionMs);
    else if (step.status == QLatin1String("RUNNING"))
        step.barEnd = QDateTime::currentDateTimeUtc();
    else
        step.barEnd = step.barStart;
    step.estimated = !step.startedAt.isValid() || !step.completedAt.isValid();

    if (step.startedAt.isValid() && step.completedAt.isValid()) {
        const qint64 measured = step.startedAt.msecsTo(step.completedAt);
        if (measured < 0)
            step.contradiction = QStringLiteral("completed %1 ms before it started").arg(-measured);
        else if (step.executionMs >= 0
                 && qAbs(measured - step.executionMs) > qMax<qint64>(1000, step.executionMs / 2))
            step.contradiction = QStringLiteral("execution_time_ms says %1 ms, its times %2 ms")
                                     .arg(step.executionMs)
                                     .arg(measured);
    }
    if (step.contradiction.isEmpty() && workflow.startedAt.isValid()
        && step.barStart.msecsTo(workflow.startedAt) > 1000)
        step.contradiction = QStringLiteral("starts %1 ms before its workflow")
                                 .arg(step.barStart.msecsTo(workflow.startedAt));
    if (step.barEnd < step.barStart)
        std::swap(step.barStart, step.barEnd); // drawn, and flagged above
}

QString eventColumns()
{
    return QStringLiteral("e.id::text, e.event_type, e.correlation_id::text, e.session_id::text, ")
        + epochMs(QStringLiteral("e.created_at")) + QStringLiteral(", pg_column_size(e.payload)");
}

QList<TraceEvent> readEvents(const RowSet &rows, const TraceEvent *previous)
{
    QList<TraceEvent> events;
    events.reserve(rows.rows.size());
    QDateTime last = previous ? previous->at : QDateTime();
    for (const QList<SqlText> &row : rows.rows) {
        TraceEvent event;
        event.id = cellText(row.at(0));
        event.type = cellText(row.at(1));
        event.correlationId = cellText(row.at(2));
        event.sessionId = cellText(row.at(3));
        event.at = cellTime(row.at(4));
        event.payload
            = payload(QStringLiteral("event_logs"), QStringLiteral("payload"), event.id, row.at(5));
        if (last.isValid() && event.at.isValid())
            event.sincePreviousMs = last.msecsTo(event.at);
        last = event.at;
        events << event;
    }
    return events;
}

Result<qint64> countRows(Session &session, const QString &sql, const QString &value)
{
    BoundSql count;
    count.sql = sql.arg(count.bind(value));
    Result<RowSet> rows = queryBridge(session, count);
    if (!rows)
        return std::unexpected(rows.error());
    return cellInteger(rows->rows.value(0).value(0), 0);
}

} // namespace

QDateTime WorkflowTrace::axisStart() const
{
    QDateTime start = workflow.startedAt;
    for (const TraceStep &step : steps) {
        if (!start.isValid() || (step.barStart.isValid() && step.barStart < start))
            start = step.barStart;
    }
    for (const TraceTransition &transition : transitions) {
        if (!start.isValid() || (transition.at.isValid() && transition.at < start))
            start = transition.at;
    }
    return start;
}

QDateTime WorkflowTrace::axisEnd() const
{
    QDateTime end = workflow.completedAt.isValid() ? workflow.completedAt : workflow.startedAt;
    for (const TraceStep &step : steps) {
        if (step.barEnd > end)
            end = step.barEnd;
    }
    for (const TraceTransition &transition : transitions) {
        if (transition.at > end)
            end = transition.at;
    }
    if (!events.isEmpty() && events.last().at > end && events.last().at.isValid())
        end = events.last().at;
    return end;
}

Result<WorkflowTrace> readTrace(Session &session, const QString &workflowRowId, int eventLimit)
{
    WorkflowTrace trace;
    const QString workflowTable = QStringLiteral("workflow_executions");

    BoundSql header;
    header.sql = QStringLiteral("SELECT %1, pg_column_size(w.input_data), "
                                "pg_column_size(w.output_data), pg_column_size(w.error_info), "
                                "pg_column_size(w.metadata) FROM workflow_executions w "
                                "WHERE w.id = %2::uuid")
                     .arg(QString::fromLatin1(kWorkflowSummaryColumns), header.bind(workflowRowId));
    Result<RowSet> headerRows = queryBridge(session, header);
    if (!headerRows)
        return std::unexpected(headerRows.error());
    if (headerRows->rows.isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("No workflow has the id %1 (it may have been deleted).")
                        .arg(workflowRowId));
    Result<QStringList> unreadable
        = unreadableTables(session,
                           { QStringLiteral("workflow_steps"), QStringLiteral("fsm_transitions"),
                             QStringLiteral("event_logs"), QStringLiteral("metadata_stamps") });
    if (!unreadable)
        return std::unexpected(unreadable.error());
    trace.unreadable = *unreadable;
    const auto mayRead = [&](const char *table) {
        return !trace.unreadable.contains(QLatin1String(table));
    };
    const QList<SqlText> &row = headerRows->rows.first();
    trace.workflow = readWorkflowSummary(row);
    const QString id = trace.workflow.id;
    int column = 14;
    for (const char *name : { "input_data", "output_data", "error_info", "metadata" })
        trace.workflowPayloads << payload(workflowTable, QLatin1String(name), id, row.at(column++));

    BoundSql steps;
    steps.sql
        = QStringLiteral("SELECT s.id::text, s.step_order, s.step_name, s.step_type, s.status, "
                         "s.error_message, s.execution_time_ms, %1, %2, %3, "
                         "pg_column_size(s.step_data), pg_column_size(s.input_data), "
                         "pg_column_size(s.output_data) FROM workflow_steps s "
                         "WHERE s.workflow_id = %4::uuid ORDER BY s.step_order, s.created_at, s.id")
              .arg(epochMs(QStringLiteral("s.created_at")), epochMs(QStringLiteral("s.started_at")),
                   epochMs(QStringLiteral("s.completed_at")), steps.bind(id));
    Result<RowSet> stepRows = mayRead("workflow_steps") ? queryBridge(session, steps) : RowSet {};
    if (!stepRows)
        return std::unexpected(stepRows.error());
    trace.steps.reserve(stepRows->rows.size());
    for (const QList<SqlText> &r : stepRows->rows) {
        TraceStep step;
        step.id = cellText(r.at(0));
        step.order = int(cellInteger(r.at(1), 0));
        step.name = cellText(r.at(2));
        step.type = cellText(r.at(3));
        step.status = cellText(r.at(4));
        step.errorMessage = cellText(r.at(5));
        step.executionMs = cellInteger(r.at(6));
        step.createdAt = cellTime(r.at(7));
        step.startedAt = cellTime(r.at(8));
        step.completedAt = cellTime(r.at(9));
        const QString stepTable = QStringLiteral("workflow_steps");
        step.payloads << payload(stepTable, QStringLiteral("step_data"), step.id, r.at(10))
                      << payload(stepTable, QStringLiteral("input_data"), step.id, r.at(11))
                      << payload(stepTable, QStringLiteral("output_data"), step.id, r.at(12));
        placeStep(step, trace.workflow);
        if (trace.firstFailedStep < 0 && step.status == QLatin1String("FAILED"))
            trace.firstFailedStep = int(trace.steps.size());
        trace.steps << step;
    }

    BoundSql transitions;
    transitions.sql = QStringLiteral("SELECT t.id::text, t.from_state, t.to_state, "
                                     "t.transition_event, %1, pg_column_size(t.transition_data) "
                                     "FROM fsm_transitions t WHERE t.entity_id = %2::uuid "
                                     "ORDER BY t.created_at, t.id")
                          .arg(epochMs(QStringLiteral("t.created_at")), transitions.bind(id));
    Result<RowSet> transitionRows
        = mayRead("fsm_transitions") ? queryBridge(session, transitions) : RowSet {};
    if (!transitionRows)
        return std::unexpected(transitionRows.error());
    for (const QList<SqlText> &r : transitionRows->rows) {
        TraceTransition transition { cellText(r.at(0)), cellText(r.at(1)), cellText(r.at(2)),
                                     cellText(r.at(3)), cellTime(r.at(4)), {} };
        transition.data = payload(QStringLiteral("fsm_transitions"),
                                  QStringLiteral("transition_data"), transition.id, r.at(5));
        trace.transitions << transition;
    }

    BoundSql events;
    events.sql = QStringLiteral("SELECT %1 FROM event_logs e WHERE e.correlation_id = %2::uuid "
                                "ORDER BY e.created_at, e.id LIMIT %3")
                     .arg(eventColumns(), events.bind(trace.workflow.correlationId))
                     .arg(eventLimit);
    Result<RowSet> eventRows = mayRead("event_logs") ? queryBridge(session, events) : RowSet {};
    if (!eventRows)
        return std::unexpected(eventRows.error());
    trace.events = readEvents(*eventRows, nullptr);
    trace.eventCount = trace.events.size();
    if (trace.events.size() == eventLimit) {
        Result<qint64> count = countRows(
            session,
            QStringLiteral("SELECT count(*) FROM event_logs WHERE correlation_id = %1::uuid"),
            trace.workflow.correlationId);
        if (!count)
            return std::unexpected(count.error());
        trace.eventCount = *count;
    }

    BoundSql stamps;
    stamps.sql = QStringLiteral("SELECT s.id::text, s.stamp_id, s.file_hash, s.namespace, %1, "
                                "pg_column_size(s.stamp_data) FROM metadata_stamps s "
                                "WHERE s.workflow_id = %2::uuid ORDER BY s.created_at")
                     .arg(epochMs(QStringLiteral("s.created_at")), stamps.bind(id));
    Result<RowSet> stampRows
        = mayRead("metadata_stamps") ? queryBridge(session, stamps) : RowSet {};
    if (!stampRows)
        return std::unexpected(stampRows.error());
    for (const QList<SqlText> &r : stampRows->rows) {
        TraceStamp stamp { cellText(r.at(0)), cellText(r.at(1)), cellText(r.at(2)),
                           cellText(r.at(3)), cellTime(r.at(4)), {} };
        stamp.stampData = payload(QStringLiteral("metadata_stamps"), QStringLiteral("stamp_data"),
                                  stamp.id, r.at(5));
        trace.stamps << stamp;
    }
    return trace;
}

Result<QList<TraceEvent>> readMoreEvents(Session &session, const QString &correlationId,
                                         const TraceEvent &after, int limit)
{
    BoundSql events;
    // The key is the stored (created_at, id), not the millisecond time the trace carries.
    events.sql
        = QStringLiteral("SELECT %1 FROM event_logs e WHERE e.correlation_id = %2::uuid "
                         "AND (e.created_at, e.id) > (SELECT a.created_at, a.id FROM event_logs a "
                         "                            WHERE a.id = %3::uuid) "
                         "ORDER BY e.created_at, e.id LIMIT %4")
              .arg(eventColumns(), events.bind(correlationId), events.bind(after.id))
              .arg(limit);
    Result<RowSet> rows = queryBridge(session, events);
    if (!rows)
        return std::unexpected(rows.error());
    return readEvents(*rows, &after);
}

Result<QList<RecentSession>> readRecentSessions(Session &session, int window, int limit)
{
    const QString sql
        = QStringLiteral("SELECT session_id::text, "
                         "(extract(epoch FROM max(created_at)) * 1000)::bigint, count(*), "
                         "count(DISTINCT correlation_id) "
                         "FROM (SELECT session_id, correlation_id, created_at FROM event_logs "
                         "      WHERE created_at IS NOT NULL ORDER BY created_at DESC LIMIT %1) "
                         "     latest "
                         "WHERE session_id IS NOT NULL GROUP BY session_id "
                         "ORDER BY max(created_at) DESC LIMIT %2")
              .arg(window)
              .arg(limit);
    Result<RowSet> rows = queryBridge(session, BoundSql { sql, {} });
    if (!rows)
        return std::unexpected(rows.error());
    QList<RecentSession> sessions;
    for (const QList<SqlText> &row : rows->rows)
        sessions << RecentSession { QString::fromUtf8(row.value(0).value_or(QByteArray())),
                                    cellTime(row.value(1)), row.value(2).value_or("0").toLongLong(),
                                    row.value(3).value_or("0").toLongLong() };
    return sessions;
}

Result<SessionTrace> readSessionTrace(Session &session, const QString &sessionId, int eventLimit)
{
    SessionTrace trace;
    trace.sessionId = sessionId;
    BoundSql events;
    events.sql = QStringLiteral("SELECT %1 FROM event_logs e WHERE e.session_id = %2::uuid "
                                "ORDER BY e.created_at, e.id LIMIT %3")
                     .arg(eventColumns(), events.bind(sessionId))
                     .arg(eventLimit);
    Result<RowSet> rows = queryBridge(session, events);
    if (!rows)
        return std::unexpected(rows.error());
    trace.events = readEvents(*rows, nullptr);
    trace.eventCount = trace.events.size();
    if (trace.events.size() == eventLimit) {
        Result<qint64> count = countRows(
            session, QStringLiteral("SELECT count(*) FROM event_logs WHERE session_id = %1::uuid"),
            sessionId);
        if (!count)
            return std::unexpected(count.error());
        trace.eventCount = *count;
    }
    // Its workflows: those that carry the session_id, and those whose events are in it.
    BoundSql workflows;
    const QString bound = workflows.bind(sessionId);
    workflows.sql
        = QStringLiteral("SELECT %1 FROM workflow_executions w WHERE w.session_id = %2::uuid "
                         "UNION "
                         "SELECT %1 FROM workflow_executions w WHERE w.correlation_id IN "
                         "(SELECT DISTINCT e.correlation_id FROM event_logs e "
                         " WHERE e.session_id = %2::uuid AND e.correlation_id IS NOT NULL) "
                         "ORDER BY 7 LIMIT 1000")
              .arg(QString::fromLatin1(kWorkflowSummaryColumns), bound);
    Result<RowSet> found = queryBridge(session, workflows);
    if (!found)
        return std::unexpected(found.error());
    for (const QList<SqlText> &r : found->rows)
        trace.workflows << readWorkflowSummary(r);
    return trace;
}

Result<QByteArray> readPayload(Session &session, const PayloadRef &ref)
{
    // Table and column come from the trace's own code, never from input; checked all the same.
    static const QSet<QString> allowed {
        QStringLiteral("workflow_executions.input_data"),
        QStringLiteral("workflow_executions.output_data"),
        QStringLiteral("workflow_executions.error_info"),
        QStringLiteral("workflow_executions.metadata"),
        QStringLiteral("workflow_steps.step_data"),
        QStringLiteral("workflow_steps.input_data"),
        QStringLiteral("workflow_steps.output_data"),
        QStringLiteral("fsm_transitions.transition_data"),
        QStringLiteral("event_logs.payload"),
        QStringLiteral("metadata_stamps.stamp_data"),
    };
    if (!allowed.contains(ref.table + QLatin1Char('.') + ref.column))
        return fail(
            Error::Kind::Usage,
            QStringLiteral("%1.%2 is not a payload the trace reads.").arg(ref.table, ref.column));
    BoundSql read;
    read.sql = QStringLiteral("SELECT %1::text FROM %2 WHERE id = %3::uuid")
                   .arg(quoteIdentifier(ref.column), quoteIdentifier(ref.table), read.bind(ref.id));
    Result<RowSet> rows = queryBridge(session, read);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->rows.isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("The %1 row %2 is gone (deleted since the trace was read).")
                        .arg(ref.table, ref.id));
    const SqlText &value = rows->rows.first().first();
    return value ? *value : QByteArrayLiteral("null");
}

} // namespace bridgescope
