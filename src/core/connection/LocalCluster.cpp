#include "connection/LocalCluster.h"

#include "connection/ServerTools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <QUrl>

#include <csignal>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace bridgescope {

namespace {

// sockaddr_un.sun_path holds 108 bytes including the terminating zero.
constexpr int kMaxSocketPath = 107;

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString lastLines(const QString &text, int count)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    return lines.mid(qMax<qsizetype>(0, lines.size() - count)).join(QLatin1Char('\n'));
}

// The pid file of a server that crashed names a process that is gone, or a process id that
// the system has since given to someone else. Only a live "postgres" process counts.
bool isLivePostgres(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        return false;
    const QString exe = QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget();
    if (!exe.isEmpty())
        return QFileInfo(exe).fileName() == QLatin1String("postgres");
    const QString comm = readFile(QStringLiteral("/proc/%1/comm").arg(pid)).trimmed();
    return comm == QLatin1String("postgres") || comm == QLatin1String("postmaster");
}

qint64 pidFromLockFile(const QString &path)
{
    const QString content = readFile(path);
    return content.section(QLatin1Char('\n'), 0, 0).trimmed().toLongLong();
}

} // namespace

LocalCluster::LocalCluster(LocalClusterOptions options)
    : m_options(std::move(options))
{
    m_options.directory = QDir::cleanPath(QDir(m_options.directory).absolutePath());
}

QString LocalCluster::dataDirectory() const
{
    return m_options.directory + QStringLiteral("/data");
}

QString LocalCluster::socketDirectory() const
{
    return m_options.directory + QStringLiteral("/socket");
}

QString LocalCluster::logFile() const
{
    return m_options.directory + QStringLiteral("/server.log");
}

std::optional<int> LocalCluster::recordedPort(const QString &directory)
{
    const QString settings = readFile(directory + QStringLiteral("/data/bridgescope.conf"));
    static const QRegularExpression portLine(QStringLiteral("^port = (\\d+)$"),
                                             QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = portLine.match(settings);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

QString LocalCluster::recordedBinDir(const QString &directory)
{
    const QString settings = readFile(directory + QStringLiteral("/data/bridgescope.conf"));
    static const QRegularExpression binLine(QStringLiteral("^# server programs: (.+)$"),
                                            QRegularExpression::MultilineOption);
    return binLine.match(settings).captured(1);
}

Result<ServerTools> LocalCluster::serverTools() const
{
    if (!m_options.binDir.isEmpty())
        return ServerTools::locate(m_options.binDir);
    // BRIDGESCOPE_PG_BINDIR, set by the user for this run, comes before the recorded folder.
    if (qEnvironmentVariableIsEmpty("BRIDGESCOPE_PG_BINDIR")) {
        const QString recorded = recordedBinDir(m_options.directory);
        if (ServerTools::hasServerPrograms(recorded))
            return ServerTools::locate(recorded);
    }
    return ServerTools::locate();
}

ConnectionProfile LocalCluster::profile() const
{
    ConnectionProfile profile;
    profile.setValue(QStringLiteral("host"), socketDirectory());
    profile.setValue(QStringLiteral("port"), QString::number(m_options.port));
    profile.setValue(QStringLiteral("user"), QString::fromLatin1(kSuperuser));
    profile.setValue(QStringLiteral("dbname"), QStringLiteral("postgres"));
    return profile;
}

QString LocalCluster::uri() const
{
    // Built by concatenation: the percent-encoded path holds "%2F", which QString::arg would
    // take for a placeholder.
    return QStringLiteral("postgresql://") + QString::fromLatin1(kSuperuser)
        + QStringLiteral("@/postgres?host=")
        + QString::fromLatin1(QUrl::toPercentEncoding(socketDirectory())) + QStringLiteral("&port=")
        + QString::number(m_options.port);
}

QString LocalCluster::defaultDemoDirectory()
{
    if (::geteuid() == 0)
        return QStringLiteral("/var/lib/bridgescope/demo-cluster");
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/bridgescope/demo-cluster");
}

Result<LocalCluster::State> LocalCluster::state() const
{
    if (!QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION")))
        return State::Missing;
    const QString pidFile = dataDirectory() + QStringLiteral("/postmaster.pid");
    if (!QFileInfo::exists(pidFile))
        return State::Stopped;
    return isLivePostgres(pidFromLockFile(pidFile)) ? State::Running : State::Stopped;
}

Status LocalCluster::prepareFolders(const ServerTools &tools) const
{
    const QString socketFile
        = socketDirectory() + QStringLiteral("/.s.PGSQL.%1").arg(m_options.port);
    if (QFile::encodeName(socketFile).size() > kMaxSocketPath) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("The cluster folder %1 is too deep: the server's socket path "
                                   "would be longer than the %2 bytes the system allows. Choose a "
                                   "shorter folder.")
                        .arg(m_options.directory)
                        .arg(kMaxSocketPath));
    }
    QDir dir;
    if (!dir.mkpath(m_options.directory) || !QFileInfo(m_options.directory).isWritable()) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("The folder %1 cannot be created or written to.")
                        .arg(m_options.directory));
    }
    if (!dir.mkpath(socketDirectory()))
        return fail(Error::Kind::Environment,
                    QStringLiteral("The folder %1 cannot be created.").arg(socketDirectory()));
    // The socket folder is the cluster's door: only its owner may open it.
    ::chmod(QFile::encodeName(socketDirectory()).constData(), 0700);
    if (!QFileInfo::exists(dataDirectory()) && !dir.mkpath(dataDirectory()))
        return fail(Error::Kind::Environment,
                    QStringLiteral("The folder %1 cannot be created.").arg(dataDirectory()));
    ::chmod(QFile::encodeName(dataDirectory()).constData(), 0700);
    if (!QFileInfo::exists(logFile())) {
        QFile log(logFile());
        if (!log.open(QIODevice::WriteOnly))
            return fail(Error::Kind::Environment,
                        QStringLiteral("%1 cannot be written.").arg(logFile()));
    }
    for (const QString &path :
         { m_options.directory, socketDirectory(), dataDirectory(), logFile() }) {
        if (Status owned = tools.takeOwnership(path); !owned)
            return owned;
    }
    if (!tools.canWrite(dataDirectory()) || !tools.canWrite(socketDirectory())) {
        return fail(
            Error::Kind::Environment,
            QStringLiteral("The %1 user, which runs the server, cannot reach %2: one of its "
                           "parent folders is closed to it. Choose a folder under /tmp or "
                           "/var/lib.")
                .arg(tools.runAsUser(), m_options.directory));
    }
    return {};
}

