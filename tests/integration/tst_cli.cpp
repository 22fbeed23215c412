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

    void clusterLifecycleFromTheCommandLine()
    {
        ScratchDir dir;
        const QString clusterDir = dir.path() + QStringLiteral("/cli");
        const QStringList where { QStringLiteral("--dir"), clusterDir };
        CliRun status
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("status") } + where);
        QCOMPARE(status.exitCode, 1);
        QVERIFY(status.out.startsWith(QLatin1String("missing ")));

        const CliRun start
            = runCli(QStringList { QStringLiteral("cluster"), QStringLiteral("start") } + where);
        QVERIFY2(start.exitCode == 0, qPrintable(start.err));
        const QString uri = start.out.trimmed();
        QVERIFY(uri.startsWith(QLatin1String("postgresql://postgres@/postgres?host=")));

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
        demo.start(QStringLiteral(BRIDGESCOPE_BINARY),
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
