#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"

#include <QString>

#include <optional>

namespace bridgescope {

struct LocalClusterOptions
{
    QString directory; // holds data/, socket/ and server.log
    int port = 5432; // names the socket file; also the TCP port when listenTcp
    bool listenTcp = false; // by default the cluster listens on its private socket only
    QString tcpAddress = QStringLiteral("127.0.0.1");
    bool durableInitdb = true; // false: initdb --no-sync (tests and benchmarks)
    // The folder of a running LocalCluster: the new cluster is made as its streaming standby
    // (pg_basebackup -R) instead of by initdb. An existing cluster folder is started as it is.
    QString standbyOf;
    // The server programs' folder (`cluster start --pg-bin`): another major than the machine's
    // default. Empty: the folder this cluster was last started with, else ServerTools' choice.
    QString binDir;
};

// A private PostgreSQL cluster made with the machine's own initdb and pg_ctl: the embedded
// default behind `bridgescope --demo`, `bridgescope cluster …` and the integration tests.
//
// It listens on a unix socket in DIR/socket (mode 0700, so only its owner can connect; local
// connections use trust auth, TCP ones scram-sha-256). An existing cluster folder is reused; a
// postmaster.pid left by a crash is recognised as stale and cleared.
class LocalCluster
{
public:
    enum class State { Missing, Stopped, Running };

    explicit LocalCluster(LocalClusterOptions options);

    // Creates the cluster if needed and starts it if it is not running. Returns how to
    // connect to it. Blocking (seconds): call it off the GUI thread.
    Result<ConnectionProfile> start();
    Status stop();
    Result<State> state() const;

    ConnectionProfile profile() const;
    QString uri() const;
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;
    const LocalClusterOptions &options() const { return m_options; }

    // The port a cluster folder was last started on (its bridgescope.conf), if it has one: so
    // `cluster status` and `stop` find a cluster started with --port without being told again.
    static std::optional<int> recordedPort(const QString &directory);
    // The server programs' folder a cluster folder was last started with, if recorded: so a
    // cluster made by another major's programs is stopped and restarted by the same ones.
    static QString recordedBinDir(const QString &directory);

    // The default home of the demo cluster: the user's data folder; for root, which hands the
    // cluster to the postgres account, a folder that account can reach.
    static QString defaultDemoDirectory();

    static constexpr const char *kSuperuser = "postgres";

private:
    Result<class ServerTools> serverTools() const;
    Status prepareFolders(const class ServerTools &tools) const;
    Status initialise(const class ServerTools &tools) const;
    Status copyPrimary(const class ServerTools &tools) const;
    Status writeSettings(const class ServerTools &tools) const;
    void clearStaleLock() const;
    Error startFailure(const QString &pgCtlOutput) const;

    LocalClusterOptions m_options;
};

} // namespace bridgescope
