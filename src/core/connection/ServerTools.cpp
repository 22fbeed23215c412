#include "connection/ServerTools.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QVersionNumber>

#include <algorithm>
#include <grp.h>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

namespace bridgescope {

namespace {

const QString kServerAccount = QStringLiteral("postgres");

QString binDirFromPgConfig()
{
    QProcess process;
    process.start(QStringLiteral("pg_config"), { QStringLiteral("--bindir") });
    if (!process.waitForFinished(5000) || process.exitCode() != 0)
        return {};
    return QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
}

QString newestDebianBinDir()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QString best;
    QVersionNumber bestVersion;
    for (const QString &entry : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QVersionNumber version = QVersionNumber::fromString(entry);
        const QString dir = root.filePath(entry) + QStringLiteral("/bin");
        if (ServerTools::hasServerPrograms(dir) && version > bestVersion) {
            best = dir;
            bestVersion = version;
        }
    }
    return best;
}

// The child processes get a predictable environment: English messages (we read the server log
// for port and lock errors) and no PG* variables that would point them at another cluster.
QProcessEnvironment toolEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("LC_MESSAGES"), QStringLiteral("C"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

} // namespace

bool ServerTools::hasServerPrograms(const QString &dir)
{
    return !dir.isEmpty() && QFileInfo(dir + QStringLiteral("/initdb")).isExecutable()
        && QFileInfo(dir + QStringLiteral("/pg_ctl")).isExecutable();
}

Result<ServerTools> ServerTools::locate(const QString &binDir)
{
    ServerTools tools;
    const QString fromEnv = qEnvironmentVariable("BRIDGESCOPE_PG_BINDIR");
    if (!binDir.isEmpty()) {
        if (!hasServerPrograms(binDir)) {
            return fail(Error::Kind::Environment,
                        QStringLiteral("%1 holds no PostgreSQL server programs (initdb and "
                                       "pg_ctl are not there).")
                            .arg(binDir));
        }
        tools.m_binDir = QDir(binDir).absolutePath();
    } else if (!fromEnv.isEmpty()) {
        if (!hasServerPrograms(fromEnv)) {
            return fail(Error::Kind::Environment,
                        QStringLiteral("BRIDGESCOPE_PG_BINDIR is %1, but initdb and pg_ctl are not "
                                       "there.")
                            .arg(fromEnv));
        }
        tools.m_binDir = fromEnv;
    } else if (const QString fromPgConfig = binDirFromPgConfig(); hasServerPrograms(fromPgConfig)) {
        tools.m_binDir = fromPgConfig;
    } else {
        tools.m_binDir = newestDebianBinDir();
    }
    if (tools.m_binDir.isEmpty()) {
        return fail(
            Error::Kind::Environment,
            QStringLiteral("PostgreSQL's server programs (initdb, pg_ctl) were not found. "
                           "Install them (Debian and Ubuntu: apt-get install postgresql) or "
                           "set BRIDGESCOPE_PG_BINDIR to their folder."));
    }

    if (::geteuid() == 0) {
        if (!::getpwnam(kServerAccount.toLocal8Bit().constData())) {
            return fail(
                Error::Kind::Environment,
                QStringLiteral("PostgreSQL does not run as root, and there is no \"postgres\" "
                               "user to run it as. Run BridgeScope as an ordinary user, or "
                               "create that user (installing postgresql does)."));
        }
        tools.m_runAs = kServerAccount;
        // runuser lives in /usr/sbin, which root's PATH under cron (/usr/bin:/bin) lacks.
        tools.m_runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
        if (tools.m_runuser.isEmpty())
            tools.m_runuser = QStandardPaths::findExecutable(
                QStringLiteral("runuser"),
                { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
        if (tools.m_runuser.isEmpty()) {
            return fail(Error::Kind::Environment,
                        QStringLiteral("PostgreSQL does not run as root, and runuser, which "
                                       "BridgeScope starts it with as \"postgres\", is not "
                                       "installed (Debian: apt-get install util-linux)."));
        }
    }

    const ToolOutput version
        = tools.run(QStringLiteral("pg_ctl"), { QStringLiteral("--version") }, 10'000);
    static const QRegularExpression number(QStringLiteral(R"(\(PostgreSQL\)\s+(\d+))"));
    if (const auto match = number.match(version.output); match.hasMatch())
        tools.m_majorVersion = match.captured(1).toInt();
    if (version.exitCode != 0 || tools.m_majorVersion == 0) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("The server programs in %1 do not run: %2")
                        .arg(tools.m_binDir, version.output.trimmed()));
    }
    return tools;
}

ToolOutput ServerTools::run(const QString &tool, const QStringList &arguments, int timeoutMs) const
{
    QProcess process;
    process.setProcessEnvironment(toolEnvironment());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    // Run from a folder every account can enter: the server's account may not enter ours.
    process.setWorkingDirectory(QStringLiteral("/"));
    const QString program = m_binDir + QLatin1Char('/') + tool;
    if (m_runAs.isEmpty())
        process.start(program, arguments);
    else
        process.start(m_runuser,
                      QStringList { QStringLiteral("-u"), m_runAs, QStringLiteral("--"), program }
                          + arguments);
    ToolOutput result;
    if (!process.waitForStarted(10'000)) {
        result.output
            = QStringLiteral("%1 could not be started: %2").arg(program, process.errorString());
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.output
            = QStringLiteral("%1 did not finish in %2 s.").arg(tool).arg(timeoutMs / 1000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromLocal8Bit(process.readAll());
    return result;
}

bool ServerTools::canWrite(const QString &folder) const
{
    if (m_runAs.isEmpty())
        return QFileInfo(folder).isDir() && QFileInfo(folder).isWritable();
    QProcess process;
    process.start(m_runuser,
                  { QStringLiteral("-u"), m_runAs, QStringLiteral("--"), QStringLiteral("test"),
                    QStringLiteral("-w"), folder });
    return process.waitForFinished(10'000) && process.exitCode() == 0;
}

Status ServerTools::takeOwnership(const QString &path) const
{
    if (m_runAs.isEmpty())
        return {};
    const passwd *account = ::getpwnam(m_runAs.toLocal8Bit().constData());
    if (!account)
        return fail(Error::Kind::Environment,
                    QStringLiteral("There is no user \"%1\".").arg(m_runAs));
    if (::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid) != 0) {
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1 cannot be handed to the %2 user: %3")
                        .arg(path, m_runAs, QString::fromLocal8Bit(strerror(errno))));
    }
    return {};
}

} // namespace bridgescope
