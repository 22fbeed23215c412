#include "demo/DemoDatabase.h"

#include "connection/ConnectionErrors.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"
#include "metrics/DemoData.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"

#include <QSqlQuery>
#include <QVariant>

namespace bridgescope {

namespace {

Status createDatabaseIfMissing(const ConnectionProfile &clusterProfile)
{
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    Result<Session> admin = Session::open(clusterProfile, options, QStringLiteral("demo-admin"));
    if (!admin)
        return std::unexpected(admin.error());
    {
        QSqlQuery query(admin->database());
        query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
        query.addBindValue(QString::fromLatin1(kDemoDatabaseName));
        if (!query.exec())
            return std::unexpected(describeQueryFailure(query.lastError()));
        if (query.next())
            return {};
    }
    return executeStatement(
        *admin, QStringLiteral("CREATE DATABASE %1").arg(QLatin1String(kDemoDatabaseName)));
}

} // namespace

Result<ConnectionProfile> prepareDemoDatabase(const ConnectionProfile &clusterProfile)
{
    if (Status created = createDatabaseIfMissing(clusterProfile); !created)
        return std::unexpected(created.error());
    ConnectionProfile profile = clusterProfile;
    profile.setValue(QStringLiteral("dbname"), QString::fromLatin1(kDemoDatabaseName));

    Result<MigrationSet> set = MigrationSet::load(MigrationSet::bundledDirectory());
    if (!set)
        return std::unexpected(set.error());
    SessionOptions options;
    options.mode = AccessMode::ReadWrite;
    Result<Session> session = Session::open(profile, options, QStringLiteral("demo-migrate"));
    if (!session)
        return std::unexpected(session.error());
    MigrationRunner runner(*session, *set);
    Result<RunReport> report = runner.run(Direction::Up, RunOptions {});
    if (!report)
        return std::unexpected(report.error());
    if (report->failure) {
        Error error = report->failure->error;
        error.message = QStringLiteral("The bundled migrations failed on the demo database: %1")
                            .arg(report->failure->describe());
        return std::unexpected(error);
    }
    // Top statements for the Health tab, where the cluster loaded the library: in BridgeScope's
    // own schema, which drift checks leave out, so the demo shows no drift it did not make.
    if (Status installed = executeStatement(
            *session,
            QStringLiteral("DO $$ BEGIN IF 'pg_stat_statements' = ANY (string_to_array(replace("
                           "current_setting('shared_preload_libraries'), ' ', ''), ',')) THEN "
                           "CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA bridgescope; "
                           "END IF; END $$"));
        !installed)
        return std::unexpected(installed.error());
    // A moderate amount on first start: a few seconds of generation, two weeks of charts.
    // Data already there (a later start, or rows of the user's own) is left alone.
    Result<bool> holdsRows = bridgeTablesHoldRows(*session);
    if (!holdsRows)
        return std::unexpected(holdsRows.error());
    if (!*holdsRows) {
        DemoDataOptions demo;
        demo.workflows = kDemoWorkflows;
        demo.days = 14;
        demo.namespaces = 4;
        if (Result<DemoDataReport> filled = generateDemoData(*session, demo); !filled)
            return std::unexpected(filled.error());
    }
    return profile;
}

} // namespace bridgescope
