// A real primary and its streaming standby, made by LocalCluster (--standby-of): each knows its
// role, writes on the primary reach the standby, migrations refuse the standby in one sentence
// that names it, drift on a standby replays in a private cluster, and reading works there.
#include "CliRun.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Replication.h"
#include "connection/Session.h"
#include "migrations/DriftCheck.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_Standby : public QObject
{
    Q_OBJECT
private:
    ScratchDir m_dir;
    std::unique_ptr<LocalCluster> m_primary;
    std::unique_ptr<LocalCluster> m_standby;

    static QString scalar(const ConnectionProfile &profile, const QString &sql)
    {
        Result<Session> session = Session::open(profile, {}, QStringLiteral("test-standby"));
        if (!session)
            return {};
        Result<RowSet> rows = queryRows(*session, sql);
        return rows && !rows->rows.isEmpty() && rows->rows.first().first()
            ? QString::fromUtf8(*rows->rows.first().first())
            : QString();
    }

private slots:
    void initTestCase()
    {
        if (const QString why = whyNoStandby(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_dir.isValid());
        m_primary = std::make_unique<LocalCluster>(
            scratchClusterOptions(m_dir.path() + QStringLiteral("/primary")));
        Result<ConnectionProfile> primary = m_primary->start();
        QVERIFY2(primary, primary ? "" : qPrintable(primary.error().message));
        LocalClusterOptions options
            = scratchClusterOptions(m_dir.path() + QStringLiteral("/standby"));
        options.standbyOf = m_primary->options().directory;
        m_standby = std::make_unique<LocalCluster>(options);
        Result<ConnectionProfile> standby = m_standby->start();
        QVERIFY2(standby,
                 standby ? "" : qPrintable(standby.error().message + standby.error().detail));
    }

    void eachServerKnowsItsRole()
    {
        Result<Session> standby
            = Session::open(m_standby->profile(), {}, QStringLiteral("test-role"));
        QVERIFY(standby);
        Result<ReplicationRole> role = readReplicationRole(*standby);
        QVERIFY(role && role->standby);
        QVERIFY(role->describe().startsWith(QLatin1String("standby")));
        const CliRun info
            = runCli({ QStringLiteral("info"), QStringLiteral("--dsn"), m_standby->uri() });
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains(QLatin1String("role:     standby")), qPrintable(info.out));
        // The primary sees its standby once it streams.
        QTRY_COMPARE_WITH_TIMEOUT(scalar(m_primary->profile(),
                                         QStringLiteral("SELECT count(*) FROM pg_stat_replication "
                                                        "WHERE state = 'streaming'")),
                                  QStringLiteral("1"), 30'000);
        Result<Session> primary
            = Session::open(m_primary->profile(), {}, QStringLiteral("test-role"));
        Result<ReplicationRole> primaryRole = readReplicationRole(*primary);
        QVERIFY(primaryRole && !primaryRole->standby);
        QCOMPARE(primaryRole->describe(), QStringLiteral("primary with 1 standby"));
    }

    void migrationsGoToThePrimaryAndReachTheStandby()
    {
        QVERIFY(applyBundledMigrations(m_primary->profile()));
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(m_standby->profile(),
                   QStringLiteral("SELECT count(*) FROM bridgescope.schema_history")),
            QStringLiteral("19"), 30'000);
        // Reading works on the standby.
        QCOMPARE(scalar(m_standby->profile(),
                        QStringLiteral("SELECT count(*) FROM workflow_executions")),
                 QStringLiteral("0"));

        // Applying or rolling back there is refused, naming the server.
        SessionOptions writable;
        writable.mode = AccessMode::ReadWrite;
        Result<Session> session
            = Session::open(m_standby->profile(), writable, QStringLiteral("test-run"));
        QVERIFY(session);
        const Result<MigrationSet> set = MigrationSet::load(MigrationSet::bundledDirectory());
        MigrationRunner runner(*session, *set);
        RunOptions down;
        Result<RunReport> run = runner.run(Direction::Down, down);
        QVERIFY(!run);
        QCOMPARE(run.error().message,
                 QStringLiteral("The server at %1:%2 is a read-only standby (it replays what its "
                                "primary writes): connect to the primary to roll back migrations.")
                     .arg(m_standby->socketDirectory())
                     .arg(m_standby->options().port));
        const CliRun cli = runCli({ QStringLiteral("migrate"), QStringLiteral("up"),
                                    QStringLiteral("--dsn"), m_standby->uri() });
        QCOMPARE(cli.exitCode, 1);
        QVERIFY2(cli.err.contains(QLatin1String("connect to the primary to apply migrations")),
                 qPrintable(cli.err));
        // Nothing was recorded: the history on the primary is as it was.
        QCOMPARE(scalar(m_primary->profile(),
                        QStringLiteral("SELECT count(*) FROM bridgescope.schema_history")),
                 QStringLiteral("19"));
    }

    void driftOnAStandbyReplaysInAPrivateCluster()
    {
        const Result<MigrationSet> set = MigrationSet::load(MigrationSet::bundledDirectory());
        Result<DriftReport> report = checkDrift(m_standby->profile(), *set);
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(report->privateCluster);
        QVERIFY2(report->scratch.contains(QLatin1String("read-only standby")),
                 qPrintable(report->scratch));
        QVERIFY(report->compared());
        QVERIFY(!report->hasDrift());
    }

    void thePrimaryListsItsStandbyWithItsLag()
    {
        // A write on the primary: the standby reports writing, flushing and replaying it.
        QVERIFY(execSql(QStringLiteral("CREATE TABLE IF NOT EXISTS lag_probe (n int);"
                                       "INSERT INTO lag_probe VALUES (1)"),
                        m_primary->profile()));
        Result<Session> primary
            = Session::open(m_primary->profile(), {}, QStringLiteral("test-standbys"));
        QVERIFY(primary);
        QList<StandbyStatus> standbys;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<QList<StandbyStatus>> read = readStandbys(*primary);
                standbys = read ? *read : QList<StandbyStatus> {};
                return standbys.size() == 1 && standbys.first().replayLagBytes == 0;
            }(),
            30'000);
        QCOMPARE(standbys.first().state, QStringLiteral("streaming"));
        QCOMPARE(standbys.first().syncState, QStringLiteral("async"));
        QVERIFY(standbys.first().client.isEmpty()); // over the unix socket

        // The standby: caught up, so its lag is 0 rather than the time since the last commit.
        Result<Session> standby
            = Session::open(m_standby->profile(), {}, QStringLiteral("test-standbys"));
        QVERIFY(standby);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<ReplicationRole> role = readReplicationRole(*standby);
                return role && role->replayLagSeconds && *role->replayLagSeconds == 0.0;
            }(),
            30'000);
        Result<QList<StandbyStatus>> none = readStandbys(*standby);
        QVERIFY(none && none->isEmpty());

        const CliRun cli
            = runCli({ QStringLiteral("health"), QStringLiteral("replication"),
                       QStringLiteral("--json"), QStringLiteral("--dsn"), m_primary->uri() });
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        const QJsonObject json = QJsonDocument::fromJson(cli.out.toUtf8())
                                     .object()[QStringLiteral("replication")]
                                     .toObject();
        QCOMPARE(json[QStringLiteral("role")].toString(), QStringLiteral("primary"));
        QCOMPARE(json[QStringLiteral("standbys")].toArray().size(), 1);
        QCOMPARE(json[QStringLiteral("standbys")][0][QStringLiteral("state")].toString(),
                 QStringLiteral("streaming"));
        const CliRun text = runCli({ QStringLiteral("health"), QStringLiteral("replication"),
                                     QStringLiteral("--dsn"), m_standby->uri() });
        QVERIFY2(text.out.startsWith(QLatin1String("This server is a read-only standby, replay "
                                                   "lag 0.0 s")),
                 qPrintable(text.out));
    }

    void multiHostConnectionsPickTheServerAsPsqlDoes()
    {
        // host=a,b with target_session_attrs, as psql takes it: the primary second in the list
        // is still the one read-write picks, and prefer-standby picks the standby.
        const QString hosts
            = m_standby->socketDirectory() + QLatin1Char(',') + m_primary->socketDirectory();
        const QString ports
            = QStringLiteral("%1,%2").arg(m_standby->options().port).arg(m_primary->options().port);
        for (const auto &[attrs, standby] : { std::pair { QStringLiteral("read-write"), false },
                                              std::pair { QStringLiteral("prefer-standby"), true },
                                              std::pair { QStringLiteral("primary"), false } }) {
            Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(
                QStringLiteral("host=%1 port=%2 user=postgres dbname=postgres "
                               "target_session_attrs=%3")
                    .arg(hosts, ports, attrs));
            QVERIFY(profile);
            Result<Session> session = Session::open(*profile, {}, QStringLiteral("test-multi"));
            QVERIFY2(session, session ? "" : qPrintable(session.error().message));
            Result<ReplicationRole> role = readReplicationRole(*session);
            QVERIFY(role);
            QVERIFY2(role->standby == standby, qPrintable(attrs));
            // A browse session stays read-only, whichever server it picked.
            Result<RowSet> write
                = queryRows(*session, QStringLiteral("CREATE TABLE multi_host_write (a int)"));
            QVERIFY(!write);
            QCOMPARE(write.error().sqlState, QStringLiteral("25006"));
            // The status bar names the server it reached, not the list.
            Result<ServerInfo> info = session->serverInfo();
            QVERIFY(info);
            QCOMPARE(info->host,
                     standby ? m_standby->socketDirectory() : m_primary->socketDirectory());
        }
    }

    void cleanupTestCase()
    {
        if (m_standby)
            QVERIFY(m_standby->stop());
        if (m_primary)
            QVERIFY(m_primary->stop());
    }
};

QTEST_GUILESS_MAIN(tst_Standby)
#include "tst_standby.moc"
