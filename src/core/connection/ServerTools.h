#pragma once

#include "Error.h"

#include <QString>
#include <QStringList>

namespace bridgescope {

struct ToolOutput
{
    int exitCode = -1;
    QString output; // stdout and stderr together
};

// PostgreSQL's server programs (initdb, pg_ctl, postgres) on this machine, and the account
// they run under. PostgreSQL refuses to run as root: when this process is root, every tool is
// run as the "postgres" user through runuser, and the folders it needs are handed to that user.
class ServerTools
{
public:
    // `binDir` when given (a --pg-bin, a cluster's recorded folder), else BRIDGESCOPE_PG_BINDIR,
    // else `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin.
    static Result<ServerTools> locate(const QString &binDir = {});
    // Whether the folder holds a server's initdb and pg_ctl.
    static bool hasServerPrograms(const QString &binDir);

    const QString &binDir() const { return m_binDir; }
    int majorVersion() const { return m_majorVersion; }
    bool runsAsOtherUser() const { return !m_runAs.isEmpty(); }
    const QString &runAsUser() const { return m_runAs; }

    // Runs binDir/tool with the arguments (as the postgres user when we are root).
    ToolOutput run(const QString &tool, const QStringList &arguments,
                   int timeoutMs = 120'000) const;

    // Whether the account the server runs under can write to the folder (its parents must be
    // open to it too).
    bool canWrite(const QString &folder) const;

    // Gives the folder to the server's account (no-op unless we are root).
    Status takeOwnership(const QString &path) const;

private:
    QString m_binDir;
    QString m_runAs;
    QString m_runuser; // runuser's path, when m_runAs is set
    int m_majorVersion = 0;
};

} // namespace bridgescope