Status LocalCluster::initialise(const ServerTools &tools) const
{
    if (!QDir(dataDirectory()).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1 holds files but no PostgreSQL cluster; BridgeScope will not "
                                   "overwrite it.")
                        .arg(dataDirectory()));
    }
    QStringList args { QStringLiteral("-D"),
                       dataDirectory(),
                       QStringLiteral("-U"),
                       QString::fromLatin1(kSuperuser),
                       QStringLiteral("-E"),
                       QStringLiteral("UTF8"),
                       QStringLiteral("--locale=C"),
                       QStringLiteral("--auth-local=trust"),
                       QStringLiteral("--auth-host=scram-sha-256") };
    if (!m_options.durableInitdb)
        args << QStringLiteral("--no-sync");
    const ToolOutput out = tools.run(QStringLiteral("initdb"), args);
    if (out.exitCode != 0) {
        // initdb or its bootstrap server says why ("FATAL:  could not write to file
        // "pg_wal/xlogtemp.6504": No space left on device", "initdb: error: …"): the first such
        // line is the reason to give.
        static const QRegularExpression errorLine(
            QStringLiteral("(?:FATAL|PANIC|error):\\s+([^\\n]+)"));
        const QRegularExpressionMatch why = errorLine.match(out.output);
        QString reason = why.captured(1).trimmed();
        if (reason.endsWith(QLatin1Char('.')))
            reason.chop(1);
        return fail(
            Error::Kind::Environment,
            reason.isEmpty()
                ? QStringLiteral("initdb could not create the cluster in %1.").arg(dataDirectory())
                : QStringLiteral("initdb could not create the cluster in %1: %2.")
                      .arg(dataDirectory(), reason),
            out.output);
    }
    QFile conf(dataDirectory() + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append)) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1 cannot be written.").arg(conf.fileName()));
    }
    conf.write("\n# Settings owned by BridgeScope (rewritten at every start)\n"
               "include_if_exists = 'bridgescope.conf'\n");
    return {};
}

