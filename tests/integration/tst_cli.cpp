// The command line as a script sees it: stdout for results, one sentence on stderr for a
// failure, exit 0 done, 1 failed, 2 bad usage.
#include "CliRun.h"
#include "TestDatabase.h"

#include <QProcess>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void infoDescribesTheServer()
    {
        const CliRun run = runCli(
            { QStringLiteral("info"), QStringLiteral("--dsn"), testProfile().toConnInfo(true) });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QLatin1String("version:  PostgreSQL ")));
        QVERIFY(run.out.contains(
            QStringLiteral("database: %1").arg(testProfile().value(QStringLiteral("dbname")))));
        QVERIFY(run.err.isEmpty());
    }

    void infoFailureIsOneSentenceOnStderr()
    {
        ConnectionProfile profile = testProfile();
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("nope"));
        const CliRun run
            = runCli({ QStringLiteral("info"), QStringLiteral("--dsn"), profile.toConnInfo(true) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(
            run.err.startsWith(QLatin1String("bridgescope: The database \"nope\" does not exist")),
            qPrintable(run.err));
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    }

    // The server's own warning ("WARNING:  PID 1 is not a PostgreSQL backend process") is not
    // printed beside the program's sentence: notices reach stderr only as its own words.
    void aServerWarningIsNotPrintedRaw()
    {
        const CliRun run = runCli({ QStringLiteral("cancel"), QStringLiteral("1"),
                                    QStringLiteral("--dsn"), testProfile().toConnInfo(true) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(!run.err.contains(QLatin1String("WARNING")), qPrintable(run.err));
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.startsWith(QLatin1String("bridgescope: ")), qPrintable(run.err));
    }

    // The window, started from a terminal without a desktop session, prints only its own words
    // (no "QStandardPaths: XDG_RUNTIME_DIR not set").
    void theWindowPrintsNoRuntimeDirectoryWarning()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const CliRun run = runCli(
            { QStringLiteral("--dsn"), QStringLiteral("host=a nosuchkeyword=b") }, environment);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.err.contains(QLatin1String("XDG_RUNTIME_DIR")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("bridgescope: ")), qPrintable(run.err));
    }

    void malformedDsnIsAUsageError()
    {
        const CliRun run = runCli({ QStringLiteral("info"), QStringLiteral("--dsn"),
                                    QStringLiteral("postgresql://%zz") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("The connection string is not valid")),
                 qPrintable(run.err));
    }

    void unknownOptionIsAUsageError()
    {
        const CliRun run = runCli({ QStringLiteral("cluster"), QStringLiteral("status"),
                                    QStringLiteral("--frobnicate") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains(QLatin1String("frobnicate")));
    }

    void helpNamesEverySubcommand()
    {
        // In a terminal without a display, as on a server or in a container.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_RUNTIME_DIR" })
            environment.remove(QLatin1String(name));
        const CliRun run = runCli({ QStringLiteral("--help") }, environment);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        const CliRun version = runCli({ QStringLiteral("--version") }, environment);
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith(QLatin1String("bridgescope ")), qPrintable(version.out));
        for (const char *name :
             { "cluster", "info", "migrate", "schema", "diagram", "export", "demo-data", "chart",
               "trace", "failures", "session", "namespaces" })
            QVERIFY2(run.out.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(name))),
                     qPrintable(QStringLiteral("%1 missing from:\n%2").arg(name, run.out)));
    }

    void unknownSubcommandIsAUsageErrorNotTheGui()
    {
        // Without a display the GUI would wait forever; runCli's own time limit would fail this.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        const CliRun run = runCli({ QStringLiteral("frobnicate") }, environment);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.contains(QLatin1String("\"frobnicate\" is not a subcommand")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("cluster, info, migrate")), qPrintable(run.err));
    }

    void noRuntimeDirectoryWarningWithoutADesktopSession()
    {
        // As under cron, ssh or CI: no XDG_RUNTIME_DIR. Both kinds of subcommand, the plain one
        // and the one that draws offscreen.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        const CliRun info = runCli(
            { QStringLiteral("info"), QStringLiteral("--dsn"), testProfile().toConnInfo(true) },
            environment);
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY2(info.err.isEmpty(), qPrintable(info.err));
        const CliRun chart
            = runCli({ QStringLiteral("chart"), QStringLiteral("--help") }, environment);
        QCOMPARE(chart.exitCode, 0);
        QVERIFY2(chart.err.isEmpty(), qPrintable(chart.err));
    }

    void clusterLifecycleFromTheCommandLine()
    {
        ScratchDir dir;
        const QString clusterDir = dir.path() + QStringLiteral("/cli");
        const QStringList where { QStringLiteral("--dir"), clusterDir };
        CliRun status
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("status") } + where);
        QCOMPARE(status.exitCode, 1);
        QVERIFY(status.out.startsWith(QLatin1String("missing ")));

        // Started with cron's PATH, which lacks /usr/sbin (runuser, when the tests run as root).
        QProcessEnvironment cron = QProcessEnvironment::systemEnvironment();
        cron.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        // On a port of its own: status and stop find it again without being told.
        const CliRun start
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("start"),
                                   QStringLiteral("--port"), QStringLiteral("5433") }
                         + where,
                     cron);
        QVERIFY2(start.exitCode == 0, qPrintable(start.err));
        QVERIFY2(start.err.isEmpty(), qPrintable(start.err));
        const QString uri = start.out.trimmed();
        QVERIFY(uri.startsWith(QLatin1String("postgresql://postgres@/postgres?host=")));
        QVERIFY(uri.endsWith(QLatin1String("&port=5433")));

        const CliRun info = runCli({ QStringLiteral("info"), QStringLiteral("--dsn"), uri });
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));

        status
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("status") } + where);
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.out.trimmed(), QStringLiteral("running ") + uri);

        const CliRun stop
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("stop") } + where);
        QCOMPARE(stop.exitCode, 0);
        status
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("status") } + where);
        QCOMPARE(status.exitCode, 1);
        QVERIFY(status.out.startsWith(QLatin1String("stopped ")));
    }

    void demoStartsItsClusterAndStopsItOnCtrlC()
    {
        // The demo path as `scripts/demo` runs it (offscreen here): the window starts the private
        // cluster, connects, and a SIGTERM/SIGINT from the terminal quits and stops the cluster.
        ScratchDir dir;
        const QString clusterDir = dir.path() + QStringLiteral("/demo");
        QProcess demo;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        demo.setProcessEnvironment(env);
        demo.start(bridgescopeBinary(),
                   { QStringLiteral("--demo"), QStringLiteral("--demo-dir"), clusterDir });
        QVERIFY(demo.waitForStarted());
        const QStringList status { QStringLiteral("cluster"), QStringLiteral("status"),
                                   QStringLiteral("--dir"), clusterDir };
        QTRY_VERIFY_WITH_TIMEOUT(runCli(status).exitCode == 0, 60'000);
        // The demo opens omninode_bridge with the bundled chain applied.
        const QStringList migrationStatus {
            QStringLiteral("migrate"), QStringLiteral("status"), QStringLiteral("--dsn"),
            QStringLiteral("host=%1/socket port=5432 user=postgres dbname=omninode_bridge")
                .arg(clusterDir)
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            runCli(migrationStatus).out.contains(QLatin1String("database at version 019")), 60'000);
        demo.terminate();
        QVERIFY(demo.waitForFinished(60'000));
        QCOMPARE(demo.exitStatus(), QProcess::NormalExit);
        QCOMPARE(demo.exitCode(), 0);
        const CliRun after = runCli(status);
        QCOMPARE(after.exitCode, 1);
        QVERIFY2(after.out.startsWith(QLatin1String("stopped ")), qPrintable(after.out));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
