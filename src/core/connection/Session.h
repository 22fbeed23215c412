#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

struct pg_conn; // libpq's PGconn, kept out of this header

namespace bridgescope {

enum class AccessMode {
    ReadOnly, // browsing: default_transaction_read_only = on, with a statement_timeout
    ReadWrite, // migration work only
};

struct SessionOptions
{
    AccessMode mode = AccessMode::ReadOnly;
    int statementTimeoutMs = 30'000; // 0: none; applies to ReadOnly sessions
    int connectTimeoutSeconds = 10; // unless the profile sets connect_timeout
};

// What the status bar shows, read from the live connection.
struct ServerInfo
{
    QString host; // host name, address, or socket directory
    QString port;
    QString database;
    QString user;
    QString serverVersion; // "15.18 (Debian 15.18-0+deb12u1)"
    int serverVersionNumber = 0; // 150018
    // "standby, replay lag 0.4 s", "primary with 1 standby", or empty: filled by callers that
    // ask (readReplicationRole); serverInfo() itself makes no query.
    QString replication;
};

class CancelHandle;

// One named QSqlDatabase (QPSQL) opened on the calling thread, closed and removed with the
// Session. QSqlDatabase connections belong to the thread that made them: a Session is created,
// used and destroyed on one thread (docs/architecture.md, threads).
class Session
{
public:
    static Result<Session> open(const ConnectionProfile &profile, const SessionOptions &options,
                                const QString &purpose);

    Session(Session &&other) noexcept;
    Session &operator=(Session &&other) noexcept;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    ~Session();

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    const QString &connectionName() const { return m_name; }
    AccessMode mode() const { return m_mode; }

    Result<ServerInfo> serverInfo() const;

    // A handle another thread may use to cancel this session's running statement.
    std::shared_ptr<CancelHandle> cancelHandle() const;

    // libpq's connection under the QPSQL driver, for what Qt Sql does not expose (error
    // positions, server version). Only while no QSqlQuery on this session is active.
    pg_conn *nativeHandle() const;

    // How long a statement may wait for its whole answer before the connection is closed (0: as
    // long as it takes): the statement_timeout and half again, at least 5 s more. The server ends
    // a statement that outlives its timeout, rows still to send included, with an error at once;
    // silence past that means the way to it is broken although TCP says it is fine (a proxy or
    // relay that stopped passing data on, which keepalives do not notice).
    int answerDeadlineMs() const
    {
        return m_statementTimeoutMs > 0
            ? m_statementTimeoutMs + qMax(5'000, m_statementTimeoutMs / 2)
            : 0;
    }
    int statementTimeoutMs() const { return m_statementTimeoutMs; } // 0: none

private:
    Session(QString name, AccessMode mode);
    void close();

    QString m_name;
    AccessMode m_mode = AccessMode::ReadOnly;
    int m_statementTimeoutMs = 0;
};

// The connection options the QPSQL driver is given for a profile (exposed for tests).
QString qpsqlConnectOptions(const ConnectionProfile &profile, const SessionOptions &options);

} // namespace bridgescope
