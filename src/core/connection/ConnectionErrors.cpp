#include "connection/ConnectionErrors.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QStringList>

namespace bridgescope {

namespace {

// "connection to server at "db.example" (10.0.0.1), port 5432 failed: …" → "db.example:5432"
// "connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: …" → the socket path
QString serverFromMessage(const QString &message)
{
    static const QRegularExpression tcp(
        QStringLiteral(R"re(connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+))re"));
    static const QRegularExpression socket(
        QStringLiteral(R"re(connection to server on socket "([^"]+)")re"));
    if (const auto match = tcp.match(message); match.hasMatch())
        return match.captured(1) + QLatin1Char(':') + match.captured(2);
    if (const auto match = socket.match(message); match.hasMatch())
        return QStringLiteral("the local socket %1").arg(match.captured(1));
    return QStringLiteral("the server");
}

QString quotedName(const QString &message, const QString &pattern)
{
    const QRegularExpression re(pattern);
    const auto match = re.match(message);
    return match.hasMatch() ? match.captured(1) : QString();
}

// libpq tells the reason after the last "failed: ", possibly prefixed by "FATAL:  ".
QString reasonFromMessage(const QString &message)
{
    QString reason = message;
    const qsizetype failedAt = reason.lastIndexOf(QLatin1String("failed: "));
    if (failedAt >= 0)
        reason = reason.mid(failedAt + 8);
    reason.remove(QRegularExpression(QStringLiteral(R"re(^(FATAL|ERROR):\s+)re")));
    return reason.section(QLatin1Char('\n'), 0, 0).trimmed();
}

QString sentence(QString text)
{
    text = text.trimmed();
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!text.endsWith(QLatin1Char('.')) && !text.endsWith(QLatin1Char('?')))
        text += QLatin1Char('.');
    return text;
}

} // namespace

Error describeConnectionFailure(const QString &libpqMessage)
{
    const QString text = libpqMessage.trimmed();
    const QString server = serverFromMessage(text);
    const QString atServer = server == QLatin1String("the server")
        ? server
        : QStringLiteral("the server at %1").arg(server);
    // The same words opening a sentence: "The server at db:5432 …".
    const QString serverSubject = atServer.left(1).toUpper() + atServer.mid(1);
    using K = Error::Kind;
    auto make = [&](K kind, const QString &message) {
        return Error::make(kind, message, text);
    };

    if (text.contains(QLatin1String("password authentication failed"))) {
        const QString user = quotedName(text, QStringLiteral(R"re(for user "([^"]*)")re"));
        return make(
            K::AuthenticationFailed,
            QStringLiteral("The password for user \"%1\" was rejected by %2.").arg(user, atServer));
    }
    if (text.contains(QLatin1String("no password supplied"))) {
        return make(
            K::PasswordRequired,
            QStringLiteral("%1 requires a password, and none was given (not in the profile, "
                           "PGPASSWORD or ~/.pgpass).")
                .arg(serverSubject));
    }
    if (text.contains(QLatin1String("does not exist"))
        && text.contains(QLatin1String("database \""))) {
        const QString db
            = quotedName(text, QStringLiteral(R"re(database "(.*)" does not exist)re"));
        return make(K::DatabaseMissing,
                    QStringLiteral("The database \"%1\" does not exist on %2.").arg(db, atServer));
    }
    if (text.contains(QLatin1String("role \"")) && text.contains(QLatin1String("does not exist"))) {
        const QString role = quotedName(text, QStringLiteral(R"re(role "(.*)" does not exist)re"));
        return make(K::AuthenticationFailed,
                    QStringLiteral("There is no user \"%1\" on %2.").arg(role, atServer));
    }
    if (text.contains(QLatin1String("no pg_hba.conf entry"))) {
        return make(
            K::AuthenticationFailed,
            QStringLiteral("%1 does not accept this connection (no pg_hba.conf entry for this "
                           "host, user and database).")
                .arg(serverSubject));
    }
    if (text.contains(QLatin1String("server does not support SSL"))) {
        return make(K::Tls,
                    QStringLiteral("%1 does not accept TLS, but the connection asked for it "
                                   "(sslmode). Use sslmode=prefer or enable ssl on the server.")
                        .arg(serverSubject));
    }
    if (text.contains(QLatin1String("SSL")) || text.contains(QLatin1String("certificate"))) {
        return make(K::Tls,
                    QStringLiteral("The TLS handshake with %1 failed: %2")
                        .arg(atServer, sentence(reasonFromMessage(text))));
    }
    if (text.contains(QLatin1String("could not translate host name"))) {
        const QString host = quotedName(text, QStringLiteral(R"re(host name "([^"]*)")re"));
        return make(K::ServerUnreachable,
                    QStringLiteral("The host name \"%1\" could not be found.").arg(host));
    }
    if (text.contains(QLatin1String("Connection refused"))
        || (text.contains(QLatin1String("No such file or directory"))
            && text.contains(QLatin1String("socket")))) {
        return make(
            K::ServerUnreachable,
            QStringLiteral("No PostgreSQL server is accepting connections at %1. Is it running?")
                .arg(server));
    }
    if (text.contains(QLatin1String("timeout expired"))
        || text.contains(QLatin1String("timed out"))) {
        return make(K::ServerUnreachable,
                    QStringLiteral("%1 did not answer in time.").arg(serverSubject));
    }
    if (text.contains(QLatin1String("No route to host"))
        || text.contains(QLatin1String("Network is unreachable"))) {
        return make(K::ServerUnreachable,
                    QStringLiteral("%1 cannot be reached from this machine.").arg(serverSubject));
    }
    if (text.contains(QLatin1String("the database system is starting up"))
        || text.contains(QLatin1String("the database system is shutting down"))) {
        return make(K::ServerUnreachable,
                    sentence(QStringLiteral("%1 is %2; try again in a moment")
                                 .arg(atServer,
                                      text.contains(QLatin1String("starting"))
                                          ? QStringLiteral("starting up")
                                          : QStringLiteral("shutting down"))));
    }
    if (text.contains(QLatin1String("too many clients"))) {
        return make(K::ServerUnreachable,
                    QStringLiteral("%1 has no free connection slots (too many clients).")
                        .arg(serverSubject));
    }
    return make(K::Generic,
                QStringLiteral("Could not connect to %1: %2")
                    .arg(atServer, sentence(reasonFromMessage(text))));
}

Error describeQueryFailure(const QString &serverMessage, const QString &sqlState)
{
    // libpq puts "ERROR:  " in front and may add DETAIL/HINT lines: the first line is the message.
    QString primary = serverMessage.trimmed();
    primary.remove(QRegularExpression(QStringLiteral(R"re(^(FATAL|ERROR|PANIC):\s+)re")));
    primary = primary.section(QLatin1Char('\n'), 0, 0).trimmed();

    using K = Error::Kind;
    Error error = Error::make(K::Generic, sentence(primary), serverMessage.trimmed());
    error.sqlState = sqlState;

    if (sqlState == QLatin1String("57014")) {
        error.kind = K::Cancelled;
        error.message = primary.contains(QLatin1String("statement timeout"))
            ? QStringLiteral("The query ran longer than the statement timeout and was stopped.")
            : QStringLiteral("The query was cancelled.");
    } else if (sqlState == QLatin1String("57P01") || sqlState == QLatin1String("57P02")
               || sqlState == QLatin1String("57P03")) {
        error.kind = K::ConnectionLost;
        error.message = QStringLiteral("The server ended this connection (%1).").arg(primary);
    } else if (sqlState == QLatin1String("42501")) {
        // A role with few rights: say whose rights are missing and who can grant them, with the
        // grant that reading needs (the usual case in a browser).
        static const QRegularExpression object(
            QStringLiteral(R"re(^permission denied for (table|view|sequence|schema) (.+)$)re"));
        const QRegularExpressionMatch match = object.match(primary);
        QString grant;
        if (match.hasMatch() && match.captured(1) == QLatin1String("schema"))
            grant = QStringLiteral(" (to look inside it: GRANT USAGE ON SCHEMA %1 TO the role)")
                        .arg(match.captured(2));
        else if (match.hasMatch())
            grant = QStringLiteral(" (to read it: GRANT SELECT ON %1 TO the role)")
                        .arg(match.captured(2));
        if (primary.startsWith(QLatin1String("must be owner")))
            error.message = QStringLiteral("%1: only its owner (a member of the owning role) or a "
                                           "superuser may do this; connect as one.")
                                .arg(sentence(primary).chopped(1));
        else
            error.message = QStringLiteral("%1: the role you connected as lacks the right. Its "
                                           "owner or a superuser can grant it%2, or connect as a "
                                           "role that has it.")
                                .arg(sentence(primary).chopped(1), grant);
    } else if (sqlState == QLatin1String("25006")) {
        error.message
            = QStringLiteral("This connection is read-only, so the statement was refused: %1")
                  .arg(sentence(primary));
    } else if (sqlState.isEmpty()
               && (serverMessage.contains(QLatin1String("server closed the connection"))
                   || serverMessage.contains(QLatin1String("no connection to the server"))
                   || serverMessage.contains(QLatin1String("connection to server was lost"))
                   || serverMessage.contains(QLatin1String("terminating connection")))) {
        error.kind = K::ConnectionLost;
        error.message = QStringLiteral("The connection to the server was lost (the server stopped, "
                                       "restarted or ended the session); the server rolls back "
                                       "any unfinished transaction.");
    } else if (sqlState.isEmpty()
               && (serverMessage.contains(QLatin1String("could not receive data from server"))
                   || serverMessage.contains(QLatin1String("could not send data to server")))) {
        // The socket gave up: keepalives or tcp_user_timeout found no answer (a dropped VPN,
        // a network that went away), or the kernel said there is no route.
        error.kind = K::ConnectionLost;
        const QString reason = primary.section(QLatin1String(": "), 1).trimmed();
        error.message
            = QStringLiteral("The network to the server went silent (%1), so the "
                             "connection was closed; the server rolls back any "
                             "unfinished transaction. Reconnect once the network is "
                             "back.")
                  .arg(reason.isEmpty() ? primary : reason.section(QLatin1Char('\n'), 0, 0));
    }
    return error;
}

Error describeQueryFailure(const QSqlError &error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.driverText();
    return describeQueryFailure(text, error.nativeErrorCode());
}

} // namespace bridgescope
