// LocalCluster on the machine's real PostgreSQL server programs: start, stop, restart, reuse,
// stale pid files, and the clear errors for a missing install, a closed folder, a taken port.
#include "CliRun.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/ServerTools.h"
#include "connection/Session.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

#include <unistd.h>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QVariant scalar(const ConnectionProfile &profile, const QString &sql)
{
    Result<Session> session = Session::open(profile, SessionOptions {}, QStringLiteral("tst"));
    if (!session)
        return QStringLiteral("connect failed: ") + session.error().message;
    QSqlQuery query(session->database());
    if (!query.exec(sql) || !query.next())
        return QStringLiteral("query failed");
    return query.value(0);
}

} // namespace

class tst_LocalCluster : public QObject
{
    Q_OBJECT
private slots:
    void startsStopsAndRestartsKeepingData()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path()));
        QCOMPARE(cluster.state().value(), LocalCluster::State::Missing);

        Result<ConnectionProfile> started = cluster.start();
        QVERIFY2(
            started,
            qPrintable(started ? QString() : started.error().message + started.error().detail));
        QCOMPARE(cluster.state().value(), LocalCluster::State::Running);
        QCOMPARE(scalar(*started, QStringLiteral("select current_user")).toString(),
                 QStringLiteral("postgres"));
        QVERIFY(execSql(QStringLiteral("create table kept(v int); insert into kept values (42)"),
                        *started));

        // Listening on the private socket only.
        QCOMPARE(scalar(*started, QStringLiteral("show listen_addresses")).toString(), QString());
        QCOMPARE(QFileInfo(cluster.socketDirectory()).permissions()
                     & (QFile::ReadOther | QFile::ExeOther),
                 QFileDevice::Permissions());

        // A second start of a running cluster reuses it.
        QVERIFY(cluster.start());
        QVERIFY(cluster.stop());
        QCOMPARE(cluster.state().value(), LocalCluster::State::Stopped);
        QVERIFY(cluster.stop()); // stopping a stopped cluster is fine

        Result<ConnectionProfile> again = LocalCluster(scratchClusterOptions(dir.path())).start();
        QVERIFY(again);
        QCOMPARE(scalar(*again, QStringLiteral("select v from kept")).toInt(), 42);
        QVERIFY(cluster.stop());
    }

    void uriConnectsAndHandlesSpacesInThePath()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/with space")));
        QVERIFY(cluster.start());
        auto profile = ConnectionProfile::fromDsn(cluster.uri());
        QVERIFY(profile);
        QCOMPARE(scalar(*profile, QStringLiteral("select 1")).toInt(), 1);
        QVERIFY(cluster.stop());
    }

    void recoversFromStalePidFile_data()
    {
        QTest::addColumn<qint64>("pid");
        QTest::newRow("process gone") << qint64(4'194'000);
        QTest::newRow("pid reused by another program") << qint64(::getpid());
    }
    void recoversFromStalePidFile()
    {
        QFETCH(qint64, pid);
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path()));
        QVERIFY(cluster.start());
        QVERIFY(cluster.stop());

        // What a crash leaves behind: the pid file of a server that is no longer there.
        QFile pidFile(cluster.dataDirectory() + QStringLiteral("/postmaster.pid"));
        QVERIFY(pidFile.open(QIODevice::WriteOnly));
        pidFile.write(QByteArray::number(pid) + '\n' + cluster.dataDirectory().toUtf8()
                      + "\n1700000000\n5432\n");
        pidFile.close();
        QCOMPARE(cluster.state().value(), LocalCluster::State::Stopped);

        Result<ConnectionProfile> started = cluster.start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        QCOMPARE(scalar(*started, QStringLiteral("select 1")).toInt(), 1);
        QVERIFY(cluster.stop());
    }

    void missingServerProgramsSayWhatToInstall()
    {
        ScratchDir dir;
        const QByteArray chosen = qgetenv("BRIDGESCOPE_PG_BINDIR"); // test-versions sets it
        qputenv("BRIDGESCOPE_PG_BINDIR", "/nonexistent/bin");
        Result<ConnectionProfile> started = LocalCluster(scratchClusterOptions(dir.path())).start();
        if (chosen.isEmpty())
            qunsetenv("BRIDGESCOPE_PG_BINDIR");
        else
            qputenv("BRIDGESCOPE_PG_BINDIR", chosen);
        QVERIFY(!started);
        QCOMPARE(started.error().kind, Error::Kind::Environment);
        QVERIFY2(started.error().message.contains(QLatin1String("initdb and pg_ctl are not there")),
                 qPrintable(started.error().message));
    }

    // --pg-bin: another major's programs, recorded in the cluster so that a later start or
    // stop without it uses the same ones; a folder without them is named.
    void aClusterKeepsTheServerProgramsItWasStartedWith()
    {
        Result<ServerTools> tools = ServerTools::locate();
        QVERIFY(tools);
        ScratchDir dir;
        LocalClusterOptions options = scratchClusterOptions(dir.path());
        options.binDir = tools->binDir();
        QVERIFY(LocalCluster(options).start());
        QCOMPARE(LocalCluster::recordedBinDir(dir.path()), tools->binDir());
        LocalCluster plain(scratchClusterOptions(dir.path()));
        QCOMPARE(*plain.state(), LocalCluster::State::Running);
        QVERIFY(plain.stop());
        QCOMPARE(*plain.state(), LocalCluster::State::Stopped);

        ScratchDir empty;
        const CliRun run
            = runCli({ "cluster", "start", "--dir", empty.path(), "--pg-bin", empty.path() });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(
                     QStringLiteral("%1 holds no PostgreSQL server programs").arg(empty.path())),
                 qPrintable(run.err));
    }

    void unwritableFolderIsReported()
    {
        Result<ConnectionProfile> started
            = LocalCluster(
                  scratchClusterOptions(QStringLiteral("/proc/bridgescope-cannot-be-here")))
                  .start();
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QLatin1String("cannot be created or written to")),
                 qPrintable(started.error().message));
    }

    // A disk too full for the cluster's first WAL segment: the sentence gives initdb's reason.
    void aFullDiskSaysWhyTheClusterCannotBeMade()
    {
        ScratchDir dir;
        const CliRun run = runCliWithFileSizeLimit(
            1 << 20,
            { QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--dir"),
              dir.path() + QStringLiteral("/full"), QStringLiteral("--port"),
              QString::number(freeTcpPort()) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith(QStringLiteral("bridgescope: initdb could not create the "
                                                   "cluster in %1/full/data: could not write")
                                        .arg(dir.path())),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("File too large")), qPrintable(run.err));
    }

    void folderWithOtherFilesIsNotOverwritten()
    {
        ScratchDir dir;
        LocalClusterOptions options = scratchClusterOptions(dir.path());
        QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/data")));
        QFile precious(dir.path() + QStringLiteral("/data/precious.txt"));
        QVERIFY(precious.open(QIODevice::WriteOnly));
        precious.write("keep me");
        precious.close();
        Result<ConnectionProfile> started = LocalCluster(options).start();
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QLatin1String("will not overwrite")),
                 qPrintable(started.error().message));
        QVERIFY(QFile::exists(precious.fileName()));
    }

    void tooLongSocketPathIsReported()
    {
        ScratchDir dir;
        const QString deep = dir.path() + QLatin1Char('/') + QString(90, QLatin1Char('d'));
        Result<ConnectionProfile> started = LocalCluster(scratchClusterOptions(deep)).start();
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QLatin1String("too deep")),
                 qPrintable(started.error().message));
    }

    void takenPortIsReported()
    {
        ScratchDir first;
        ScratchDir second;
        LocalClusterOptions firstOptions = scratchClusterOptions(first.path(), true);
        LocalCluster holder(firstOptions);
        QVERIFY(holder.start());

        LocalClusterOptions clash = scratchClusterOptions(second.path(), true);
        clash.port = firstOptions.port;
        Result<ConnectionProfile> started = LocalCluster(clash).start();
        QVERIFY(holder.stop());
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QStringLiteral("Port %1").arg(firstOptions.port)),
                 qPrintable(started.error().message));
        QVERIFY(started.error().message.contains(QLatin1String("already taken")));
    }

    void worksForAnOrdinaryUser()
    {
        // As root (CI), the code path above ran the server through runuser. Run the CLI itself
        // as an ordinary account here, so the non-root path is exercised too.
        if (::geteuid() != 0)
            QSKIP("already running as an ordinary user: every other test here covers that path");
        QProcess probe;
        probe.start(QStringLiteral("runuser"),
                    { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                      QStringLiteral("test"), QStringLiteral("-x"), bridgescopeBinary() });
        if (!probe.waitForFinished() || probe.exitCode() != 0)
            QSKIP(
                "the build folder is closed to the postgres account, so it cannot run the binary");
        ScratchDir dir;
        const QString clusterDir = dir.path() + QStringLiteral("/as-user");
        QVERIFY(QDir().mkpath(clusterDir));
        QProcess chown;
        chown.start(QStringLiteral("chown"), { QStringLiteral("postgres:"), clusterDir });
        QVERIFY(chown.waitForFinished() && chown.exitCode() == 0);

        auto runAsUser = [&](const QString &action) {
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.setWorkingDirectory(QStringLiteral("/"));
            process.start(QStringLiteral("runuser"),
                          { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                            bridgescopeBinary(), QStringLiteral("cluster"), action,
                            QStringLiteral("--dir"), clusterDir });
            process.waitForFinished(120'000);
            return std::pair(process.exitCode(), QString::fromUtf8(process.readAll()));
        };
        auto [startCode, startOutput] = runAsUser(QStringLiteral("start"));
        QVERIFY2(startCode == 0, qPrintable(startOutput));
        QVERIFY(startOutput.startsWith(QLatin1String("postgresql://postgres@/postgres?host=")));
        auto [statusCode, statusOutput] = runAsUser(QStringLiteral("status"));
        QCOMPARE(statusCode, 0);
        QVERIFY(statusOutput.startsWith(QLatin1String("running ")));
        auto [stopCode, stopOutput] = runAsUser(QStringLiteral("stop"));
        QVERIFY2(stopCode == 0, qPrintable(stopOutput));
    }
};

QTEST_GUILESS_MAIN(tst_LocalCluster)
#include "tst_localcluster.moc"
