#pragma once

#include "Error.h"
#include "workflows/WorkflowModel.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace bridgescope {

class Session;

// A JSONB value of one row, read only when asked (a trace carries its size, not its text).
struct PayloadRef
{
    QString
        table; // workflow_executions, workflow_steps, fsm_transitions, event_logs, metadata_stamps
    QString column; // step_data, input_data, output_data, error_info, transition_data, payload, …
    QString id; // the row's id
    qint64 bytes = 0; // pg_column_size: what it takes on disk, a hint of its size

    bool isValid() const { return !id.isEmpty(); }
};

struct TraceStep
{
    QString id;
    int order = 0;
    QString name;
    QString type;
    QString status; // PENDING, RUNNING, COMPLETED, FAILED, SKIPPED
    QString errorMessage;
    qint64 executionMs = -1;
    QDateTime createdAt;
    QDateTime startedAt; // as recorded; invalid when missing
    QDateTime completedAt;
    // Where it is drawn: from started_at (else created_at) to completed_at (else start +
    // execution_time_ms); `estimated` when either end was not recorded.
    QDateTime barStart;
    QDateTime barEnd;
    bool estimated = false;
    QString contradiction; // "completed before it started", … ; empty when the times agree
    QList<PayloadRef> payloads; // step_data, input_data, output_data
};

struct TraceTransition
{
    QString id;
    QString fromState; // empty for the first
    QString toState;
    QString event;
    QDateTime at;
    PayloadRef data;
};

struct TraceEvent
{
    QString id;
    QString type;
    QString correlationId;
    QString sessionId;
    QDateTime at;
    qint64 sincePreviousMs = -1; // -1 for the first
    PayloadRef payload;
};

struct TraceStamp
{
    QString id;
    QString stampId;
    QString fileHash;
    QString nameSpace;
    QDateTime at;
    PayloadRef stampData;
};

struct WorkflowTrace
{
    WorkflowSummary workflow;
    QList<PayloadRef> workflowPayloads; // input_data, output_data, error_info, metadata
    QList<TraceStep> steps; // by step_order
    QList<TraceTransition> transitions; // by time
    QList<TraceEvent> events; // by time, the first eventLimit of them
    qint64 eventCount = 0; // all the events of its correlation_id
    QList<TraceStamp> stamps;
    int firstFailedStep = -1; // index into steps
    // Tables the role may not read: their part (steps, transitions, events, stamps) is empty.
    QStringList unreadable;

    QDateTime axisStart() const; // the earliest time drawn
    QDateTime axisEnd() const;
};

inline constexpr int kDefaultEventLimit = 10'000;

// The workflow with that workflow_executions.id: its header, steps, transitions, events and
// stamps, each by an indexed query. Payloads are sized, not read.
Result<WorkflowTrace> readTrace(Session &session, const QString &workflowRowId,
                                int eventLimit = kDefaultEventLimit);

// More events after the last one a trace (or an earlier call) holds, in time order.
Result<QList<TraceEvent>> readMoreEvents(Session &session, const QString &correlationId,
                                         const TraceEvent &after, int limit);

// The events of one session in time order (the first `limit`), and how many it has.
struct SessionTrace
{
    QString sessionId;
    QList<TraceEvent> events;
    qint64 eventCount = 0;
    QList<WorkflowSummary> workflows; // that carry the session_id, or whose events are in it
};
Result<SessionTrace> readSessionTrace(Session &session, const QString &sessionId,
                                      int eventLimit = kDefaultEventLimit);

// A session among the latest events, to pick from.
struct RecentSession
{
    QString sessionId;
    QDateTime lastEvent;
    qint64 events = 0; // among the latest `window` events
    qint64 workflows = 0; // distinct correlation ids among them
};
// The sessions of the latest `window` events, the latest first: read backwards along
// event_logs' created_at index, so it costs the same on a log of any size.
inline constexpr int kRecentEventWindow = 5'000;
Result<QList<RecentSession>> readRecentSessions(Session &session, int window = kRecentEventWindow,
                                                int limit = 50);

// The JSONB text of one value, read on demand.
Result<QByteArray> readPayload(Session &session, const PayloadRef &ref);

} // namespace bridgescope
