#pragma once

#include "workflows/WorkflowLookup.h"
#include "workflows/WorkflowStats.h"
#include "workflows/WorkflowTrace.h"

#include <QJsonObject>

namespace bridgescope {

// The --json output of `bridgescope trace`, `failures`, `session` and `namespaces`, documented in
// docs/workflows-json.md. Times are ISO 8601 in UTC with milliseconds; durations milliseconds.
inline constexpr int kWorkflowsJsonFormat = 1;

QJsonObject workflowJson(const WorkflowSummary &workflow);
QJsonObject traceJson(const WorkflowTrace &trace, MatchKind matchedBy);
QJsonObject failureGroupsJson(const QList<FailureGroup> &groups, const TimeRange &range,
                              const QString &nameSpace);
QJsonObject sessionJson(const SessionTrace &session);
QJsonObject namespaceStatsJson(const QList<NamespaceStats> &stats, const TimeRange &range);

QString isoTime(const QDateTime &time); // "" for an invalid time

} // namespace bridgescope
