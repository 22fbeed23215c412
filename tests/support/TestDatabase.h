#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"
#include "connection/LocalCluster.h"
#include "metrics/DemoData.h"

#include <QList>
#include <QString>
#include <QTemporaryDir>

namespace bridgescope::test {

// The database the integration and GUI tests use: BRIDGESCOPE_TEST_DSN when set, else the
// LocalCluster that the CTest fixture started.
ConnectionProfile testProfile();

// Runs SQL on a fresh read-write connection (test set-up only).
Status execSql(const QString &sql, const ConnectionProfile &profile = testProfile());

// Applies the bundled migration chain (test set-up for views that show the bridge schema).
Status applyBundledMigrations(const ConnectionProfile &profile);

// Demo data (bridgescope demo-data) written into a database that has the bundled chain.
Result<DemoDataReport> fillDemoData(const ConnectionProfile &profile,
                                    const DemoDataOptions &options);

// A database of its own for one test, created empty and dropped (even with sessions still
// open) when the object goes.
class ScratchDatabase
{
public:
    explicit ScratchDatabase(const QString &purpose);
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    bool isValid() const { return m_created; }
    const QString &name() const { return m_name; }
    ConnectionProfile profile() const; // testProfile() with this dbname

private:
    QString m_name;
    bool m_created = false;
};

// A login role of its own for one test (a user with few rights), created with the given
// attributes and dropped when the object goes, with whatever was granted to it in `databases`.
class ScratchRole
{
public:
    explicit ScratchRole(const QString &purpose,
                         const QString &attributes = QStringLiteral("LOGIN"));
    ~ScratchRole();
    ScratchRole(const ScratchRole &) = delete;
    ScratchRole &operator=(const ScratchRole &) = delete;

    bool isValid() const { return m_created; }
    const QString &name() const { return m_name; }
    // Runs the grants (SQL that may name the role as %1) as the test's superuser in `database`.
    Status grant(const QString &sql, const ConnectionProfile &database);
    ConnectionProfile profile(const ConnectionProfile &database) const; // as this role

private:
    QString m_name;
    QList<ConnectionProfile> m_databases; // where it holds grants, cleared on drop
    bool m_created = false;
};

// Writes a file (a migration, a script) and returns its path.
QString writeFile(const QString &directory, const QString &name, const QByteArray &contents);

// A scratch folder under /tmp that the postgres account can reach when the tests run as root
// (QTemporaryDir's default place may be closed to it).
class ScratchDir
{
public:
    ScratchDir();
    QString path() const { return m_dir.path(); }
    bool isValid() const { return m_dir.isValid(); }

private:
    QTemporaryDir m_dir;
};

// Options for a throwaway cluster in a scratch folder: fast initdb, a port of its own.
LocalClusterOptions scratchClusterOptions(const QString &directory, bool tcp = false);

// Why a streaming standby cannot be made with the server programs the tests use (a server-only
// folder from scripts/pg-versions has no pg_basebackup); empty when it can. For QSKIP.
QString whyNoStandby();

// This backend's statistics reach the shared counters now (pg_stat_force_next_flush, 15 and
// later). Before 15 they cannot be forced: the backend sends them when its transaction ends, at
// most twice a second, and a test polls for them (QTRY) rather than expecting them at once.
// Returns whether they were flushed.
bool flushStatistics(class Session &session);
// Ends the session with its statistics sent: flushed on 15 and later, and before 15 by the
// backend's exit, which sends them (an idle backend of 14 holds them until its next statement).
void endWithStatistics(class Session &&session);

// A TCP port that nothing listens on now.
int freeTcpPort();

} // namespace bridgescope::test
