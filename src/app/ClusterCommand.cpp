// bridgescope cluster start|stop|status [--dir DIR] [--port N] [--tcp] [--standby-of DIR]
//                                      [--pg-bin DIR]
#include "Cli.h"
#include "connection/LocalCluster.h"

#include <QTextStream>

namespace bridgescope::cli {

int runCluster(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Start, stop or inspect a private PostgreSQL cluster (the embedded default)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("start, stop or status"));
    parser.addOption(
        { QStringLiteral("dir"),
          QStringLiteral("Cluster folder (default: %1).").arg(LocalCluster::defaultDemoDirectory()),
          QStringLiteral("DIR") });
    parser.addOption({ QStringLiteral("port"), QStringLiteral("Port number (default 5432)."),
                       QStringLiteral("N"), QStringLiteral("5432") });
    parser.addOption({ QStringLiteral("tcp"),
                       QStringLiteral("Also listen on TCP at ADDRESS (password auth)."),
                       QStringLiteral("ADDRESS") });
    parser.addOption(
        { QStringLiteral("standby-of"),
          QStringLiteral("start: make the new cluster a streaming standby of the running "
                         "cluster in PRIMARY_DIR (pg_basebackup -R)."),
          QStringLiteral("PRIMARY_DIR") });
    parser.addOption(
        { QStringLiteral("pg-bin"),
          QStringLiteral("The PostgreSQL server programs to use (the folder of initdb and "
                         "pg_ctl), for another major version than the machine's. Default: the "
                         "folder the cluster was last started with, else BRIDGESCOPE_PG_BINDIR, "
                         "else pg_config's, else the newest of /usr/lib/postgresql."),
          QStringLiteral("DIR") });
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Done;
    }
    const QString action = parser.positionalArguments().value(0);
    if (parser.positionalArguments().size() != 1
        || !QStringList { QStringLiteral("start"), QStringLiteral("stop"),
                          QStringLiteral("status") }
                .contains(action))
        return usageError(parser, QStringLiteral("say start, stop or status."));

    LocalClusterOptions options;
    options.directory = parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir"))
                                                            : LocalCluster::defaultDemoDirectory();
    bool portOk = false;
    options.port = parser.value(QStringLiteral("port")).toInt(&portOk);
    // Without --port, a cluster that exists answers on the port it was started on.
    if (!parser.isSet(QStringLiteral("port")))
        options.port = LocalCluster::recordedPort(options.directory).value_or(options.port);
    if (!portOk || options.port <= 0 || options.port > 65535)
        return usageError(parser, QStringLiteral("--port takes a number between 1 and 65535."));
    if (parser.isSet(QStringLiteral("tcp"))) {
        options.listenTcp = true;
        options.tcpAddress = parser.value(QStringLiteral("tcp"));
    }
    options.durableInitdb = qEnvironmentVariableIsEmpty("BRIDGESCOPE_FAST_INITDB");
    options.standbyOf = parser.value(QStringLiteral("standby-of"));
    options.binDir = parser.value(QStringLiteral("pg-bin"));
    if (!options.standbyOf.isEmpty() && action != QLatin1String("start"))
        return usageError(parser, QStringLiteral("--standby-of goes with start."));
    LocalCluster cluster(options);
    QTextStream out(stdout);

    if (action == QLatin1String("start")) {
        Result<ConnectionProfile> started = cluster.start();
        if (!started)
            return failure(started.error().message);
        out << cluster.uri() << '\n';
        return Done;
    }
    if (action == QLatin1String("stop")) {
        if (Status stopped = cluster.stop(); !stopped)
            return failure(stopped.error().message);
        out << "stopped " << cluster.options().directory << '\n';
        return Done;
    }
    Result<LocalCluster::State> state = cluster.state();
    if (!state)
        return failure(state.error().message);
    switch (*state) {
    case LocalCluster::State::Missing:
        out << "missing " << cluster.options().directory << '\n';
        return Failed;
    case LocalCluster::State::Stopped:
        out << "stopped " << cluster.options().directory << '\n';
        return Failed;
    case LocalCluster::State::Running:
        out << "running " << cluster.uri() << '\n';
        return Done;
    }
    return Failed;
}

} // namespace bridgescope::cli
