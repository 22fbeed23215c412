// ConnectionProfile: what psql accepts, parsed by libpq; what the QPSQL driver is given.
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"

#include <QTest>

using namespace bridgescope;

class tst_ConnectionProfile : public QObject
{
    Q_OBJECT
private slots:
    void parsesUri()
    {
        auto profile = ConnectionProfile::fromDsn(QStringLiteral(
            "postgresql://ana:s3cret@db.example:6543/bridge?sslmode=require&connect_timeout=4"));
        QVERIFY(profile);
        QCOMPARE(profile->value(QStringLiteral("host")), QStringLiteral("db.example"));
        QCOMPARE(profile->value(QStringLiteral("port")), QStringLiteral("6543"));
        QCOMPARE(profile->value(QStringLiteral("user")), QStringLiteral("ana"));
        QCOMPARE(profile->value(QStringLiteral("password")), QStringLiteral("s3cret"));
        QCOMPARE(profile->value(QStringLiteral("dbname")), QStringLiteral("bridge"));
        QCOMPARE(profile->value(QStringLiteral("sslmode")), QStringLiteral("require"));
        QCOMPARE(profile->value(QStringLiteral("connect_timeout")), QStringLiteral("4"));
    }

    void parsesUriWithSocketDirectory()
    {
        auto profile = ConnectionProfile::fromDsn(QStringLiteral(
            "postgresql://postgres@/postgres?host=%2Ftmp%2Fmy%20cluster%2Fsocket&port=5433"));
        QVERIFY(profile);
        QCOMPARE(profile->value(QStringLiteral("host")), QStringLiteral("/tmp/my cluster/socket"));
        QCOMPARE(profile->value(QStringLiteral("port")), QStringLiteral("5433"));
    }

    void parsesKeywordValueWithQuotes()
    {
        auto profile = ConnectionProfile::fromDsn(QStringLiteral(
            "host=localhost dbname='my db' password='it\\'s \\\\ here' service=bridge"));
        QVERIFY(profile);
        QCOMPARE(profile->value(QStringLiteral("dbname")), QStringLiteral("my db"));
        QCOMPARE(profile->value(QStringLiteral("password")), QStringLiteral("it's \\ here"));
        QCOMPARE(profile->value(QStringLiteral("service")), QStringLiteral("bridge"));
    }

    void emptyDsnMeansDefaults()
    {
        auto profile = ConnectionProfile::fromDsn(QString());
        QVERIFY(profile);
        QVERIFY(profile->values().isEmpty());
    }

    void rejectsMalformedInput_data()
    {
        QTest::addColumn<QString>("dsn");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad percent")
            << QStringLiteral("postgresql://%zz@host/db") << QStringLiteral("percent");
        QTest::newRow("unknown keyword")
            << QStringLiteral("hots=localhost") << QStringLiteral("hots");
        QTest::newRow("unterminated quote")
            << QStringLiteral("host='localhost") << QStringLiteral("quoted");
    }
    void rejectsMalformedInput()
    {
        QFETCH(QString, dsn);
        QFETCH(QString, expected);
        auto profile = ConnectionProfile::fromDsn(dsn);
        QVERIFY(!profile);
        QCOMPARE(profile.error().kind, Error::Kind::Usage);
        QVERIFY2(
            profile.error().message.startsWith(QLatin1String("The connection string is not valid")),
            qPrintable(profile.error().message));
        QVERIFY2(profile.error().message.contains(expected), qPrintable(profile.error().message));
    }

