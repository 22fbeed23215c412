#include "Cli.h"

#include "connection/ConnectionProfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>

namespace bridgescope::cli {

namespace {

struct Subcommand
{
    const char *name;
    const char *synopsis; // what --help prints on the left
    const char *summary; // and on the right
    int (*run)(const QStringList &);
    bool drawsWidgets = false; // needs a QApplication (fonts, QGraphicsScene)
};

// In the order --help lists them: set up, look, change, draw, take out.
constexpr Subcommand kSubcommands[] = {
    { "cluster", "cluster start|stop|status", "the private PostgreSQL cluster", runCluster },
    { "info", "info", "connect and print the server's details", runInfo },
    { "migrate", "migrate status|up|down|verify|drift",
      "migration state; apply, roll back, round trip, drift", runMigrate },
    { "schema", "schema", "the catalog as text or JSON", runSchema },
    { "find", "find TEXT", "any object by name, the best match first", runFind },
    { "ddl", "ddl OBJECT…", "an object's DDL, as pg_dump writes it", runDdl },
    { "diagram", "diagram -o FILE", "the ER diagram as SVG or PNG", runDiagram, true },
    { "export", "export --table T -o FILE", "a table's rows as CSV or JSON", runExport },
    { "query", "query (-c SQL | -f FILE)", "run SQL as the console does; JSON or CSV", runQuery },
    { "explain", "explain (-c SQL | -f FILE | --plan-file FILE)",
      "a plan: each node's time, rows, buffers, and the findings", runExplain },
    { "complete", "complete --sql TEXT --at N", "the console's completions at a place",
      runComplete },
    { "demo-data", "demo-data", "fill the bridge tables with generated workflows", runDemoData },
    { "chart", "chart KIND -o FILE", "a Metrics chart as PNG or CSV", runChart, true },
    { "trace", "trace ID", "one workflow: steps, transitions, events, stamps", runTrace },
    { "failures", "failures", "failed workflows grouped by error", runFailures },
    { "session", "session ID", "a session's events and workflows", runSession },
    { "namespaces", "namespaces", "per-namespace workflow and stamp statistics", runNamespaces },
    { "health", "health", "sessions, locks, replication, storage, indexes, top statements",
      runHealth },
    { "cancel", "cancel PID", "cancel a server process's query", runCancel },
    { "terminate", "terminate PID", "end a server process", runTerminate },
};

const Subcommand *findSubcommand(const QString &name)
{
    for (const Subcommand &command : kSubcommands) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

} // namespace

bool isSubcommand(const QString &name)
{
    return findSubcommand(name) != nullptr;
}

bool subcommandDrawsWidgets(const QString &name)
{
    const Subcommand *command = findSubcommand(name);
    return command && command->drawsWidgets;
}

QStringList subcommandNames()
{
    QStringList names;
    for (const Subcommand &command : kSubcommands)
        names << QLatin1String(command.name);
    return names;
}

QString subcommandSummary()
{
    QString text = QStringLiteral("Subcommands (run `bridgescope SUBCOMMAND --help`):\n");
    for (const Subcommand &command : kSubcommands)
        text += QStringLiteral("  %1  %2\n")
                    .arg(QLatin1String(command.synopsis), -30)
                    .arg(QLatin1String(command.summary));
    return text;
}

int unknownSubcommand(const QString &name)
{
    QTextStream(stderr) << "bridgescope: \"" << name
                        << "\" is not a subcommand; the subcommands are "
                        << subcommandNames().join(QStringLiteral(", "))
                        << " (run `bridgescope --help`).\n";
    return Usage;
}

int runSubcommand(const QStringList &arguments)
{
    const Subcommand *command = findSubcommand(arguments.value(1));
    return command ? command->run(arguments.mid(1)) : unknownSubcommand(arguments.value(1));
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

std::expected<QByteArray, QString> readInputFile(const QString &path)
{
    QFile file(path);
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : file.open(QIODevice::ReadOnly);
    if (!opened)
        return std::unexpected(QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return file.readAll();
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
