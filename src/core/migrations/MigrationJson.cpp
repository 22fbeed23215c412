#include "migrations/MigrationJson.h"

#include <QJsonArray>

namespace bridgescope {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue timestamp(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QString directionName(Direction direction)
{
    return direction == Direction::Up ? QStringLiteral("up") : QStringLiteral("down");
}

QJsonObject failureJson(const MigrationFailure &failure)
{
    return QJsonObject {
        { QStringLiteral("version"), failure.version },
        { QStringLiteral("file"), failure.fileName },
        { QStringLiteral("line"), failure.line },
        { QStringLiteral("sqlstate"), nullable(failure.error.sqlState) },
        { QStringLiteral("message"), failure.error.message },
        { QStringLiteral("statement"), failure.statement },
        { QStringLiteral("partial"), failure.partial },
        { QStringLiteral("description"), failure.describe() },
    };
}

} // namespace

QJsonObject errorJson(const Error &error)
{
    return QJsonObject { { QStringLiteral("format"), kMigrateJsonFormat },
                         { QStringLiteral("error"),
                           QJsonObject { { QStringLiteral("message"), error.message },
                                         { QStringLiteral("sqlstate"), nullable(error.sqlState) },
                                         { QStringLiteral("detail"), nullable(error.detail) } } } };
}

QJsonObject migrationStatusJson(const MigrationStatus &status,
                                const std::optional<LockHolder> &lockHolder)
{
    QJsonArray rows;
    for (const MigrationStatusRow &row : status.rows) {
        rows.append(QJsonObject {
            { QStringLiteral("version"), row.version },
            { QStringLiteral("description"), row.description },
            { QStringLiteral("state"), migrationStateName(row.state) },
            { QStringLiteral("applied"), row.applied },
            { QStringLiteral("file"), nullable(row.fileName) },
            { QStringLiteral("rollback_file"), nullable(row.rollbackFileName) },
            { QStringLiteral("rollback_missing"), row.rollbackMissing },
            { QStringLiteral("transactional"), row.transactional },
            { QStringLiteral("checksum"), nullable(row.checksum) },
            { QStringLiteral("applied_checksum"), nullable(row.appliedChecksum) },
            { QStringLiteral("applied_at"), timestamp(row.appliedAt) },
            { QStringLiteral("applied_by"), nullable(row.appliedBy) },
            { QStringLiteral("execution_ms"),
              row.executionMs >= 0 ? QJsonValue(row.executionMs) : QJsonValue() },
            { QStringLiteral("last_error"), nullable(row.lastError) },
        });
    }
    QJsonArray gaps;
    for (int gap : status.gaps)
        gaps.append(gap);
    QJsonArray problems;
    for (const MigrationProblem &problem : status.problems)
        problems.append(QJsonObject { { QStringLiteral("file"), problem.fileName },
                                      { QStringLiteral("message"), problem.message } });
    QJsonValue lock;
    if (lockHolder) {
        lock = QJsonObject { { QStringLiteral("pid"), lockHolder->pid },
                             { QStringLiteral("user"), lockHolder->user },
                             { QStringLiteral("application"), lockHolder->application },
                             { QStringLiteral("client_address"),
                               nullable(lockHolder->clientAddress) },
                             { QStringLiteral("since"), timestamp(lockHolder->since) } };
    }
    return QJsonObject { { QStringLiteral("format"), kMigrateJsonFormat },
                         { QStringLiteral("current_version"), status.currentVersion },
                         { QStringLiteral("migrations"), rows },
                         { QStringLiteral("gaps"), gaps },
                         { QStringLiteral("problems"), problems },
                         { QStringLiteral("lock_holder"), lock } };
}

QJsonObject runReportJson(const RunReport &report)
{
    QJsonArray done;
    for (const StepResult &step : report.done)
        done.append(QJsonObject { { QStringLiteral("version"), step.version },
                                  { QStringLiteral("description"), step.description },
                                  { QStringLiteral("file"), step.fileName },
                                  { QStringLiteral("execution_ms"), step.executionMs },
                                  { QStringLiteral("statements"), step.statements } });
    return QJsonObject { { QStringLiteral("format"), kMigrateJsonFormat },
                         { QStringLiteral("action"), directionName(report.direction) },
                         { QStringLiteral("trial"), report.trial },
                         { QStringLiteral("done"), done },
                         { QStringLiteral("stopped"), report.stopped },
                         { QStringLiteral("failure"),
                           report.failure ? QJsonValue(failureJson(*report.failure))
                                          : QJsonValue() } };
}

QJsonObject runPlanJson(Direction direction, const QList<const Migration *> &plan)
{
    QJsonArray steps;
    for (const Migration *migration : plan) {
        const MigrationScript &script
            = direction == Direction::Up ? migration->forward : migration->rollback;
        QJsonArray statements;
        for (const SqlStatement &statement : script.statements)
            statements.append(QJsonObject { { QStringLiteral("line"), statement.line },
                                            { QStringLiteral("sql"), statement.text } });
        steps.append(QJsonObject { { QStringLiteral("version"), migration->version },
                                   { QStringLiteral("description"), migration->description },
                                   { QStringLiteral("file"), script.fileName },
                                   { QStringLiteral("transactional"), script.transactional },
                                   { QStringLiteral("statements"), statements } });
    }
    return QJsonObject { { QStringLiteral("format"), kMigrateJsonFormat },
                         { QStringLiteral("action"), directionName(direction) },
                         { QStringLiteral("dry_run"), true },
                         { QStringLiteral("plan"), steps } };
}

QJsonObject verifyReportJson(const VerifyReport &report)
{
    QJsonArray findings;
    for (const VerifyFinding &finding : report.findings)
        findings.append(QJsonObject {
            { QStringLiteral("stage"), finding.stage },
            { QStringLiteral("kind"), catalogDifferenceKindName(finding.difference.kind) },
            { QStringLiteral("object"), finding.difference.object },
            { QStringLiteral("expected"), nullable(finding.difference.expected) },
            { QStringLiteral("actual"), nullable(finding.difference.actual) } });
    return QJsonObject { { QStringLiteral("format"), kMigrateJsonFormat },
                         { QStringLiteral("ok"), report.ok() },
                         { QStringLiteral("scratch_database"), report.scratchDatabase },
                         { QStringLiteral("migrations"), report.migrations },
                         { QStringLiteral("stages"), QJsonArray::fromStringList(report.stages) },
                         { QStringLiteral("differences"), findings },
                         { QStringLiteral("failure"),
                           report.failure ? QJsonValue(failureJson(*report.failure))
                                          : QJsonValue() } };
}

QJsonObject driftReportJson(const DriftReport &report)
{
    QJsonArray differences;
    for (const DriftFinding &finding : report.findings) {
        const CatalogDifference &difference = finding.difference;
        differences.append(QJsonObject {
            { QStringLiteral("kind"), catalogDifferenceKindName(difference.kind) },
            { QStringLiteral("object"), difference.object },
            { QStringLiteral("description"), difference.explain() },
            { QStringLiteral("expected"), nullable(difference.expected) },
            { QStringLiteral("actual"), nullable(difference.actual) },
            { QStringLiteral("within"), QJsonArray::fromStringList(finding.within) },
            { QStringLiteral("sql_to_match_migrations"), finding.sql.toMatchMigrations },
            { QStringLiteral("sql_to_match_database"), finding.sql.toMatchDatabase } });
    }
    QJsonArray touches;
    for (const DriftTouch &touch : report.touches) {
        QJsonArray touched;
        for (int index : touch.findings)
            touched.append(index);
        touches.append(
            QJsonObject { { QStringLiteral("version"), touch.version },
                          { QStringLiteral("action"), directionName(touch.direction) },
                          { QStringLiteral("label"), touch.label },
                          { QStringLiteral("objects"), QJsonArray::fromStringList(touch.objects) },
                          { QStringLiteral("differences"), touched },
                          { QStringLiteral("unknown"), nullable(touch.unknown) } });
    }
    QJsonArray applied;
    for (int version : report.applied)
        applied.append(version);
    return QJsonObject {
        { QStringLiteral("format"), kMigrateJsonFormat },
        { QStringLiteral("compared"), report.compared() },
        { QStringLiteral("drift"), report.hasDrift() },
        { QStringLiteral("summary"), report.summary() },
        { QStringLiteral("scratch"), nullable(report.scratch) },
        { QStringLiteral("private_cluster"), report.privateCluster },
        { QStringLiteral("applied"), applied },
        { QStringLiteral("schemas"), QJsonArray::fromStringList(report.schemas) },
        { QStringLiteral("kinds"), QJsonArray::fromStringList(comparedObjectKinds()) },
        { QStringLiteral("history_problems"), QJsonArray::fromStringList(report.historyProblems) },
        { QStringLiteral("failure"),
          report.failure ? QJsonValue(failureJson(*report.failure)) : QJsonValue() },
        { QStringLiteral("differences"), differences },
        { QStringLiteral("touches"), touches }
    };
}

} // namespace bridgescope
