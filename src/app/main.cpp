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

#include <csignal>
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

void describeGuiOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("BridgeScope: a schema and data explorer for PostgreSQL.\n\n")
        + cli::subcommandSummary().trimmed());
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("demo"),
                       QStringLiteral("Start the private demo PostgreSQL cluster and open it.") });
    parser.addOption({ QStringLiteral("demo-dir"),
                       QStringLiteral("Folder of the demo cluster (default: %1).")
                           .arg(LocalCluster::defaultDemoDirectory()),
                       QStringLiteral("DIR") });
    parser.addOption({ QStringLiteral("pg-bin"),
                       QStringLiteral("The demo cluster's PostgreSQL server programs (another "
                                      "major version's folder of initdb and pg_ctl)."),
                       QStringLiteral("DIR") });
    cli::addDsnOption(parser);
}

// --help and --version answer in a terminal without a display: no window system is touched.
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "-?" || argument == "--help-all"
            || argument == "-v" || argument == "--version")
            return true;
    }
    return false;
}

int printHelpOrVersion(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    describeApplication();
    QCommandLineParser parser;
    describeGuiOptions(parser);
    parser.process(app); // prints and exits
    return cli::Done;
}

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    describeApplication();
    quitOnTerminationSignals(app);
    QApplication::setApplicationDisplayName(QStringLiteral("BridgeScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/bridgescope.svg")));

    QCommandLineParser parser;
    describeGuiOptions(parser);
    parser.process(app);

    QSettings settings;
    MainWindow window(settings);
    window.show();

    if (parser.isSet(QStringLiteral("demo"))) {
        LocalClusterOptions options;
        options.directory = parser.isSet(QStringLiteral("demo-dir"))
            ? parser.value(QStringLiteral("demo-dir"))
            : LocalCluster::defaultDemoDirectory();
        options.binDir = parser.value(QStringLiteral("pg-bin"));
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

// Qt warns on stderr when XDG_RUNTIME_DIR is unset (cron, CI, ssh, a container, a terminal
// without a desktop session) and then uses /tmp/runtime-UID. The program prints only what it
// means to say: make that folder, as Qt would, and name it.
void provideRuntimeDirectory()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QByteArray runtime = "/tmp/runtime-" + QByteArray::number(getuid());
    ::mkdir(runtime.constData(), 0700);
    struct stat info = {};
    if (::lstat(runtime.constData(), &info) == 0 && S_ISDIR(info.st_mode)
        && info.st_uid == getuid())
        qputenv("XDG_RUNTIME_DIR", runtime);
}

} // namespace

int main(int argc, char *argv[])
{
    // Past a file-size limit (RLIMIT_FSIZE) the kernel would kill us outright; ignored, the write
    // fails with EFBIG instead and the file being written says so in a sentence, as for a full
    // disk, leaving the old file as it was.
    std::signal(SIGXFSZ, SIG_IGN);
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (!first.isEmpty() && !first.startsWith(QLatin1Char('-'))) {
        provideRuntimeDirectory();
        if (!cli::isSubcommand(first)) {
            // Not the GUI: a mistyped subcommand in a terminal must not open a window (or, with
            // no display, hang there).
            return cli::unknownSubcommand(first);
        }
        if (cli::subcommandDrawsWidgets(first)) {
            // Drawn headless: no window opens, so no display is needed.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            QApplication app(argc, argv);
            describeApplication();
            return cli::runSubcommand(QCoreApplication::arguments());
        }
        QCoreApplication app(argc, argv);
        describeApplication();
        return cli::runSubcommand(QCoreApplication::arguments());
    }
    provideRuntimeDirectory(); // the window started from a terminal, too
    if (asksForHelpOrVersion(argc, argv))
        return printHelpOrVersion(argc, argv);
    return runGui(argc, argv);
}