Status LocalCluster::copyPrimary(const ServerTools &tools) const
{
    if (!QDir(dataDirectory()).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1 holds files but no PostgreSQL cluster; BridgeScope will not "
                                   "overwrite it.")
                        .arg(dataDirectory()));
    }
    // A server-only build (the registry's prebuilt servers) has no client programs.
    if (!QFileInfo(tools.binDir() + QStringLiteral("/pg_basebackup")).isExecutable())
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1 has no pg_basebackup, which making a standby needs: use a "
                                   "full PostgreSQL installation's programs.")
                        .arg(tools.binDir()));
    // The primary listens on its own socket folder; its port names the socket file.
    const QString primarySockets = m_options.standbyOf + QStringLiteral("/socket");
    const QStringList sockets
        = QDir(primarySockets)
              .entryList({ QStringLiteral(".s.PGSQL.*") }, QDir::System | QDir::Hidden);
    QString port;
    for (const QString &socket : sockets) {
        if (!socket.endsWith(QLatin1String(".lock")))
            port = socket.section(QLatin1Char('.'), -1);
    }
    if (port.isEmpty())
        return fail(
            Error::Kind::Environment,
            QStringLiteral("No server is running in %1, so there is nothing to stream from: "
                           "start it first (bridgescope cluster start --dir %1).")
                .arg(m_options.standbyOf));
    // -R writes standby.signal and primary_conninfo; -X stream copies the WAL made meanwhile.
    const ToolOutput out = tools.run(
        QStringLiteral("pg_basebackup"),
        { QStringLiteral("-D"), dataDirectory(), QStringLiteral("-R"), QStringLiteral("-X"),
          QStringLiteral("stream"), QStringLiteral("-c"), QStringLiteral("fast"),
          QStringLiteral("-h"), primarySockets, QStringLiteral("-p"), port, QStringLiteral("-U"),
          QString::fromLatin1(kSuperuser) });
    if (out.exitCode != 0)
        return fail(Error::Kind::Environment,
                    QStringLiteral("pg_basebackup could not copy the cluster in %1 into %2.")
                        .arg(m_options.standbyOf, dataDirectory()),
                    out.output);
    return {};
}

Status LocalCluster::writeSettings(const ServerTools &tools) const
{
    auto quoted = [](QString value) {
        value.replace(QLatin1Char('\''), QLatin1String("''"));
        return QLatin1Char('\'') + value + QLatin1Char('\'');
    };
    QFile file(dataDirectory() + QStringLiteral("/bridgescope.conf"));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1 cannot be written.").arg(file.fileName()));
    const QString settings
        = QStringLiteral("listen_addresses = %1\nport = %2\nunix_socket_directories = %3\n"
                         "unix_socket_permissions = 0700\n")
              .arg(quoted(m_options.listenTcp ? m_options.tcpAddress : QString()))
              .arg(m_options.port)
              .arg(quoted(socketDirectory()));
    file.write(settings.toUtf8());
    file.write(QStringLiteral("# server programs: %1\n").arg(tools.binDir()).toUtf8());
    // pg_stat_statements, for the Health tab's top statements, where the server has it (it
    // ships with PostgreSQL, in the package-lib folder beside bin/: lib/ in Debian's layout,
    // lib/postgresql/ in a source build's): it costs a few percent of a busy server at most,
    // and a cluster of ours is a developer's.
    if (QFileInfo::exists(tools.binDir() + QStringLiteral("/../lib/pg_stat_statements.so"))
        || QFileInfo::exists(tools.binDir()
                             + QStringLiteral("/../lib/postgresql/pg_stat_statements.so")))
        file.write("shared_preload_libraries = 'pg_stat_statements'\n");
    return {};
}

