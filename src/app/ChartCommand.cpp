// bridgescope chart throughput|items-per-second|step-durations [--dsn URI] [--from T] [--to T]
// [--bucket I] [--namespace N] [--split namespace|workflow-type] [--time-zone Z]
// -o FILE.png|FILE.csv: the Metrics tab's charts, aggregated by the server, drawn headless.
#include "Cli.h"
#include "connection/Session.h"
#include "metrics/ChartBuilder.h"
#include "metrics/ChartQuery.h"
#include "metrics/TimeArgument.h"

#include <QFileInfo>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

std::optional<ThroughputSplit> splitFromName(const QString &name)
{
    if (name.isEmpty() || name == QLatin1String("none"))
        return ThroughputSplit::None;
    if (name == QLatin1String("namespace"))
        return ThroughputSplit::Namespace;
    if (name == QLatin1String("workflow-type") || name == QLatin1String("workflow_type"))
        return ThroughputSplit::WorkflowType;
    return std::nullopt;
}

} // namespace

int runChart(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Draw one of the Metrics tab's charts to FILE.png, or write its numbers to FILE.csv.\n"
        "  throughput         workflows started, completed and failed per bucket\n"
        "  items-per-second   the reducer's aggregation rate per namespace and type\n"
        "  step-durations     p50, p95 and max duration of each workflow step\n"
        "Times: now, -24h, -7d, 2026-11-20, 2026-11-20T14:00 (in --time-zone), or with an "
        "offset."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addPositionalArgument(QStringLiteral("chart"),
                                 QStringLiteral("throughput, items-per-second or step-durations"));
    parser.addOption({ QStringLiteral("from"),
                       QStringLiteral("Start of the range (default: 7 days before --to)."),
                       QStringLiteral("T") });
    parser.addOption({ QStringLiteral("to"), QStringLiteral("End of the range (default: now)."),
                       QStringLiteral("T"), QStringLiteral("now") });
    parser.addOption({ QStringLiteral("bucket"),
                       QStringLiteral("Bucket width: 30s, 5m, 1h, 1d (default: 100–300 points "
                                      "over the range)."),
                       QStringLiteral("I") });
    parser.addOption({ QStringLiteral("namespace"), QStringLiteral("Only this namespace."),
                       QStringLiteral("N") });
    parser.addOption({ QStringLiteral("split"),
                       QStringLiteral("throughput: one series per namespace or workflow-type; "
                                      "items-per-second: per namespace and aggregation type "
                                      "(default: per aggregation type)."),
                       QStringLiteral("BY") });
    parser.addOption({ QStringLiteral("time-zone"),
                       QStringLiteral("Zone the buckets are aligned in (default: this machine's)."),
                       QStringLiteral("Z") });
    parser.addOption(
        { QStringLiteral("sql"),
          QStringLiteral("Print the SQL the server runs (values inlined) and stop.") });
    parser.addOption({ { QStringLiteral("o"), QStringLiteral("output") },
                       QStringLiteral("The file to write: .png or .csv."),
                       QStringLiteral("FILE") });
    if (const std::optional<int> over = parseStandardOptions(parser, arguments, true))
        return *over;

    const QStringList positional = parser.positionalArguments();
    const std::optional<ChartKind> kind = chartKindFromName(positional.value(0));
    if (positional.size() != 1 || !kind)
        return usageError(parser,
                          QStringLiteral("Name one chart: throughput, items-per-second "
                                         "or step-durations."));
    const QString output = parser.value(QStringLiteral("output"));
    const QString suffix = QFileInfo(output).suffix().toLower();
    const bool printSql = parser.isSet(QStringLiteral("sql"));
    if (!printSql && output.isEmpty())
        return usageError(parser,
                          QStringLiteral("Say where to write the chart: -o FILE.png or "
                                         "-o FILE.csv."));
    if (!printSql && suffix != QLatin1String("png") && suffix != QLatin1String("csv"))
        return usageError(parser,
                          QStringLiteral("Cannot tell the format of \"%1\": name it "
                                         ".png or .csv.")
                              .arg(output));

    ChartRequest request;
    request.kind = *kind;
    request.timeZone = parser.value(QStringLiteral("time-zone")).toUtf8();
    const QTimeZone zone
        = request.timeZone.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(request.timeZone);
    if (!zone.isValid())
        return usageError(parser,
                          QStringLiteral("\"%1\" is not a time zone this machine knows "
                                         "(try Europe/Berlin or UTC).")
                              .arg(QString::fromUtf8(request.timeZone)));
    const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch());
    const std::optional<QDateTime> to
        = parseTimeArgument(parser.value(QStringLiteral("to")), now, zone);
    const std::optional<QDateTime> from = parser.isSet(QStringLiteral("from"))
        ? parseTimeArgument(parser.value(QStringLiteral("from")), now, zone)
        : (to ? std::optional(to->addDays(-7)) : std::nullopt);
    if (!from || !to)
        return usageError(
            parser,
            QStringLiteral("Cannot read --%1 \"%2\" as a time (try now, "
                           "-24h or 2026-11-20T14:00).")
                .arg(!from ? QStringLiteral("from") : QStringLiteral("to"),
                     parser.value(!from ? QStringLiteral("from") : QStringLiteral("to"))));
    request.from = *from;
    request.to = *to;
    if (parser.isSet(QStringLiteral("bucket"))) {
        const std::optional<qint64> bucket = parseBucket(parser.value(QStringLiteral("bucket")));
        if (!bucket)
            return usageError(parser,
                              QStringLiteral("Cannot read --bucket \"%1\" (try 30s, 5m, "
                                             "1h or 1d).")
                                  .arg(parser.value(QStringLiteral("bucket"))));
        request.bucketSeconds = *bucket;
    }
    request.namespaceFilter = parser.value(QStringLiteral("namespace"));
    const std::optional<ThroughputSplit> split
        = splitFromName(parser.value(QStringLiteral("split")));
    if (!split)
        return usageError(parser, QStringLiteral("--split takes namespace or workflow-type."));
    if (*split == ThroughputSplit::WorkflowType && *kind != ChartKind::Throughput)
        return usageError(parser,
                          QStringLiteral("--split workflow-type goes with the throughput chart; "
                                         "items-per-second splits by namespace."));
    if (*split != ThroughputSplit::None && *kind == ChartKind::StepDurations)
        return usageError(parser, QStringLiteral("step-durations has no --split."));
    request.split = *split;
    Result<ChartRequest> resolved = resolveChartRequest(request);
    if (!resolved)
        return usageError(parser, resolved.error().message);
    if (printSql) {
        QTextStream(stdout) << inlineParameters(chartStatement(*resolved)) << ";\n";
        return Done;
    }

    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-chart"));
    if (!session)
        return session.error();
    Result<ChartData> data = readChart(*session, request);
    if (!data)
        return failure(data.error().message);
    if (!data->hasData())
        return failure(
            QStringLiteral("No data in this range (%1 to %2)%3; nothing was written.")
                .arg(request.from.toTimeZone(zone).toString(Qt::ISODate),
                     request.to.toTimeZone(zone).toString(Qt::ISODate),
                     request.namespaceFilter.isEmpty()
                         ? QString()
                         : QStringLiteral(" for namespace %1").arg(request.namespaceFilter)));
    if (Status written = writeChartFile(*data, output); !written)
        return failure(written.error().message);
    QTextStream err(stderr);
    err << "Wrote " << output << ": " << data->rows.size() << " rows";
    if (*kind != ChartKind::StepDurations)
        err << " in " << data->seriesNames().size() << " series of "
            << bucketLabel(data->request.bucketSeconds) << " buckets";
    err << ".\n";
    return Done;
}

} // namespace bridgescope::cli
