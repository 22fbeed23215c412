#include "connection/Session.h"

#include "connection/CancelHandle.h"
#include "connection/ConnectionErrors.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <atomic>
#include <libpq-fe.h>

namespace bridgescope {

namespace {

// Keywords QPSQL takes through QSqlDatabase's own setters; it quotes those values itself.
const QStringList &driverFieldKeywords()
{
    static const QStringList keywords { QStringLiteral("host"), QStringLiteral("dbname"),
                                        QStringLiteral("user"), QStringLiteral("password"),
                                        QStringLiteral("port") };
    return keywords;
}

PGconn *pgConnection(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt 5 named the type "PGconn*"; Qt 6 reports the struct's own name, "pg_conn*".
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0
            && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.data());
}

// target_session_attrs=read-write asks libpq for a server whose sessions are writable, and
// libpq judges by default_transaction_read_only: sent in the startup packet it would make every
// server look read-only. Such sessions turn read-only with a SET once connected instead.
bool readOnlyAfterConnecting(const ConnectionProfile &profile)
{
    return profile.value(QStringLiteral("target_session_attrs")) == QLatin1String("read-write");
}

QString nextConnectionName(const QString &purpose)
{
    static std::atomic<quint64> counter { 0 };
    return QStringLiteral("bridgescope/%1/%2").arg(purpose).arg(++counter);
}

} // namespace

QString qpsqlConnectOptions(const ConnectionProfile &profile, const SessionOptions &options)
{
    QStringList parts;
    for (auto it = profile.values().cbegin(); it != profile.values().cend(); ++it) {
        const QString &keyword = it.key();
        // A port list (host=a,b port=5432,5433, as psql takes it) cannot go through
        // QSqlDatabase::setPort's int: it goes to libpq as it is.
        const bool portList
            = keyword == QLatin1String("port") && it.value().contains(QLatin1Char(','));
        if ((driverFieldKeywords().contains(keyword) && !portList)
            || keyword == QLatin1String("application_name") || keyword == QLatin1String("options"))
            continue;
        parts << keyword + QLatin1Char('=') + quoteConnInfoValue(it.value());
    }
    parts << QStringLiteral("application_name='bridgescope'");
    if (!profile.has(QStringLiteral("connect_timeout")) && options.connectTimeoutSeconds > 0)
        parts << QStringLiteral("connect_timeout=%1").arg(options.connectTimeoutSeconds);
    // A server that vanishes (a dropped VPN, a cable) is noticed in under a minute rather than
    // the kernel's two idle hours: keepalive probes after 10 s idle, every 5 s, 3 missed; and sent
    // data unacknowledged for 30 s ends the connection. TCP only; the user's own values win.
    for (const auto &[keyword, value] :
         { std::pair { "keepalives", "1" }, std::pair { "keepalives_idle", "10" },
           std::pair { "keepalives_interval", "5" }, std::pair { "keepalives_count", "3" },
           std::pair { "tcp_user_timeout", "30000" } }) {
        if (!profile.has(QLatin1String(keyword)))
            parts << QLatin1String(keyword) + QLatin1Char('=') + QLatin1String(value);
    }

    // Server settings travel in the startup packet, so they hold from the first statement.
    QString serverOptions = profile.value(QStringLiteral("options"));
    if (options.mode == AccessMode::ReadOnly) {
        if (!readOnlyAfterConnecting(profile))
            serverOptions += QStringLiteral(" -c default_transaction_read_only=on");
        if (options.statementTimeoutMs > 0)
            serverOptions
                += QStringLiteral(" -c statement_timeout=%1").arg(options.statementTimeoutMs);
    }
    serverOptions = serverOptions.trimmed();
    if (!serverOptions.isEmpty())
        parts << QStringLiteral("options=") + quoteConnInfoValue(serverOptions);
    return parts.join(QLatin1Char(' '));
}

