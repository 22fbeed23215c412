#include "Cli.h"

#include "connection/ConnectionProfile.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace bridgescope::cli {

namespace {

struct Subcommand
{
    const char *name;
    int (*run)(const QStringList &);
    bool drawsWidgets = false; // needs a QApplication (fonts, QGraphicsScene)
};

constexpr Subcommand kSubcommands[] = {
    { "chart", runChart, true }, { "cluster", runCluster },       { "demo-data", runDemoData },
    { "export", runExport },     { "diagram", runDiagram, true }, { "info", runInfo },
    { "migrate", runMigrate },   { "schema", runSchema },
};

} // namespace

bool isSubcommand(const QString &name)
{
    for (const Subcommand &command : kSubcommands) {
        if (name == QLatin1String(command.name))
            return true;
    }
    return false;
}

bool subcommandDrawsWidgets(const QString &name)
{
    for (const Subcommand &command : kSubcommands) {
        if (name == QLatin1String(command.name))
            return command.drawsWidgets;
    }
    return false;
}

int runSubcommand(const QStringList &arguments)
{
    const QString name = arguments.value(1);
    for (const Subcommand &command : kSubcommands) {
        if (name == QLatin1String(command.name))
            return command.run(arguments.mid(1));
    }
    return Usage;
}

void addDsnOption(QCommandLineParser &parser)
{
    parser.addOption(
        { QStringLiteral("dsn"),
          QStringLiteral("Connection string: a postgresql:// URI or key=value pairs, as "
                         "psql takes. Unset parts come from PG* variables, "
                         "pg_service.conf and ~/.pgpass."),
          QStringLiteral("URI") });
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    QTextStream err(stderr);
    Q_UNUSED(parser);
    err << "bridgescope: " << message << '\n'
        << "Run `bridgescope " << QCoreApplication::arguments().value(1) << " --help` for usage.\n";
    return Usage;
}

int failure(const QString &message)
{
    QTextStream(stderr) << "bridgescope: " << message << '\n';
    return Failed;
}

std::expected<Session, int> openSession(const QCommandLineParser &parser, const QString &purpose,
                                        const SessionOptions &options)
{
    Result<ConnectionProfile> profile
        = ConnectionProfile::fromDsn(parser.value(QStringLiteral("dsn")));
    if (!profile)
        return std::unexpected(usageError(parser, profile.error().message));
    Result<Session> session = Session::open(*profile, options, purpose);
    if (!session)
        return std::unexpected(failure(session.error().message));
    return std::move(*session);
}

std::expected<Session, int> openReadOnlySession(const QCommandLineParser &parser,
                                                const QString &purpose)
{
    return openSession(parser, purpose, SessionOptions {});
}

std::optional<int> parseStandardOptions(QCommandLineParser &parser, const QStringList &arguments,
                                        bool takesArguments)
{
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Done;
    }
    if (!takesArguments && !parser.positionalArguments().isEmpty())
        return usageError(
            parser,
            QStringLiteral("%1 takes no arguments besides options.").arg(arguments.value(0)));
    return std::nullopt;
}

} // namespace bridgescope::cli
