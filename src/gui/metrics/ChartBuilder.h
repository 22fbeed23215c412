#pragma once

#include "Error.h"
#include "metrics/ChartQuery.h"

#include <QImage>
#include <QSize>

class QChart;

namespace bridgescope {

// The QChart for a chart's data: throughput as stacked areas (completed, failed; or one per
// namespace / workflow type) with started as a line; items per second as one line per
// aggregation type (or namespace and aggregation type), the window's rate dashed beside the
// reducer's, broken where a bucket has no windows; step
// durations as p50 / p95 / max bars per step on a log scale (a 5 s timeout would flatten a
// 4 ms p50 on a linear one). The caller owns the chart.
// A time chart whose range ends inside its last bucket shades that bucket, an area series
// with the object name kPartialBucketName.
QChart *buildChart(const ChartData &data);
inline constexpr char kPartialBucketName[] = "partialBucket";

// The bucket (or step) under x on a chart built from data, as a line for a tooltip.
QString describePoint(const ChartData &data, const QString &series, qint64 msecsSinceEpoch);

// The chart drawn offscreen, as `bridgescope chart -o x.png` writes it.
QImage renderChart(const ChartData &data, QSize size = QSize(1200, 700));
Status writeChartFile(const ChartData &data, const QString &path); // .png or .csv

} // namespace bridgescope