    void connInfoRoundTripsHostileValues()
    {
        ConnectionProfile profile;
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("we'ird \\ name ünï"));
        profile.setValue(QStringLiteral("password"), QStringLiteral("p'w"));
        const QString withoutPassword = profile.toConnInfo();
        QVERIFY(!withoutPassword.contains(QLatin1String("password")));
        auto parsed = ConnectionProfile::fromDsn(profile.toConnInfo(true));
        QVERIFY(parsed);
        QCOMPARE(*parsed, profile);
    }

    void effectiveFallsBackToEnvironment()
    {
        qputenv("PGUSER", "from_env_user");
        ConnectionProfile profile;
        QCOMPARE(profile.effective(QStringLiteral("user")), QStringLiteral("from_env_user"));
        profile.setValue(QStringLiteral("user"), QStringLiteral("explicit"));
        QCOMPARE(profile.effective(QStringLiteral("user")), QStringLiteral("explicit"));
        qunsetenv("PGUSER");
    }

    void displayNameNeverShowsThePassword()
    {
        auto profile = ConnectionProfile::fromDsn(
            QStringLiteral("postgresql://ana:topsecret@db:5433/bridge"));
        QVERIFY(profile);
        QCOMPARE(profile->displayName(), QStringLiteral("ana@db:5433/bridge"));
    }

    void readOnlySessionsAreReadOnlyWithATimeout()
    {
        auto profile
            = ConnectionProfile::fromDsn(QStringLiteral("host=db options='-c work_mem=64MB'"));
        QVERIFY(profile);
        SessionOptions options;
        options.statementTimeoutMs = 1234;
        const QString readOnly = qpsqlConnectOptions(*profile, options);
        QVERIFY(readOnly.contains(QLatin1String("application_name='bridgescope'")));
        QVERIFY(readOnly.contains(QLatin1String("default_transaction_read_only=on")));
        QVERIFY(readOnly.contains(QLatin1String("statement_timeout=1234")));
        QVERIFY2(readOnly.contains(QLatin1String("-c work_mem=64MB")), qPrintable(readOnly));
        QVERIFY(readOnly.contains(QLatin1String("connect_timeout=10")));
        QVERIFY(!readOnly.contains(QLatin1String("host=")));

        options.mode = AccessMode::ReadWrite;
        const QString writable = qpsqlConnectOptions(*profile, options);
        QVERIFY(writable.contains(QLatin1String("application_name='bridgescope'")));
        QVERIFY(!writable.contains(QLatin1String("default_transaction_read_only")));
    }

    void aDeadNetworkIsNoticedInUnderAMinute()
    {
        auto profile = ConnectionProfile::fromDsn(QStringLiteral("host=db"));
        QVERIFY(profile);
        const QStringList options
            = qpsqlConnectOptions(*profile, SessionOptions {}).split(QLatin1Char(' '));
        for (const char *expected : { "keepalives=1", "keepalives_idle=10", "keepalives_interval=5",
                                      "keepalives_count=3", "tcp_user_timeout=30000" })
            QVERIFY2(options.contains(QLatin1String(expected)), expected);
        // The user's own timing wins.
        auto own = ConnectionProfile::fromDsn(
            QStringLiteral("host=db keepalives_idle=600 tcp_user_timeout=0"));
        QVERIFY(own);
        const QString ownOptions = qpsqlConnectOptions(*own, SessionOptions {});
        QVERIFY(ownOptions.contains(QLatin1String("keepalives_idle='600'")));
        QVERIFY(!ownOptions.contains(QLatin1String("keepalives_idle=10")));
        QVERIFY(ownOptions.contains(QLatin1String("tcp_user_timeout='0'")));
        QVERIFY(ownOptions.contains(QLatin1String("keepalives_count=3")));
    }

    void explicitConnectTimeoutIsKept()
    {
        auto profile = ConnectionProfile::fromDsn(
            QStringLiteral("connect_timeout=3 application_name=other"));
        QVERIFY(profile);
        const QString options = qpsqlConnectOptions(*profile, SessionOptions {});
        QVERIFY(options.contains(QLatin1String("connect_timeout='3'")));
        QVERIFY(!options.contains(QLatin1String("connect_timeout=10")));
        QVERIFY(!options.contains(QLatin1String("other")));
    }

    void optionsAreValidConnInfo()
    {
        auto profile = ConnectionProfile::fromDsn(
            QStringLiteral("sslmode=verify-full sslrootcert='/a b/c.crt'"));
        QVERIFY(profile);
        const auto reparsed
            = ConnectionProfile::fromDsn(qpsqlConnectOptions(*profile, SessionOptions {}));
        QVERIFY2(reparsed, qPrintable(reparsed ? QString() : reparsed.error().message));
        QCOMPARE(reparsed->value(QStringLiteral("sslrootcert")), QStringLiteral("/a b/c.crt"));
        QCOMPARE(reparsed->value(QStringLiteral("application_name")),
                 QStringLiteral("bridgescope"));
    }
};

QTEST_APPLESS_MAIN(tst_ConnectionProfile)
#include "tst_connectionprofile.moc"
