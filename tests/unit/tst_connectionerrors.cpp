// The sentences a person reads when a connection or a query fails, from libpq's real texts.
#include "connection/ConnectionErrors.h"

#include <QTest>

using namespace bridgescope;
using Kind = Error::Kind;

Q_DECLARE_METATYPE(bridgescope::Error::Kind)

class tst_ConnectionErrors : public QObject
{
    Q_OBJECT
private slots:
    void connectionFailures_data()
    {
        QTest::addColumn<QString>("libpq");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("sentence");

        QTest::newRow("wrong password")
            << QStringLiteral(
                   "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  password "
                   "authentication failed for user \"ana\"\n")
            << Kind::AuthenticationFailed
            << QStringLiteral(
                   "The password for user \"ana\" was rejected by the server at 127.0.0.1:5433.");
        QTest::newRow("no password")
            << QStringLiteral(
                   "connection to server at \"db\" (10.1.2.3), port 5432 failed: fe_sendauth: no "
                   "password supplied\n")
            << Kind::PasswordRequired
            << QStringLiteral(
                   "The server at db:5432 requires a password, and none was given (not in the "
                   "profile, PGPASSWORD or ~/.pgpass).");
        QTest::newRow("missing database")
            << QStringLiteral(
                   "connection to server on socket \"/tmp/s/.s.PGSQL.5432\" failed: FATAL:  "
                   "database \"bridge\" does not exist\n")
            << Kind::DatabaseMissing
            << QStringLiteral(
                   "The database \"bridge\" does not exist on the server at the local socket "
                   "/tmp/s/.s.PGSQL.5432.");
        QTest::newRow("unknown role") << QStringLiteral(
            "connection to server at \"h\", port 1 failed: FATAL:  role \"bob\" does not exist")
                                      << Kind::AuthenticationFailed
                                      << QStringLiteral(
                                             "There is no user \"bob\" on the server at h:1.");
        QTest::newRow("refused") << QStringLiteral(
            "connection to server at \"127.0.0.1\", port 5999 failed: Connection refused\n\tIs "
            "the server running on that host and accepting TCP/IP connections?\n")
                                 << Kind::ServerUnreachable
                                 << QStringLiteral("No PostgreSQL server is accepting connections "
                                                   "at 127.0.0.1:5999. Is it running?");
        QTest::newRow("no socket") << QStringLiteral(
            "connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" failed: No such "
            "file or directory\n\tIs the server running locally and accepting connections on "
            "that socket?\n") << Kind::ServerUnreachable
                                   << QStringLiteral(
                                          "No PostgreSQL server is accepting connections at the "
                                          "local socket "
                                          "/run/postgresql/.s.PGSQL.5432. Is it running?");
        QTest::newRow("unknown host")
            << QStringLiteral("could not translate host name \"nohost.invalid\" to address: Name "
                              "or service not "
                              "known\n")
            << Kind::ServerUnreachable
            << QStringLiteral("The host name \"nohost.invalid\" could not be found.");
        QTest::newRow("tls refused")
            << QStringLiteral("connection to server at \"127.0.0.1\", port 5433 failed: server "
                              "does not support "
                              "SSL, but SSL was required\n")
            << Kind::Tls
            << QStringLiteral(
                   "The server at 127.0.0.1:5433 does not accept TLS, but the connection asked for "
                   "it (sslmode). Use sslmode=prefer or enable ssl on the server.");
        QTest::newRow("tls certificate") << QStringLiteral(
            "connection to server at \"db\", port 5432 failed: SSL error: certificate verify "
            "failed\n") << Kind::Tls
                                         << QStringLiteral("The TLS handshake with the server at "
                                                           "db:5432 failed: SSL error: certificate "
                                                           "verify failed.");
        QTest::newRow("timeout") << QStringLiteral(
            "connection to server at \"10.9.9.9\", port 5432 failed: timeout expired\n")
                                 << Kind::ServerUnreachable
                                 << QStringLiteral(
                                        "The server at 10.9.9.9:5432 did not answer in time.");
        QTest::newRow("hba") << QStringLiteral(
            "connection to server at \"db\", port 5432 failed: FATAL:  no pg_hba.conf entry for "
            "host \"10.0.0.2\", user \"ana\", database \"x\", no encryption\n")
                             << Kind::AuthenticationFailed
                             << QStringLiteral("The server at db:5432 does not accept this "
                                               "connection (no pg_hba.conf entry for "
                                               "this host, user and database).");
        QTest::newRow("anything else keeps libpq's reason")
            << QStringLiteral("connection to server at \"db\", port 5432 failed: FATAL:  sorry, "
                              "something odd\n")
            << Kind::Generic
            << QStringLiteral("Could not connect to the server at db:5432: Sorry, something odd.");
    }
    void connectionFailures()
    {
        QFETCH(QString, libpq);
        QFETCH(Kind, kind);
        QFETCH(QString, sentence);
        const Error error = describeConnectionFailure(libpq);
        QCOMPARE(error.message, sentence);
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.detail, libpq.trimmed());
        QVERIFY(!error.message.contains(QLatin1Char('\n')));
    }

    void queryFailures_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("sqlState");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("startsWith");

        QTest::newRow("cancel") << QStringLiteral("ERROR:  canceling statement due to user request")
                                << QStringLiteral("57014") << Kind::Cancelled
                                << QStringLiteral("The query was cancelled.");
        QTest::newRow("timeout")
            << QStringLiteral("ERROR:  canceling statement due to statement timeout")
            << QStringLiteral("57014") << Kind::Cancelled
            << QStringLiteral("The query ran longer than the statement timeout");
        QTest::newRow("terminated")
            << QStringLiteral("FATAL:  terminating connection due to administrator command")
            << QStringLiteral("57P01") << Kind::ConnectionLost
            << QStringLiteral("The server ended this connection");
        QTest::newRow("lost") << QStringLiteral(
            "server closed the connection unexpectedly\n\tThis probably means…")
                              << QString() << Kind::ConnectionLost
                              << QStringLiteral("The connection to the server was lost");
        QTest::newRow("network silent")
            << QStringLiteral("could not receive data from server: Connection timed out\n")
            << QString() << Kind::ConnectionLost
            << QStringLiteral("The network to the server went silent (Connection timed out), "
                              "so the connection was closed");
        QTest::newRow("no route")
            << QStringLiteral("could not send data to server: No route to host\n") << QString()
            << Kind::ConnectionLost
            << QStringLiteral("The network to the server went silent (No route to host)");
        QTest::newRow("read only")
            << QStringLiteral("ERROR:  cannot execute INSERT in a read-only transaction")
            << QStringLiteral("25006") << Kind::Generic
            << QStringLiteral("This connection is read-only");
        QTest::newRow("no right on a table")
            << QStringLiteral("ERROR:  permission denied for table secret")
            << QStringLiteral("42501") << Kind::Generic
            << QStringLiteral("Permission denied for table secret: the role you connected as lacks "
                              "the right. Its owner or a superuser can grant it (to read it: GRANT "
                              "SELECT ON secret TO the role), or connect as a role that has it.");
        QTest::newRow("no right on a schema")
            << QStringLiteral("ERROR:  permission denied for schema bridgescope")
            << QStringLiteral("42501") << Kind::Generic
            << QStringLiteral("Permission denied for schema bridgescope: the role you connected as "
                              "lacks the right. Its owner or a superuser can grant it (to look "
                              "inside it: GRANT USAGE ON SCHEMA bridgescope TO the role)");
        QTest::newRow("must be owner")
            << QStringLiteral("ERROR:  must be owner of table t") << QStringLiteral("42501")
            << Kind::Generic
            << QStringLiteral("Must be owner of table t: only its owner (a member of the owning "
                              "role) or a superuser may do this; connect as one.");
        QTest::newRow("plain error keeps PostgreSQL's words")
            << QStringLiteral(
                   "ERROR:  relation \"nope\" does not exist\nLINE 1: select * from nope\n")
            << QStringLiteral("42P01") << Kind::Generic
            << QStringLiteral("Relation \"nope\" does not exist.");
    }
    void queryFailures()
    {
        QFETCH(QString, server);
        QFETCH(QString, sqlState);
        QFETCH(Kind, kind);
        QFETCH(QString, startsWith);
        const Error error = describeQueryFailure(server, sqlState);
        QVERIFY2(error.message.startsWith(startsWith), qPrintable(error.message));
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.sqlState, sqlState);
    }
};

QTEST_APPLESS_MAIN(tst_ConnectionErrors)
#include "tst_connectionerrors.moc"
