#include "migrations/ScratchDatabase.h"

#include "connection/ExecuteStatement.h"
#include "connection/LocalCluster.h"
#include "connection/ServerTools.h"
#include "connection/Session.h"

#include <QDir>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <optional>

namespace bridgescope {

namespace {

constexpr char kInsufficientPrivilege[] = "42501";
constexpr char kReadOnlyTransaction[] = "25006"; // a standby

SessionOptions writable()
{
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    return options;
}

QString quotedName(Session &session, const QString &name)
{
    return session.database().driver()->escapeIdentifier(name, QSqlDriver::TableName);
}

// Scratch databases of earlier checks whose process was killed before it could drop them. A
// database still in use (another check running now) cannot be dropped without FORCE, so it is
// left alone; one this role does not own is left alone too.
void dropLeftovers(Session &admin, const QString &purpose)
{
    QSqlQuery query(admin.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT datname FROM pg_database WHERE datname LIKE ? "
                                 "AND pg_get_userbyid(datdba) = current_user"));
    query.addBindValue(QStringLiteral("bridgescope\\_%1\\_%").arg(purpose));
    QStringList leftovers;
    if (query.exec()) {
        while (query.next())
            leftovers << query.value(0).toString();
    }
    query.finish();
    for (const QString &name : leftovers)
        (void)executeStatement(
            admin, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quotedName(admin, name)));
}

} // namespace

// Members are destroyed in reverse order: the scratch session closes before the database is
// dropped (a database with a session open cannot be), and the cluster stops before its folder
// goes.
struct ScratchDatabase::Parts
{
    QString name;
    QString where;
    std::optional<Session> admin; // on the user's server, when the database is there
    std::unique_ptr<QTemporaryDir> clusterFolder;
    std::unique_ptr<LocalCluster> cluster;
    std::optional<Session> session;

    ~Parts()
    {
        session.reset();
        if (cluster)
            (void)cluster->stop();
        if (admin) {
            Result<ServerInfo> info = admin->serverInfo();
            const bool force = info && info->serverVersionNumber >= 130000;
            (void)executeStatement(*admin,
                                   QStringLiteral("DROP DATABASE IF EXISTS %1%2")
                                       .arg(quotedName(*admin, name),
                                            force ? QStringLiteral(" WITH (FORCE)") : QString()));
        }
    }
};

namespace {

// A private cluster of the server's major version, when this machine has its programs.
// `why`: why the server itself cannot hold the scratch database, as a clause.
Status startPrivateCluster(ScratchDatabase::Parts &parts, int serverMajor, const QString &purpose,
                           const QString &why)
{
    Result<ServerTools> tools = ServerTools::locate();
    if (!tools)
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1, and this machine has no PostgreSQL server programs for a "
                                   "private cluster: %2")
                        .arg(why, tools.error().message));
    if (tools->majorVersion() != serverMajor)
        return fail(Error::Kind::Environment,
                    QStringLiteral("%1, and this machine's PostgreSQL is version %2, not the "
                                   "server's %3, so a private cluster would not compare alike.")
                        .arg(why)
                        .arg(tools->majorVersion())
                        .arg(serverMajor));
    parts.clusterFolder = std::make_unique<QTemporaryDir>(
        QDir::tempPath() + QStringLiteral("/bridgescope-%1-XXXXXX").arg(purpose));
    if (!parts.clusterFolder->isValid())
        return fail(Error::Kind::Environment,
                    QStringLiteral("Could not make a temporary folder for a private cluster: %1")
                        .arg(parts.clusterFolder->errorString()));
    LocalClusterOptions options;
    options.directory = parts.clusterFolder->path();
    options.durableInitdb = false;
    parts.cluster = std::make_unique<LocalCluster>(options);
    Result<ConnectionProfile> profile = parts.cluster->start();
    if (!profile)
        return std::unexpected(profile.error());
    Result<Session> session = Session::open(*profile, writable(), purpose);
    if (!session)
        return std::unexpected(session.error());
    parts.session.emplace(std::move(*session));
    parts.name = profile->value(QStringLiteral("dbname"));
    parts.where = QStringLiteral("a private PostgreSQL %1 cluster in %2 (%3)")
                      .arg(serverMajor)
                      .arg(options.directory, why.left(1).toLower() + why.mid(1));
    return {};
}

} // namespace

Result<std::unique_ptr<ScratchDatabase>>
ScratchDatabase::create(const ConnectionProfile &profile, const QString &purpose, Fallback fallback)
{
    auto parts = std::make_unique<Parts>();
    Result<Session> admin = Session::open(profile, writable(), purpose + QStringLiteral("-admin"));
    if (!admin)
        return std::unexpected(admin.error());
    dropLeftovers(*admin, purpose);
    parts->name = QStringLiteral("bridgescope_%1_%2")
                      .arg(purpose)
                      .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    Status made = executeStatement(*admin,
                                   QStringLiteral("CREATE DATABASE %1 TEMPLATE template0")
                                       .arg(quotedName(*admin, parts->name)));
    if (!made) {
        const bool standby = made.error().sqlState == QLatin1String(kReadOnlyTransaction);
        if (made.error().sqlState != QLatin1String(kInsufficientPrivilege) && !standby)
            return std::unexpected(made.error());
        const QString why = standby
            ? QStringLiteral("This server is a read-only standby")
            : QStringLiteral("This role may not create databases (it needs CREATEDB)");
        if (fallback == Fallback::None) {
            Error error = made.error();
            error.message = QStringLiteral("%1 works in a scratch database that it creates and "
                                           "drops, and %2.")
                                .arg(purpose, why.left(1).toLower() + why.mid(1));
            return std::unexpected(error);
        }
        Result<ServerInfo> info = admin->serverInfo();
        if (!info)
            return std::unexpected(info.error());
        if (Status started
            = startPrivateCluster(*parts, info->serverVersionNumber / 10000, purpose, why);
            !started)
            return std::unexpected(started.error());
        return std::unique_ptr<ScratchDatabase>(new ScratchDatabase(std::move(parts)));
    }
    parts->admin.emplace(std::move(*admin));
    parts->where = QStringLiteral("the scratch database %1 on the server").arg(parts->name);

    ConnectionProfile scratchProfile = profile;
    scratchProfile.setValue(QStringLiteral("dbname"), parts->name);
    Result<Session> session = Session::open(scratchProfile, writable(), purpose);
    if (!session)
        return std::unexpected(session.error()); // parts drops the database
    parts->session.emplace(std::move(*session));
    return std::unique_ptr<ScratchDatabase>(new ScratchDatabase(std::move(parts)));
}

ScratchDatabase::ScratchDatabase(std::unique_ptr<Parts> parts)
    : m_parts(std::move(parts))
{ }

ScratchDatabase::~ScratchDatabase() = default;

Session &ScratchDatabase::session()
{
    return *m_parts->session;
}

const QString &ScratchDatabase::name() const
{
    return m_parts->name;
}

bool ScratchDatabase::isPrivateCluster() const
{
    return m_parts->cluster != nullptr;
}

QString ScratchDatabase::describe() const
{
    return m_parts->where;
}

} // namespace bridgescope
