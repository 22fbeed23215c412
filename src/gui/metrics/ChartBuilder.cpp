#include "metrics/ChartBuilder.h"

#include "SavedFile.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QDateTimeAxis>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QTimeZone>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace bridgescope {

namespace {

// A palette that stays apart on white and in print (Tableau 10).
QColor seriesColor(int index)
{
    static const QColor kColors[] = {
        QColor(0x4e79a7), QColor(0xf28e2b), QColor(0x59a14f), QColor(0xe15759), QColor(0x76b7b2),
        QColor(0xedc948), QColor(0xb07aa1), QColor(0xff9da7), QColor(0x9c755f), QColor(0xbab0ac),
    };
    return kColors[index % std::size(kColors)];
}

QString seriesTitle(const QString &series)
{
    return series == QLatin1String("all") ? QString() : series;
}

QDateTimeAxis *timeAxis(const ChartData &data)
{
    auto *axis = new QDateTimeAxis;
    const qint64 range = data.request.from.secsTo(data.request.to);
    axis->setFormat(range > 2 * 86400 ? QStringLiteral("dd MMM") : QStringLiteral("HH:mm"));
    axis->setTickCount(range > 2 * 86400 ? 8 : 7);
    const QTimeZone zone(data.request.timeZone);
    axis->setRange(data.request.from.toTimeZone(zone), data.request.to.toTimeZone(zone));
    axis->setTitleText(QStringLiteral("%1, %2 buckets")
                           .arg(QString::fromUtf8(data.request.timeZone),
                                bucketLabel(data.request.bucketSeconds)));
    return axis;
}

QValueAxis *countAxis(const QString &title, double maximum)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(0, maximum > 0 ? maximum * 1.08 : 1);
    axis->setLabelFormat(maximum >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    axis->applyNiceNumbers();
    return axis;
}

// x of a bucket: its middle, so a point sits in the middle of the time it counts.
qreal bucketX(const ChartData &data, const ChartRow &row)
{
    return qreal(row.bucket.toMSecsSinceEpoch()) + data.request.bucketSeconds * 500.0;
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

// One series' line, broken where it has no value (NaN): one QLineSeries per unbroken run,
// all under the series' name, with the legend showing the first. A run of one bucket is drawn
// as a dot.
void addLineWithGaps(QChart *chart, const QString &name, const QList<QPointF> &points,
                     const QPen &pen, QAbstractAxis *x, QAbstractAxis *y, bool inLegend)
{
    QList<QPointF> run;
    bool first = true;
    const auto flush = [&] {
        if (run.isEmpty())
            return;
        auto *line = new QLineSeries;
        line->setName(name);
        line->setPen(pen);
        line->append(run);
        if (run.size() == 1) {
            line->setPointsVisible(true);
            line->setColor(pen.color());
        }
        attach(chart, line, x, y);
        for (QLegendMarker *marker : chart->legend()->markers(line))
            marker->setVisible(inLegend && first);
        first = false;
        run.clear();
    };
    for (const QPointF &point : points) {
        if (std::isnan(point.y()))
            flush();
        else
            run << point;
    }
    flush();
}

// The last bucket, when the range's end cuts it, shaded and named in the legend: its counts
// are of part of a bucket and read low.
void markPartialBucket(QChart *chart, const ChartData &data, QAbstractAxis *x, QValueAxis *y)
{
    const std::optional<qint64> partial = data.partialLastBucketSeconds();
    if (!partial)
        return;
    const qreal end = qreal(data.request.to.toMSecsSinceEpoch());
    const qreal start = end - qreal(*partial) * 1000.0;
    auto *lower = new QLineSeries(chart);
    auto *upper = new QLineSeries(chart);
    lower->append({ QPointF(start, 0), QPointF(end, 0) });
    upper->append({ QPointF(start, y->max()), QPointF(end, y->max()) });
    auto *band = new QAreaSeries(upper, lower);
    band->setObjectName(QString::fromLatin1(kPartialBucketName));
    band->setName(QStringLiteral("last bucket: %1 of %2 so far")
                      .arg(bucketLabel(*partial >= 60 ? *partial - *partial % 60 : *partial),
                           bucketLabel(data.request.bucketSeconds)));
    band->setPen(QPen(QColor(0x90, 0x90, 0x90), 1, Qt::DotLine));
    band->setBrush(QColor(0x80, 0x80, 0x80, 40));
    attach(chart, band, x, y);
}

void buildThroughput(QChart *chart, const ChartData &data)
{
    // Bucket → running total of what is stacked so far, and started over all series.
    std::map<qint64, double> stacked;
    std::map<qint64, double> started;
    struct Layer
    {
        QString name;
        QList<QPointF> lower, upper;
    };
    QList<Layer> layers;
    const bool split = data.request.split != ThroughputSplit::None;
    const auto addLayer
        = [&](const QString &name, const QList<const ChartRow *> &rows, auto value) {
              Layer layer { name, {}, {} };
              for (const ChartRow *row : rows) {
                  const qint64 key = row->bucket.toMSecsSinceEpoch();
                  const qreal x = bucketX(data, *row);
                  const double below = stacked[key];
                  layer.lower << QPointF(x, below);
                  layer.upper << QPointF(x, below + value(*row));
                  stacked[key] = below + value(*row);
              }
              layers << layer;
          };
    for (const QString &series : data.seriesNames()) {
        QList<const ChartRow *> rows;
        for (const ChartRow &row : data.rows) {
            if (row.series == series) {
                rows << &row;
                started[row.bucket.toMSecsSinceEpoch()] += row.values.value(0);
            }
        }
        if (split) {
            addLayer(series, rows, [](const ChartRow &r) { return r.values[1] + r.values[2]; });
        } else {
            addLayer(QStringLiteral("completed"), rows,
                     [](const ChartRow &r) { return r.values[1]; });
            addLayer(QStringLiteral("failed"), rows, [](const ChartRow &r) { return r.values[2]; });
        }
    }
    double maximum = 0;
    for (const auto &[key, value] : stacked)
        maximum = std::max(maximum, value);
    for (const auto &[key, value] : started)
        maximum = std::max(maximum, value);

    QDateTimeAxis *x = timeAxis(data);
    QValueAxis *y = countAxis(
        QStringLiteral("workflows per %1").arg(bucketLabel(data.request.bucketSeconds)), maximum);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    int index = 0;
    for (const Layer &layer : layers) {
        auto *lower = new QLineSeries(chart);
        auto *upper = new QLineSeries(chart);
        lower->append(layer.lower);
        upper->append(layer.upper);
        auto *area = new QAreaSeries(upper, lower);
        area->setName(layer.name);
        QColor color = split
            ? seriesColor(index)
            : (layer.name == QLatin1String("failed") ? QColor(0xe15759) : QColor(0x59a14f));
        area->setPen(QPen(color.darker(120), 1));
        color.setAlpha(200);
        area->setBrush(color);
        attach(chart, area, x, y);
        ++index;
    }
    auto *startedLine = new QLineSeries;
    startedLine->setName(QStringLiteral("started"));
    for (const auto &[key, value] : started)
        startedLine->append(qreal(key) + data.request.bucketSeconds * 500.0, value);
    startedLine->setPen(QPen(QColor(0x30, 0x30, 0x30), 1.5, Qt::DashLine));
    attach(chart, startedLine, x, y);
    markPartialBucket(chart, data, x, y);
    chart->setTitle(split ? QStringLiteral("Workflows finished per %1, by %2")
                                .arg(bucketLabel(data.request.bucketSeconds),
                                     data.request.split == ThroughputSplit::Namespace
                                         ? QStringLiteral("namespace")
                                         : QStringLiteral("workflow type"))
                          : QStringLiteral("Workflows completed and failed per %1")
                                .arg(bucketLabel(data.request.bucketSeconds)));
}

void buildItemsPerSecond(QChart *chart, const ChartData &data)
{
    // The reducer's processing rate runs hundreds of times above the arrival rate over the
    // window, so each has its own axis: reducer on the left, window (dashed) on the right.
    // One legend entry per series (its colour); a click on it hides both of its lines.
    double reducerMax = 0;
    double windowMax = 0;
    for (const ChartRow &row : data.rows) {
        if (!std::isnan(row.values[0]))
            reducerMax = std::max(reducerMax, row.values[0]);
        if (!std::isnan(row.values[1]))
            windowMax = std::max(windowMax, row.values[1]);
    }
    QDateTimeAxis *x = timeAxis(data);
    QValueAxis *reducerAxis
        = countAxis(QStringLiteral("reducer items per second (solid)"), reducerMax);
    QValueAxis *windowAxis
        = countAxis(QStringLiteral("items per second over the window (dashed)"), windowMax);
    windowAxis->setLabelFormat(windowMax >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.3g"));
    windowAxis->setGridLineVisible(false);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(reducerAxis, Qt::AlignLeft);
    chart->addAxis(windowAxis, Qt::AlignRight);
    int index = 0;
    for (const QString &series : data.seriesNames()) {
        QList<QPointF> reducer;
        QList<QPointF> window;
        for (const ChartRow &row : data.rows) {
            if (row.series != series)
                continue;
            reducer << QPointF(bucketX(data, row), row.values[0]);
            window << QPointF(bucketX(data, row), row.values[1]);
        }
        addLineWithGaps(chart, series, reducer, QPen(seriesColor(index), 1.6), x, reducerAxis,
                        true);
        addLineWithGaps(chart, series, window, QPen(seriesColor(index), 1.2, Qt::DashLine), x,
                        windowAxis, false);
        ++index;
    }
    markPartialBucket(chart, data, x, reducerAxis);
    chart->legend()->setAlignment(data.seriesNames().size() > 4 ? Qt::AlignRight : Qt::AlignBottom);
    chart->setTitle(QStringLiteral("Aggregation items per second per %1, by %2")
                        .arg(bucketLabel(data.request.bucketSeconds),
                             data.request.split == ThroughputSplit::Namespace
                                 ? QStringLiteral("namespace and aggregation type")
                                 : QStringLiteral("aggregation type")));
}

void buildStepDurations(QChart *chart, const ChartData &data)
{
    const QStringList names { QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("max") };
    const QColor colors[] = { QColor(0x4e79a7), QColor(0xf28e2b), QColor(0xe15759) };
    auto *bars = new QBarSeries;
    QStringList steps;
    double maximum = 1;
    for (int k = 0; k < 3; ++k) {
        auto *set = new QBarSet(names[k]);
        set->setColor(colors[k]);
        set->setBorderColor(colors[k].darker(130));
        for (const ChartRow &row : data.rows) {
            // Log scale: a 0 ms step is drawn at the floor.
            set->append(std::max(row.values[k + 1], 0.5));
            maximum = std::max(maximum, row.values[k + 1]);
        }
        bars->append(set);
    }
    for (const ChartRow &row : data.rows)
        steps << row.series;
    auto *x = new QBarCategoryAxis;
    x->append(steps);
    auto *y = new QLogValueAxis;
    y->setBase(10);
    y->setRange(0.5, std::pow(10.0, std::ceil(std::log10(maximum * 1.5))));
    y->setLabelFormat(QStringLiteral("%g"));
    y->setTitleText(QStringLiteral("milliseconds (log scale)"));
    y->setMinorTickCount(8);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    attach(chart, bars, x, y);
    chart->setTitle(QStringLiteral("Step durations: p50, p95 and max"));
}

} // namespace

QChart *buildChart(const ChartData &data)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(6, 6, 6, 6));
    switch (data.request.kind) {
    case ChartKind::Throughput:
        buildThroughput(chart, data);
        break;
    case ChartKind::ItemsPerSecond:
        buildItemsPerSecond(chart, data);
        break;
    case ChartKind::StepDurations:
        buildStepDurations(chart, data);
        break;
    }
    return chart;
}

