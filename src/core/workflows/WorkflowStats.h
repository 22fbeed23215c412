#pragma once

#include "Error.h"
#include "workflows/WorkflowModel.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

struct TimeRange
{
    QDateTime from;
    QDateTime to;
};

inline constexpr int kSparklineBuckets = 24;

// Failed workflows of one kind: the same error type, and the same message once the parts that
// vary from run to run (numbers, hex ids, quoted paths) are masked, as Sentry groups issues.
struct FailureGroup
{
    QString errorType; // "ValidationError", or "(no error recorded)"
    QString fingerprint; // the masked message: "FileNotFoundError: … No such file … '…'"
    QString example; // one real message of the group
    qint64 count = 0;
    QDateTime firstSeen;
    QDateTime lastSeen;
    QStringList namespaces;
    QList<qint64> buckets; // kSparklineBuckets counts over the range
};

// The failed workflows that started in the range (of one namespace, when given), grouped, the
// largest group first. Indexed on (current_state, started_at).
Result<QList<FailureGroup>> readFailureGroups(Session &session, const TimeRange &range,
                                              const QString &nameSpace = {});

// The workflows of one group, newest first (at most `limit`).
Result<QList<WorkflowSummary>> readGroupWorkflows(Session &session, const TimeRange &range,
                                                  const QString &nameSpace,
                                                  const FailureGroup &group, int limit = 500);

struct NamespaceStats
{
    QString nameSpace;
    qint64 workflows = 0;
    qint64 pending = 0;
    qint64 processing = 0;
    qint64 completed = 0;
    qint64 failed = 0;
    double failureRate = 0; // failed / (completed + failed), 0 when none finished
    double p50Ms = -1; // of finished workflows' execution_time_ms, -1 when none
    double p95Ms = -1;
    qint64 stamps = 0;
    qint64 stampedBytes = 0; // the stamps' file_metadata.file_size_bytes, summed
    qint64 fileTypes = 0; // distinct file_metadata.file_type
    bool stampsReadable = true; // false: the role may not read metadata_stamps (stamps are 0)
};

// Per namespace, the workflows that started in the range and the stamps made in it.
Result<QList<NamespaceStats>> readNamespaceStats(Session &session, const TimeRange &range);

} // namespace bridgescope
