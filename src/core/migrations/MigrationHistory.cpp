#include "migrations/MigrationHistory.h"

#include "connection/ConnectionErrors.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"

#include <QSqlQuery>
#include <QVariant>

namespace bridgescope {

namespace {

const char kCreateHistory[] = R"sql(
CREATE TABLE IF NOT EXISTS bridgescope.schema_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version       INTEGER NOT NULL,
    description   TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('apply', 'rollback', 'accept')),
    script        TEXT NOT NULL,
    checksum      TEXT NOT NULL,
    applied_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    applied_by    TEXT NOT NULL DEFAULT current_user,
    execution_ms  INTEGER NOT NULL,
    success       BOOLEAN NOT NULL,
    error_message TEXT
))sql";

HistoryAction actionFromName(const QString &name)
{
    if (name == QLatin1String("rollback"))
        return HistoryAction::Rollback;
    if (name == QLatin1String("accept"))
        return HistoryAction::Accept;
    return HistoryAction::Apply;
}

} // namespace

QString historyActionName(HistoryAction action)
{
    switch (action) {
    case HistoryAction::Apply:
        return QStringLiteral("apply");
    case HistoryAction::Rollback:
        return QStringLiteral("rollback");
    case HistoryAction::Accept:
        return QStringLiteral("accept");
    }
    return {};
}

Result<QList<HistoryEntry>> readHistory(Session &session)
{
    QSqlQuery query(session.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT to_regclass('bridgescope.schema_history') IS NOT NULL")))
        return std::unexpected(describeQueryFailure(query.lastError()));
    if (!query.next() || !query.value(0).toBool())
        return QList<HistoryEntry> {};
    if (!query.exec(QStringLiteral(
            "SELECT id, version, description, action, script, checksum, applied_at, applied_by, "
            "execution_ms, success, coalesce(error_message, '') "
            "FROM bridgescope.schema_history ORDER BY id")))
        return std::unexpected(describeQueryFailure(query.lastError()));
    QList<HistoryEntry> entries;
    while (query.next()) {
        HistoryEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.version = query.value(1).toInt();
        entry.description = query.value(2).toString();
        entry.action = actionFromName(query.value(3).toString());
        entry.script = query.value(4).toString();
        entry.checksum = query.value(5).toString();
        entry.at = query.value(6).toDateTime();
        entry.by = query.value(7).toString();
        entry.executionMs = query.value(8).toInt();
        entry.success = query.value(9).toBool();
        entry.errorMessage = query.value(10).toString();
        entries.append(entry);
    }
    return entries;
}

Status ensureHistoryTable(Session &session)
{
    // Only what is missing is created: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database
    // and COMMENT needs to own the table, even when there is nothing to do, and a role that runs
    // migrations on a shared database often has neither.
    QSqlQuery query(session.database());
    if (!query.exec(QStringLiteral("SELECT to_regnamespace('bridgescope') IS NOT NULL, "
                                   "to_regclass('bridgescope.schema_history') IS NOT NULL"))
        || !query.next())
        return std::unexpected(describeQueryFailure(query.lastError()));
    const bool haveSchema = query.value(0).toBool();
    if (query.value(1).toBool())
        return {};
    query.finish();
    if (Status made = haveSchema
            ? Status {}
            : executeStatement(session, QStringLiteral("CREATE SCHEMA IF NOT EXISTS bridgescope"));
        !made)
        return made;
    if (Status made = executeStatement(session, QString::fromUtf8(kCreateHistory)); !made)
        return made;
    return executeStatement(
        session,
        QStringLiteral("COMMENT ON TABLE bridgescope.schema_history IS 'Migrations applied and "
                       "rolled back by bridgescope (append-only; see migrations/README.md)'"));
}

Status recordHistory(Session &session, const HistoryEntry &entry)
{
    QSqlQuery query(session.database());
    query.prepare(QStringLiteral(
        "INSERT INTO bridgescope.schema_history (version, description, action, script, checksum, "
        "execution_ms, success, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(entry.version);
    query.addBindValue(entry.description);
    query.addBindValue(historyActionName(entry.action));
    query.addBindValue(entry.script);
    query.addBindValue(entry.checksum);
    query.addBindValue(entry.executionMs);
    query.addBindValue(entry.success);
    query.addBindValue(entry.errorMessage.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                    : QVariant(entry.errorMessage));
    if (!query.exec())
        return std::unexpected(describeQueryFailure(query.lastError()));
    return {};
}

} // namespace bridgescope
