#include "workflows/WorkflowJson.h"

#include <QJsonArray>

namespace bridgescope {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue time(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(isoTime(at)) : QJsonValue();
}

QJsonValue count(qint64 value)
{
    return value < 0 ? QJsonValue() : QJsonValue(double(value));
}

QJsonObject payloadJson(const PayloadRef &ref)
{
    return QJsonObject { { QStringLiteral("column"), ref.column },
                         { QStringLiteral("bytes"), double(ref.bytes) } };
}

QJsonArray eventsJson(const QList<TraceEvent> &events)
{
    QJsonArray array;
    for (const TraceEvent &event : events)
        array.append(
            QJsonObject { { QStringLiteral("id"), event.id },
                          { QStringLiteral("event_type"), event.type },
                          { QStringLiteral("correlation_id"), nullable(event.correlationId) },
                          { QStringLiteral("session_id"), nullable(event.sessionId) },
                          { QStringLiteral("created_at"), time(event.at) },
                          { QStringLiteral("since_previous_ms"), count(event.sincePreviousMs) },
                          { QStringLiteral("payload_bytes"), double(event.payload.bytes) } });
    return array;
}

QJsonObject rangeJson(const TimeRange &range)
{
    return QJsonObject { { QStringLiteral("from"), time(range.from) },
                         { QStringLiteral("to"), time(range.to) } };
}

} // namespace

