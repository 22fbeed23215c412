#pragma once

#include "Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace bridgescope {

class Session;

enum class ChartKind {
    Throughput, // workflows started, completed and failed per bucket (workflow_executions)
    ItemsPerSecond, // the reducer's rate and the window's rate (bridge_states)
    StepDurations, // p50, p95 and max per step_name over the range (workflow_steps)
};
enum class ThroughputSplit { None, Namespace, WorkflowType };

QString chartName(ChartKind kind); // "throughput", "items-per-second", "step-durations"
std::optional<ChartKind> chartKindFromName(const QString &name);

// One chart over the half-open range [from, to).
struct ChartRequest
{
    ChartKind kind = ChartKind::Throughput;
    QDateTime from, to;
    qint64 bucketSeconds = 0; // 0: chooseBucketSeconds() picks one
    QString namespaceFilter; // empty: every namespace
    // Throughput: one series, or one per namespace or workflow type. Items per second: one
    // series per aggregation type (None), or per namespace and aggregation type (Namespace).
    ThroughputSplit split = ThroughputSplit::None;
    QByteArray timeZone; // IANA id the buckets are aligned in; empty: this machine's zone
    // The server has no date_bin (PostgreSQL 13): buckets by arithmetic on epochs instead.
    // readChart sets it from the connection.
    bool withoutDateBin = false;
};

// A bucket that gives 100–300 points over the range where a round one can (15 s for an
// hour, 5 min for a day, 1 h for 7 days, 3 h for 30 days).
qint64 chooseBucketSeconds(qint64 rangeSeconds);
// "15 s", "5 min", "1 h", "1 d".
QString bucketLabel(qint64 seconds);
// "30s", "5m", "1h", "1d", "300" (seconds) or PostgreSQL's "5 minutes"; nothing if unreadable.
std::optional<qint64> parseBucket(const QString &text);

// The request as it will run: the bucket chosen, the zone filled in. An Error (kind Usage)
// for a range that is empty or reversed, an unknown zone, or too many buckets.
Result<ChartRequest> resolveChartRequest(ChartRequest request);

// One point: a bucket (invalid for StepDurations) of one series, with valueNames' values.
struct ChartRow
{
    QDateTime bucket;
    QString series; // "all", a namespace, a workflow type, an aggregation type,
                    // "ns · aggregation", a step name
    QList<double> values; // NaN: nothing to measure in this bucket (a rate without windows)
};

struct ChartData
{
    ChartRequest request; // resolved
    QStringList valueNames;
    QList<ChartRow> rows; // zero-filled: every bucket of every series present in the range
    bool hasData() const { return !rows.isEmpty(); }
    QStringList seriesNames() const; // in the order they first appear
    // The seconds of the last bucket that lie within the range, when the range's end cuts it
    // (a range ending now): its counts are of part of a bucket, and read low. None when the
    // last bucket is whole, or for step durations.
    std::optional<qint64> partialLastBucketSeconds() const;
};

// The SQL and its parameters for a resolved request; every value is bound.
struct ChartStatement
{
    QString sql;
    QVariantList parameters;
};
ChartStatement chartStatement(const ChartRequest &resolved);
// The statement with its values written in as quoted literals: what `bridgescope chart --sql`
// prints for psql, and what EXPLAIN (which cannot be prepared) is given.
QString inlineParameters(const ChartStatement &statement);

// The tables (with the columns it reads) that a chart needs and this database lacks.
Result<QStringList> missingChartTables(Session &session, ChartKind kind);

// Runs the chart's aggregate on the server. An Error names missing tables in words.
Result<ChartData> readChart(Session &session, const ChartRequest &request);

// The namespaces workflows ran in (a skip scan over the namespace index: cheap on any size).
Result<QStringList> readNamespaces(Session &session);

// CSV with a header; buckets as ISO 8601 in the chart's zone (2026-03-29T03:00:00+02:00).
QByteArray chartToCsv(const ChartData &data);

} // namespace bridgescope
