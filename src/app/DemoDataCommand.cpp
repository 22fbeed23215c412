// bridgescope demo-data [--dsn URI] [--workflows N] [--days D] [--namespaces K] [--seed S]
// [--end T] [--replace]: fills the bundled schema with realistic, reproducible demo data.
#include "Cli.h"
#include "connection/Session.h"
#include "metrics/DemoData.h"
#include "metrics/TimeArgument.h"

#include <QTextStream>

namespace bridgescope::cli {

namespace {

std::optional<qint64> wholeNumber(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

} // namespace

int runDemoData(const QStringList &arguments)
{
    const DemoDataOptions defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Fill the OmniNode Bridge tables with demo data that follows the services' lifecycles: "
        "workflows with their steps, FSM transitions, stamps and events; the reducer's "
        "aggregation windows; nodes and agents. Generated on the server in batches of one "
        "transaction each; the same --seed and --end write the same rows."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption({ QStringLiteral("workflows"),
                       QStringLiteral("How many workflows (default %1).").arg(defaults.workflows),
                       QStringLiteral("N"), QString::number(defaults.workflows) });
    parser.addOption({ QStringLiteral("days"),
                       QStringLiteral("Spread over this many days before --end (default %1).")
                           .arg(defaults.days),
                       QStringLiteral("D"), QString::number(defaults.days) });
    parser.addOption(
        { QStringLiteral("namespaces"),
          QStringLiteral("How many tenant namespaces (default %1).").arg(defaults.namespaces),
          QStringLiteral("K"), QString::number(defaults.namespaces) });
    parser.addOption({ QStringLiteral("seed"),
                       QStringLiteral("The seed: the same seed gives the same data (default %1).")
                           .arg(defaults.seed),
                       QStringLiteral("S"), QString::number(defaults.seed) });
    parser.addOption({ QStringLiteral("end"),
                       QStringLiteral("The data's \"now\": an ISO time, or now (default)."),
                       QStringLiteral("T"), QStringLiteral("now") });
    parser.addOption({ QStringLiteral("replace"),
                       QStringLiteral("Empty the bridge tables first (otherwise a database that "
                                      "has rows in them is left alone).") });
    parser.addOption(
        { QStringLiteral("batch"),
          QStringLiteral("Workflows per transaction (default %1).").arg(defaults.batchSize),
          QStringLiteral("N"), QString::number(defaults.batchSize) });
    if (const std::optional<int> over = parseStandardOptions(parser, arguments))
        return *over;

    DemoDataOptions options;
    const auto workflows = wholeNumber(parser, QStringLiteral("workflows"));
    const auto days = wholeNumber(parser, QStringLiteral("days"));
    const auto namespaces = wholeNumber(parser, QStringLiteral("namespaces"));
    const auto seed = wholeNumber(parser, QStringLiteral("seed"));
    const auto batch = wholeNumber(parser, QStringLiteral("batch"));
    if (!workflows || !days || !namespaces || !seed || !batch)
        return usageError(parser,
                          QStringLiteral("--workflows, --days, --namespaces, --seed and "
                                         "--batch take whole numbers."));
    options.workflows = *workflows;
    options.days = int(std::clamp<qint64>(*days, -1, 100'000));
    options.namespaces = int(std::clamp<qint64>(*namespaces, -1, 100'000));
    options.seed = *seed;
    options.batchSize = int(std::clamp<qint64>(*batch, 0, 10'000'000));
    options.replace = parser.isSet(QStringLiteral("replace"));
    const std::optional<QDateTime> end
        = parseTimeArgument(parser.value(QStringLiteral("end")),
                            QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch()),
                            QTimeZone::systemTimeZone());
    if (!end)
        return usageError(parser,
                          QStringLiteral("Cannot read --end \"%1\" as a time (try "
                                         "2026-11-20T14:00:00Z or now).")
                              .arg(parser.value(QStringLiteral("end"))));
    options.end = *end;
    if (Status valid = validateDemoDataOptions(options); !valid)
        return usageError(parser, valid.error().message);

    SessionOptions sessionOptions;
    sessionOptions.mode = AccessMode::ReadWrite;
    sessionOptions.statementTimeoutMs = 0;
    std::expected<Session, int> session
        = openSession(parser, QStringLiteral("cli-demo-data"), sessionOptions);
    if (!session)
        return session.error();

    QTextStream err(stderr);
    Result<DemoDataReport> report
        = generateDemoData(*session, options, [&err](const DemoDataProgress &progress) {
              err << progress.phase << ": " << progress.written << " of " << progress.total
                  << " workflows\n";
              err.flush();
          });
    if (!report)
        return failure(report.error().message);
    err << "Wrote " << report->workflows << " workflows (about " << report->rows
        << " rows in all) from " << report->from.toString(Qt::ISODate) << " to "
        << report->to.toString(Qt::ISODate) << " in " << QString::number(report->seconds, 'f', 1)
        << " s.\n";
    return Done;
}

} // namespace bridgescope::cli