QString isoTime(const QDateTime &at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject workflowJson(const WorkflowSummary &w)
{
    const qint64 duration = w.executionMs >= 0 ? w.executionMs
        : w.completedAt.isValid()              ? w.startedAt.msecsTo(w.completedAt)
                                               : -1;
    return QJsonObject { { QStringLiteral("id"), w.id },
                         { QStringLiteral("correlation_id"), w.correlationId },
                         { QStringLiteral("workflow_id"), nullable(w.workflowId) },
                         { QStringLiteral("workflow_type"), w.workflowType },
                         { QStringLiteral("namespace"), w.nameSpace },
                         { QStringLiteral("state"), w.state },
                         { QStringLiteral("started_at"), time(w.startedAt) },
                         { QStringLiteral("completed_at"), time(w.completedAt) },
                         { QStringLiteral("duration_ms"), count(duration) },
                         { QStringLiteral("error_type"), nullable(w.errorType) },
                         { QStringLiteral("error_message"), nullable(w.errorMessage) },
                         { QStringLiteral("stamp_id"), nullable(w.stampId) },
                         { QStringLiteral("file_hash"), nullable(w.fileHash) },
                         { QStringLiteral("session_id"), nullable(w.sessionId) } };
}

QJsonObject traceJson(const WorkflowTrace &trace, MatchKind matchedBy)
{
    QJsonArray steps;
    for (const TraceStep &step : trace.steps) {
        QJsonArray payloads;
        for (const PayloadRef &ref : step.payloads)
            payloads.append(payloadJson(ref));
        steps.append(
            QJsonObject { { QStringLiteral("id"), step.id },
                          { QStringLiteral("step_order"), step.order },
                          { QStringLiteral("step_name"), step.name },
                          { QStringLiteral("step_type"), nullable(step.type) },
                          { QStringLiteral("status"), step.status },
                          { QStringLiteral("started_at"), time(step.startedAt) },
                          { QStringLiteral("completed_at"), time(step.completedAt) },
                          { QStringLiteral("execution_time_ms"), count(step.executionMs) },
                          { QStringLiteral("drawn_from"), time(step.barStart) },
                          { QStringLiteral("drawn_to"), time(step.barEnd) },
                          { QStringLiteral("estimated"), step.estimated },
                          { QStringLiteral("contradiction"), nullable(step.contradiction) },
                          { QStringLiteral("error_message"), nullable(step.errorMessage) },
                          { QStringLiteral("payloads"), payloads } });
    }
    QJsonArray transitions;
    for (const TraceTransition &t : trace.transitions)
        transitions.append(QJsonObject { { QStringLiteral("from_state"), nullable(t.fromState) },
                                         { QStringLiteral("to_state"), t.toState },
                                         { QStringLiteral("event"), t.event },
                                         { QStringLiteral("created_at"), time(t.at) } });
    QJsonArray stamps;
    for (const TraceStamp &s : trace.stamps)
        stamps.append(QJsonObject { { QStringLiteral("id"), s.id },
                                    { QStringLiteral("stamp_id"), nullable(s.stampId) },
                                    { QStringLiteral("file_hash"), s.fileHash },
                                    { QStringLiteral("namespace"), s.nameSpace },
                                    { QStringLiteral("created_at"), time(s.at) } });
    QJsonObject workflow = workflowJson(trace.workflow);
    workflow.insert(QStringLiteral("matched_by"), matchKindName(matchedBy));
    workflow.insert(QStringLiteral("first_failed_step"),
                    trace.firstFailedStep >= 0
                        ? QJsonValue(trace.steps.at(trace.firstFailedStep).order)
                        : QJsonValue());
    return QJsonObject { { QStringLiteral("format"), kWorkflowsJsonFormat },
                         { QStringLiteral("workflow"), workflow },
                         { QStringLiteral("steps"), steps },
                         { QStringLiteral("transitions"), transitions },
                         { QStringLiteral("events"), eventsJson(trace.events) },
                         { QStringLiteral("event_count"), double(trace.eventCount) },
                         { QStringLiteral("stamps"), stamps } };
}

QJsonObject failureGroupsJson(const QList<FailureGroup> &groups, const TimeRange &range,
                              const QString &nameSpace)
{
    QJsonArray array;
    for (const FailureGroup &g : groups) {
        QJsonArray buckets;
        for (qint64 n : g.buckets)
            buckets.append(double(n));
        array.append(QJsonObject {
            { QStringLiteral("error_type"), g.errorType },
            { QStringLiteral("message"), g.fingerprint },
            { QStringLiteral("example"), g.example },
            { QStringLiteral("count"), double(g.count) },
            { QStringLiteral("first_seen"), time(g.firstSeen) },
            { QStringLiteral("last_seen"), time(g.lastSeen) },
            { QStringLiteral("namespaces"), QJsonArray::fromStringList(g.namespaces) },
            { QStringLiteral("buckets"), buckets } });
    }
    return QJsonObject { { QStringLiteral("format"), kWorkflowsJsonFormat },
                         { QStringLiteral("range"), rangeJson(range) },
                         { QStringLiteral("namespace"), nullable(nameSpace) },
                         { QStringLiteral("groups"), array } };
}

QJsonObject sessionJson(const SessionTrace &session)
{
    QJsonArray workflows;
    for (const WorkflowSummary &w : session.workflows)
        workflows.append(workflowJson(w));
    return QJsonObject { { QStringLiteral("format"), kWorkflowsJsonFormat },
                         { QStringLiteral("session_id"), session.sessionId },
                         { QStringLiteral("event_count"), double(session.eventCount) },
                         { QStringLiteral("events"), eventsJson(session.events) },
                         { QStringLiteral("workflows"), workflows } };
}

QJsonObject namespaceStatsJson(const QList<NamespaceStats> &stats, const TimeRange &range)
{
    QJsonArray array;
    for (const NamespaceStats &s : stats)
        array.append(QJsonObject {
            { QStringLiteral("namespace"), s.nameSpace },
            { QStringLiteral("workflows"), double(s.workflows) },
            { QStringLiteral("pending"), double(s.pending) },
            { QStringLiteral("processing"), double(s.processing) },
            { QStringLiteral("completed"), double(s.completed) },
            { QStringLiteral("failed"), double(s.failed) },
            { QStringLiteral("failure_rate"), s.failureRate },
            { QStringLiteral("p50_ms"), s.p50Ms < 0 ? QJsonValue() : QJsonValue(s.p50Ms) },
            { QStringLiteral("p95_ms"), s.p95Ms < 0 ? QJsonValue() : QJsonValue(s.p95Ms) },
            // null where the role may not read the stamps: unknown, not none
            { QStringLiteral("stamps"),
              s.stampsReadable ? QJsonValue(double(s.stamps)) : QJsonValue() },
            { QStringLiteral("stamped_bytes"),
              s.stampsReadable ? QJsonValue(double(s.stampedBytes)) : QJsonValue() },
            { QStringLiteral("file_types"),
              s.stampsReadable ? QJsonValue(double(s.fileTypes)) : QJsonValue() } });
    return QJsonObject { { QStringLiteral("format"), kWorkflowsJsonFormat },
                         { QStringLiteral("range"), rangeJson(range) },
                         { QStringLiteral("namespaces"), array } };
}

} // namespace bridgescope
