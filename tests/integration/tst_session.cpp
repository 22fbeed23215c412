// Session against real servers: what every connection carries, and one clear sentence for each
// way a connection fails (wrong password, no password, TLS refused, missing database, server
// down), plus the psql sources of settings: ~/.pgpass and pg_service.conf.
#include "TestDatabase.h"
#include "connection/ConnectionErrors.h"
#include "connection/Session.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_Session : public QObject
{
    Q_OBJECT
private:
    QString queryValue(Session &session, const QString &sql)
    {
        QSqlQuery query(session.database());
        if (!query.exec(sql) || !query.next())
            return QStringLiteral("error: ") + describeQueryFailure(query.lastError()).message;
        return query.value(0).toString();
    }

    ConnectionProfile tcpProfile(const QString &user, const QString &password = {}) const
    {
        ConnectionProfile profile;
        profile.setValue(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        profile.setValue(QStringLiteral("port"), QString::number(m_tcpCluster->options().port));
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("postgres"));
        profile.setValue(QStringLiteral("user"), user);
        profile.setValue(QStringLiteral("password"), password);
        return profile;
    }

    ScratchDir m_dir;
    std::unique_ptr<LocalCluster> m_tcpCluster;
    QTemporaryDir m_files;

private slots:
    void initTestCase()
    {
        // A cluster that also listens on TCP, where authentication is by password.
        m_tcpCluster = std::make_unique<LocalCluster>(scratchClusterOptions(m_dir.path(), true));
        Result<ConnectionProfile> started = m_tcpCluster->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        QVERIFY(execSql(QStringLiteral("create role pw_user login password 'right-password'"),
                        *started));
        qputenv("PGPASSFILE", QFile::encodeName(m_files.filePath(QStringLiteral("none"))));
    }

    void cleanupTestCase()
    {
        if (m_tcpCluster)
            QVERIFY(m_tcpCluster->stop());
    }

    void everyConnectionIsNamedBridgescope()
    {
        Result<Session> session
            = Session::open(testProfile(), SessionOptions {}, QStringLiteral("t"));
        QVERIFY(session);
        QCOMPARE(queryValue(*session, QStringLiteral("show application_name")),
                 QStringLiteral("bridgescope"));
    }

    void browseSessionsAreReadOnlyWithTimeout()
    {
        SessionOptions options;
        options.statementTimeoutMs = 4500;
        Result<Session> session = Session::open(testProfile(), options, QStringLiteral("t"));
        QVERIFY(session);
        QCOMPARE(queryValue(*session, QStringLiteral("show default_transaction_read_only")),
                 QStringLiteral("on"));
        QCOMPARE(queryValue(*session, QStringLiteral("show statement_timeout")),
                 QStringLiteral("4500ms"));
        QSqlQuery query(session->database());
        QVERIFY(!query.exec(QStringLiteral("create table must_not_exist(x int)")));
        const Error error = describeQueryFailure(query.lastError());
        QCOMPARE(error.sqlState, QStringLiteral("25006"));
        QVERIFY2(error.message.startsWith(QLatin1String("This connection is read-only")),
                 qPrintable(error.message));
    }

    void writeSessionsCanWrite()
    {
        SessionOptions options;
        options.mode = AccessMode::ReadWrite;
        Result<Session> session = Session::open(testProfile(), options, QStringLiteral("t"));
        QVERIFY(session);
        QCOMPARE(queryValue(*session, QStringLiteral("show default_transaction_read_only")),
                 QStringLiteral("off"));
        QSqlQuery query(session->database());
        QVERIFY(query.exec(QStringLiteral("create temporary table scratch(x int)")));
    }

    void serverInfoDescribesTheConnection()
    {
        Result<Session> session
            = Session::open(testProfile(), SessionOptions {}, QStringLiteral("t"));
        QVERIFY(session);
        Result<ServerInfo> info = session->serverInfo();
        QVERIFY(info);
        QCOMPARE(info->database, queryValue(*session, QStringLiteral("select current_database()")));
        QCOMPARE(info->user, queryValue(*session, QStringLiteral("select current_user")));
        QCOMPARE(info->serverVersion, queryValue(*session, QStringLiteral("show server_version")));
        QVERIFY(info->serverVersionNumber >= 130000);
    }

    void rightPasswordConnects()
    {
        Result<Session> session
            = Session::open(tcpProfile(QStringLiteral("pw_user"), QStringLiteral("right-password")),
                            SessionOptions {}, QStringLiteral("t"));
        QVERIFY2(session, qPrintable(session ? QString() : session.error().message));
    }

    void wrongPasswordIsOneSentence()
    {
        Result<Session> session
            = Session::open(tcpProfile(QStringLiteral("pw_user"), QStringLiteral("wrong")),
                            SessionOptions {}, QStringLiteral("t"));
        QVERIFY(!session);
        QCOMPARE(session.error().kind, Error::Kind::AuthenticationFailed);
        QCOMPARE(
            session.error().message,
            QStringLiteral(
                "The password for user \"pw_user\" was rejected by the server at 127.0.0.1:%1.")
                .arg(m_tcpCluster->options().port));
    }

    void missingPasswordAsksForOne()
    {
        Result<Session> session = Session::open(tcpProfile(QStringLiteral("pw_user")),
                                                SessionOptions {}, QStringLiteral("t"));
        QVERIFY(!session);
        QCOMPARE(session.error().kind, Error::Kind::PasswordRequired);
        QVERIFY2(session.error().message.contains(QLatin1String("requires a password")),
                 qPrintable(session.error().message));
    }

    void pgpassSuppliesThePassword()
    {
        const QString path = m_files.filePath(QStringLiteral("pgpass"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("127.0.0.1:%1:*:pw_user:right-password\n")
                       .arg(m_tcpCluster->options().port)
                       .toUtf8());
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        qputenv("PGPASSFILE", QFile::encodeName(path));
        Result<Session> session = Session::open(tcpProfile(QStringLiteral("pw_user")),
                                                SessionOptions {}, QStringLiteral("t"));
        qputenv("PGPASSFILE", QFile::encodeName(m_files.filePath(QStringLiteral("none"))));
        QVERIFY2(session, qPrintable(session ? QString() : session.error().message));
    }

    void serviceFileSuppliesTheSettings()
    {
        const QString path = m_files.filePath(QStringLiteral("pg_service.conf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral(
                "[bridge-test]\nhost=127.0.0.1\nport=%1\nuser=pw_user\npassword=right-password\n"
                "dbname=postgres\n")
                .arg(m_tcpCluster->options().port)
                .toUtf8());
        file.close();
        qputenv("PGSERVICEFILE", QFile::encodeName(path));
        auto profile = ConnectionProfile::fromDsn(QStringLiteral("service=bridge-test"));
        QVERIFY(profile);
        Result<Session> session = Session::open(*profile, SessionOptions {}, QStringLiteral("t"));
        qunsetenv("PGSERVICEFILE");
        QVERIFY2(session, qPrintable(session ? QString() : session.error().message));
        QCOMPARE(session->serverInfo()->user, QStringLiteral("pw_user"));
        QCOMPARE(session->serverInfo()->port, QString::number(m_tcpCluster->options().port));
    }

    void refusedTlsIsOneSentence()
    {
        ConnectionProfile profile
            = tcpProfile(QStringLiteral("pw_user"), QStringLiteral("right-password"));
        profile.setValue(QStringLiteral("sslmode"), QStringLiteral("require"));
        Result<Session> session = Session::open(profile, SessionOptions {}, QStringLiteral("t"));
        QVERIFY(!session);
        QCOMPARE(session.error().kind, Error::Kind::Tls);
        QVERIFY2(session.error().message.contains(QLatin1String("does not accept TLS")),
                 qPrintable(session.error().message));
    }

    void missingDatabaseIsOneSentence()
    {
        ConnectionProfile profile = testProfile();
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("no such \"db\""));
        Result<Session> session = Session::open(profile, SessionOptions {}, QStringLiteral("t"));
        QVERIFY(!session);
        QCOMPARE(session.error().kind, Error::Kind::DatabaseMissing);
        QVERIFY2(session.error().message.startsWith(
                     QLatin1String("The database \"no such \"db\"\" does not exist")),
                 qPrintable(session.error().message));
    }

    void serverDownIsOneSentence()
    {
        const int port = freeTcpPort();
        ConnectionProfile profile = tcpProfile(QStringLiteral("pw_user"));
        profile.setValue(QStringLiteral("port"), QString::number(port));
        Result<Session> session = Session::open(profile, SessionOptions {}, QStringLiteral("t"));
        QVERIFY(!session);
        QCOMPARE(session.error().kind, Error::Kind::ServerUnreachable);
        QCOMPARE(
            session.error().message,
            QStringLiteral(
                "No PostgreSQL server is accepting connections at 127.0.0.1:%1. Is it running?")
                .arg(port));
    }

    void terminatedConnectionIsReportedAsLost()
    {
        Result<Session> victim
            = Session::open(testProfile(), SessionOptions {}, QStringLiteral("victim"));
        QVERIFY(victim);
        const QString pid = queryValue(*victim, QStringLiteral("select pg_backend_pid()"));
        QVERIFY(execSql(QStringLiteral("select pg_terminate_backend(%1)").arg(pid)));
        QSqlQuery query(victim->database());
        QVERIFY(!query.exec(QStringLiteral("select 1")));
        const Error error = describeQueryFailure(query.lastError());
        QCOMPARE(error.kind, Error::Kind::ConnectionLost);
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
