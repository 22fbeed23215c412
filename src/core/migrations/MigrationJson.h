#pragma once

#include "migrations/DriftCheck.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationStatus.h"
#include "migrations/MigrationVerifier.h"

#include <QJsonObject>

namespace bridgescope {

// The --json output of `bridgescope migrate`, documented in docs/migrate-json.md. Field names
// and state names are a stable interface for scripts; new fields may be added, none renamed.
inline constexpr int kMigrateJsonFormat = 1;

QJsonObject migrationStatusJson(const MigrationStatus &status,
                                const std::optional<LockHolder> &lockHolder);
QJsonObject runReportJson(const RunReport &report);
QJsonObject runPlanJson(Direction direction, const QList<const Migration *> &plan);
QJsonObject verifyReportJson(const VerifyReport &report);
QJsonObject driftReportJson(const DriftReport &report);
QJsonObject errorJson(const Error &error);

} // namespace bridgescope