Result<Session> Session::open(const ConnectionProfile &profile, const SessionOptions &options,
                              const QString &purpose)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed. On Debian or "
                                   "Ubuntu install the package libqt6sql6-psql."));
    }
    const QString connectOptions = qpsqlConnectOptions(profile, options);
    // QPSQL turns ';' in the options into spaces (its option separator), which would change
    // such a value silently: refuse it instead.
    for (auto it = profile.values().cbegin(); it != profile.values().cend(); ++it) {
        if (!driverFieldKeywords().contains(it.key()) && it.value().contains(QLatin1Char(';'))) {
            return fail(Error::Kind::Usage,
                        QStringLiteral("The connection option \"%1\" contains ';', which Qt's "
                                       "PostgreSQL driver cannot pass on.")
                            .arg(it.key()));
        }
    }

    Session session(nextConnectionName(purpose), options.mode);
    if (options.mode == AccessMode::ReadOnly && options.statementTimeoutMs > 0)
        session.m_statementTimeoutMs = options.statementTimeoutMs;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), session.m_name);
        db.setHostName(profile.value(QStringLiteral("host")));
        db.setDatabaseName(profile.value(QStringLiteral("dbname")));
        db.setUserName(profile.value(QStringLiteral("user")));
        db.setPassword(profile.value(QStringLiteral("password")));
        if (profile.has(QStringLiteral("port"))) {
            const QStringList ports = profile.value(QStringLiteral("port")).split(QLatin1Char(','));
            for (const QString &each : ports) {
                bool ok = false;
                const int port = each.trimmed().toInt(&ok);
                if (!ok || port <= 0 || port > 65535) {
                    return fail(Error::Kind::Usage,
                                QStringLiteral("The port \"%1\" is not a number between 1 and "
                                               "65535.")
                                    .arg(each));
                }
                if (ports.size() == 1)
                    db.setPort(port);
            }
        }
        db.setConnectOptions(connectOptions);
        if (!db.open()) {
            const QSqlError error = db.lastError();
            return std::unexpected(describeConnectionFailure(
                error.databaseText().isEmpty() ? error.driverText() : error.databaseText()));
        }
        // The server's notices and warnings ("WARNING:  PID 1 is not a PostgreSQL backend
        // process") reach a person only where the program means to show them, in its own
        // words; the driver would print them on stderr.
        if (PGconn *conn = pgConnection(db))
            PQsetNoticeProcessor(
                conn, [](void *, const char *) {}, nullptr);
        if (options.mode == AccessMode::ReadOnly && readOnlyAfterConnecting(profile)) {
            QSqlQuery set(db);
            if (!set.exec(QStringLiteral("SET default_transaction_read_only = on")))
                return std::unexpected(describeQueryFailure(set.lastError()));
        }
    }
    return session;
}

Session::Session(QString name, AccessMode mode)
    : m_name(std::move(name))
    , m_mode(mode)
{ }

Session::Session(Session &&other) noexcept
    : m_name(std::exchange(other.m_name, QString()))
    , m_mode(other.m_mode)
    , m_statementTimeoutMs(other.m_statementTimeoutMs)
{ }

Session &Session::operator=(Session &&other) noexcept
{
    if (this != &other) {
        close();
        m_name = std::exchange(other.m_name, QString());
        m_mode = other.m_mode;
        m_statementTimeoutMs = other.m_statementTimeoutMs;
    }
    return *this;
}

Session::~Session()
{
    close();
}

void Session::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

Result<ServerInfo> Session::serverInfo() const
{
    PGconn *conn = pgConnection(database());
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        return fail(Error::Kind::ConnectionLost, QStringLiteral("The connection is not open."));
    ServerInfo info;
    info.host = QString::fromUtf8(PQhost(conn));
    info.port = QString::fromUtf8(PQport(conn));
    info.database = QString::fromUtf8(PQdb(conn));
    info.user = QString::fromUtf8(PQuser(conn));
    info.serverVersion = QString::fromUtf8(PQparameterStatus(conn, "server_version"));
    info.serverVersionNumber = PQserverVersion(conn);
    return info;
}

pg_conn *Session::nativeHandle() const
{
    return pgConnection(database());
}

std::shared_ptr<CancelHandle> Session::cancelHandle() const
{
    PGconn *conn = pgConnection(database());
    if (!conn)
        return nullptr;
    return std::make_shared<CancelHandle>(PQgetCancel(conn));
}

} // namespace bridgescope