void LocalCluster::clearStaleLock() const
{
    const QString pidFile = dataDirectory() + QStringLiteral("/postmaster.pid");
    if (QFileInfo::exists(pidFile) && !isLivePostgres(pidFromLockFile(pidFile)))
        QFile::remove(pidFile);
    const QString socketLock
        = socketDirectory() + QStringLiteral("/.s.PGSQL.%1.lock").arg(m_options.port);
    if (QFileInfo::exists(socketLock) && !isLivePostgres(pidFromLockFile(socketLock))) {
        QFile::remove(socketLock);
        QFile::remove(socketDirectory() + QStringLiteral("/.s.PGSQL.%1").arg(m_options.port));
    }
}

Error LocalCluster::startFailure(const QString &pgCtlOutput) const
{
    const QString log = lastLines(readFile(logFile()), 20);
    if (log.contains(QLatin1String("Address already in use"))) {
        return Error::make(
            Error::Kind::Environment,
            QStringLiteral("Port %1 on %2 is already taken by another program; start "
                           "the cluster on another port.")
                .arg(m_options.port)
                .arg(m_options.tcpAddress),
            log);
    }
    if (log.contains(QLatin1String("lock file")) && log.contains(QLatin1String(".s.PGSQL"))) {
        return Error::make(
            Error::Kind::Environment,
            QStringLiteral("Another server is already using the socket %1/.s.PGSQL.%2.")
                .arg(socketDirectory())
                .arg(m_options.port),
            log);
    }
    QString reason;
    for (const QString &line : log.split(QLatin1Char('\n'))) {
        if (line.contains(QLatin1String("FATAL")) || line.contains(QLatin1String("PANIC")))
            reason = line.section(QLatin1String(":  "), 1).trimmed();
    }
    return Error::make(Error::Kind::Environment,
                       QStringLiteral("The PostgreSQL server in %1 did not start%2 (see %3).")
                           .arg(m_options.directory,
                                reason.isEmpty() ? QString() : QStringLiteral(": ") + reason,
                                logFile()),
                       pgCtlOutput + QLatin1Char('\n') + log);
}

Result<ConnectionProfile> LocalCluster::start()
{
    Result<ServerTools> tools = serverTools();
    if (!tools)
        return std::unexpected(tools.error());
    if (Status ready = prepareFolders(*tools); !ready)
        return std::unexpected(ready.error());

    const QString versionFile = dataDirectory() + QStringLiteral("/PG_VERSION");
    if (!QFileInfo::exists(versionFile)) {
        if (Status made = m_options.standbyOf.isEmpty() ? initialise(*tools) : copyPrimary(*tools);
            !made)
            return std::unexpected(made.error());
    } else if (const int major = readFile(versionFile).trimmed().toInt();
               major != tools->majorVersion()) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("The cluster in %1 was made by PostgreSQL %2, but the server "
                                   "programs found are version %3 (%4); give PostgreSQL %2's "
                                   "folder with --pg-bin.")
                        .arg(m_options.directory)
                        .arg(major)
                        .arg(tools->majorVersion())
                        .arg(tools->binDir()));
    }

    if (state() == State::Running)
        return profile();

    clearStaleLock();
    if (Status written = writeSettings(*tools); !written)
        return std::unexpected(written.error());
    if (Status owned = tools->takeOwnership(dataDirectory() + QStringLiteral("/bridgescope.conf"));
        !owned)
        return std::unexpected(owned.error());

    const ToolOutput out
        = tools->run(QStringLiteral("pg_ctl"),
                     { QStringLiteral("start"), QStringLiteral("-D"), dataDirectory(),
                       QStringLiteral("-l"), logFile(), QStringLiteral("-w"), QStringLiteral("-t"),
                       QStringLiteral("60"), QStringLiteral("-s") });
    if (out.exitCode != 0)
        return std::unexpected(startFailure(out.output));
    return profile();
}

Status LocalCluster::stop()
{
    Result<State> current = state();
    if (current && *current != State::Running)
        return {};
    Result<ServerTools> tools = serverTools();
    if (!tools)
        return std::unexpected(tools.error());
    const ToolOutput out
        = tools->run(QStringLiteral("pg_ctl"),
                     { QStringLiteral("stop"), QStringLiteral("-D"), dataDirectory(),
                       QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                       QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-s") });
    if (out.exitCode != 0) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("The server in %1 did not stop.").arg(m_options.directory),
                    out.output);
    }
    return {};
}

} // namespace bridgescope
