// bridgescope: the GUI, or a subcommand (cluster, info, …) that runs the same core headless.
#include "Cli.h"
#include "MainWindow.h"
#include "QuitOnSignal.h"
#include "connection/ConnectionProfile.h"
#include "connection/LocalCluster.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTextStream>

#include <sys/stat.h>
#include <unistd.h>

using namespace bridgescope;

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BridgeScope"));
    QCoreApplication::setApplicationName(QStringLiteral("bridgescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BRIDGESCOPE_VERSION));
}

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    describeApplication();
    quitOnTerminationSignals(app);
    QApplication::setApplicationDisplayName(QStringLiteral("BridgeScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/bridgescope.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("BridgeScope: a schema and data explorer for PostgreSQL.\n\n"
                       "Subcommands (run `bridgescope SUBCOMMAND --help`):\n"
                       "  cluster start|stop|status   the private PostgreSQL cluster\n"
                       "  info                        connect and print the server's details"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("demo"),
                       QStringLiteral("Start the private demo PostgreSQL cluster and open it.") });
    parser.addOption({ QStringLiteral("demo-dir"),
                       QStringLiteral("Folder of the demo cluster (default: %1).")
                           .arg(LocalCluster::defaultDemoDirectory()),
                       QStringLiteral("DIR") });
    cli::addDsnOption(parser);
    parser.process(app);

    QSettings settings;
    MainWindow window(settings);
    window.show();

    if (parser.isSet(QStringLiteral("demo"))) {
        LocalClusterOptions options;
        options.directory = parser.isSet(QStringLiteral("demo-dir"))
            ? parser.value(QStringLiteral("demo-dir"))
            : LocalCluster::defaultDemoDirectory();
        window.startDemo(options);
    } else if (parser.isSet(QStringLiteral("dsn")) || !qEnvironmentVariableIsEmpty("PGHOST")
               || !qEnvironmentVariableIsEmpty("PGDATABASE")
               || !qEnvironmentVariableIsEmpty("PGSERVICE")) {
        Result<ConnectionProfile> profile
            = ConnectionProfile::fromDsn(parser.value(QStringLiteral("dsn")));
        if (!profile) {
            QTextStream(stderr) << "bridgescope: " << profile.error().message << '\n';
            return cli::Usage;
        }
        window.connectTo(*profile);
    } else {
        window.showConnectionDialog();
    }

    const int status = app.exec();
    // The demo cluster goes away with the window that started it (one found running stays).
    if (const auto demo = window.demoClusterToStop())
        LocalCluster(*demo).stop();
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && cli::subcommandDrawsWidgets(QString::fromLocal8Bit(argv[1]))) {
        // Drawn headless: no window opens, so no display is needed.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Qt warns on stderr when this is unset (as under cron or CI) and then uses this folder.
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            const QByteArray runtime = "/tmp/runtime-" + QByteArray::number(getuid());
            ::mkdir(runtime.constData(), 0700);
            qputenv("XDG_RUNTIME_DIR", runtime);
        }
        QApplication app(argc, argv);
        describeApplication();
        return cli::runSubcommand(QCoreApplication::arguments());
    }
    if (argc > 1 && cli::isSubcommand(QString::fromLocal8Bit(argv[1]))) {
        QCoreApplication app(argc, argv);
        describeApplication();
        return cli::runSubcommand(QCoreApplication::arguments());
    }
    return runGui(argc, argv);
}
