#include "TestDatabase.h"

#include "connection/ConnectionErrors.h"
#include "connection/ExecuteStatement.h"
#include "connection/ServerTools.h"
#include "connection/Session.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bridgescope::test {

ConnectionProfile testProfile()
{
    const QString dsn = qEnvironmentVariable("BRIDGESCOPE_TEST_DSN");
    if (!dsn.isEmpty()) {
        Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(dsn);
        if (profile)
            return *profile;
        qFatal("BRIDGESCOPE_TEST_DSN is not a valid connection string: %s",
               qPrintable(profile.error().message));
    }
    LocalClusterOptions options;
    options.directory = QStringLiteral(BRIDGESCOPE_TEST_CLUSTER_DIR);
    return LocalCluster(options).profile();
}

Status applyBundledMigrations(const ConnectionProfile &profile)
{
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    Result<Session> session = Session::open(profile, options, QStringLiteral("test-migrate"));
    if (!session)
        return std::unexpected(session.error());
    Result<MigrationSet> set = MigrationSet::load(MigrationSet::bundledDirectory());
    if (!set)
        return std::unexpected(set.error());
    MigrationRunner runner(*session, *set);
    Result<RunReport> report = runner.run(Direction::Up, RunOptions {});
    if (!report)
        return std::unexpected(report.error());
    if (report->failure)
        return std::unexpected(report->failure->error);
    return {};
}

Status execSql(const QString &sql, const ConnectionProfile &profile)
{
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    Result<Session> session = Session::open(profile, options, QStringLiteral("test-setup"));
    if (!session)
        return std::unexpected(session.error());
    // libpq's PQexec, not QSqlQuery: QPSQL reads only the first result of a multi-statement
    // string, so an error in a later statement (which rolls back them all) went unseen.
    return executeStatement(*session, sql);
}

ScratchDatabase::ScratchDatabase(const QString &purpose)
    : m_name(QStringLiteral("bs_test_%1_%2").arg(purpose).arg(QCoreApplication::applicationPid()))
{
    (void)execSql(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
    m_created = bool(execSql(QStringLiteral("CREATE DATABASE %1").arg(m_name)));
}

ScratchDatabase::~ScratchDatabase()
{
    if (m_created)
        (void)execSql(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

ConnectionProfile ScratchDatabase::profile() const
{
    ConnectionProfile profile = testProfile();
    profile.setValue(QStringLiteral("dbname"), m_name);
    return profile;
}

ScratchRole::ScratchRole(const QString &purpose, const QString &attributes)
    : m_name(QStringLiteral("bs_role_%1_%2").arg(purpose).arg(QCoreApplication::applicationPid()))
{
    (void)execSql(QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_name));
    m_created = bool(execSql(QStringLiteral("CREATE ROLE %1 %2").arg(m_name, attributes)));
}

ScratchRole::~ScratchRole()
{
    if (!m_created)
        return;
    // A role that holds rights in a database cannot be dropped until they are revoked there.
    for (const ConnectionProfile &database : std::as_const(m_databases))
        (void)execSql(QStringLiteral("DROP OWNED BY %1").arg(m_name), database);
    (void)execSql(QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_name));
}

Status ScratchRole::grant(const QString &sql, const ConnectionProfile &database)
{
    m_databases << database;
    return execSql(QString(sql).replace(QLatin1String("%1"), m_name), database);
}

ConnectionProfile ScratchRole::profile(const ConnectionProfile &database) const
{
    ConnectionProfile profile = database;
    profile.setValue(QStringLiteral("user"), m_name);
    return profile;
}

QString writeFile(const QString &directory, const QString &name, const QByteArray &contents)
{
    const QString path = QDir(directory).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

ScratchDir::ScratchDir()
    : m_dir(QStringLiteral("/tmp/bridgescope-test-XXXXXX"))
{
    // The cluster code hands sub-folders to the postgres account; it must be able to pass.
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
}

LocalClusterOptions scratchClusterOptions(const QString &directory, bool tcp)
{
    LocalClusterOptions options;
    options.directory = directory;
    options.durableInitdb = false;
    options.listenTcp = tcp;
    options.port = tcp ? freeTcpPort() : 5432;
    return options;
}

QString whyNoStandby()
{
    Result<ServerTools> tools = ServerTools::locate();
    if (!tools)
        return tools.error().message;
    if (!QFileInfo(tools->binDir() + QStringLiteral("/pg_basebackup")).isExecutable())
        return QStringLiteral("%1 has no pg_basebackup to make a standby with")
            .arg(tools->binDir());
    return {};
}

bool flushStatistics(Session &session)
{
    const Result<ServerInfo> server = session.serverInfo();
    if (!server || server->serverVersionNumber < 150000)
        return false;
    return bool(executeStatement(session, QStringLiteral("SELECT pg_stat_force_next_flush()")));
}

void endWithStatistics(Session &&session)
{
    flushStatistics(session);
    Session ending = std::move(session); // closed at the end of this scope
}

int freeTcpPort()
{
    // Ask the kernel for a free port, then let it go: the server binds it right after.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

Result<DemoDataReport> fillDemoData(const ConnectionProfile &profile,
                                    const DemoDataOptions &options)
{
    SessionOptions sessionOptions;
    sessionOptions.mode = AccessMode::ReadWrite;
    sessionOptions.statementTimeoutMs = 0;
    Result<Session> session = Session::open(profile, sessionOptions, QStringLiteral("test-demo"));
    if (!session)
        return std::unexpected(session.error());
    return generateDemoData(*session, options);
}

} // namespace bridgescope::test