QString describePoint(const ChartData &data, const QString &series, qint64 msecsSinceEpoch)
{
    const ChartRow *nearest = nullptr;
    qint64 best = std::numeric_limits<qint64>::max();
    for (const ChartRow &row : data.rows) {
        if (!series.isEmpty() && row.series != series)
            continue;
        const qint64 distance = std::abs(qint64(bucketX(data, row)) - msecsSinceEpoch);
        if (distance < best) {
            best = distance;
            nearest = &row;
        }
    }
    if (!nearest)
        return {};
    const QTimeZone zone(data.request.timeZone);
    const QDateTime start = nearest->bucket.toTimeZone(zone);
    QStringList lines;
    lines << QStringLiteral("%1 – %2%3")
                 .arg(
                     start.toString(QStringLiteral("ddd d MMM HH:mm:ss")),
                     start.addSecs(data.request.bucketSeconds).toString(QStringLiteral("HH:mm:ss")),
                     seriesTitle(nearest->series).isEmpty()
                         ? QString()
                         : QStringLiteral(" · ") + nearest->series);
    for (int i = 0; i < data.valueNames.size(); ++i) {
        const double value = nearest->values.value(i);
        lines << QStringLiteral("%1: %2").arg(
            data.valueNames[i],
            std::isnan(value)
                ? QStringLiteral("no windows in this bucket")
                : QString::number(value, 'f', data.request.kind == ChartKind::Throughput ? 0 : 2));
    }
    return lines.join(QLatin1Char('\n'));
}

QImage renderChart(const ChartData &data, QSize size)
{
    // A scene of its own: a chart only lays itself out for the geometry it is given, and a
    // QChartView that was never shown never gives it one.
    QGraphicsScene scene;
    QChart *chart = buildChart(data);
    scene.addItem(chart); // the scene owns and deletes it
    chart->setGeometry(QRectF(QPointF(0, 0), size));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), size), QRectF(QPointF(0, 0), size));
    return image;
}

Status writeChartFile(const ChartData &data, const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("csv"))
        return fail(
            Error::Kind::Usage,
            QStringLiteral("Cannot tell the format of \"%1\": name it .png or .csv.").arg(path));
    if (suffix == QLatin1String("csv"))
        return saveFile(path, chartToCsv(data));
    // Encoded in memory first: libpng reports a short write only as "Write Error".
    QByteArray png;
    QBuffer buffer(&png);
    if (!buffer.open(QIODevice::WriteOnly) || !renderChart(data).save(&buffer, "PNG"))
        return fail(Error::Kind::Generic, QStringLiteral("Cannot encode %1 as PNG.").arg(path));
    return saveFile(path, png);
}

} // namespace bridgescope
