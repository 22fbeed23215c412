#pragma once

#include "connection/Replication.h"
#include "health/ActivitySample.h"
#include "health/IndexHealth.h"
#include "health/SessionActivity.h"
#include "health/StorageHealth.h"
#include "health/TopStatements.h"

#include <QJsonArray>
#include <QJsonObject>

namespace bridgescope {

// The sections of `bridgescope health --json`, documented in docs/health-json.md. Times are
// ISO 8601 in UTC with milliseconds; durations milliseconds; sizes bytes.
inline constexpr int kHealthJsonFormat = 1;

QJsonArray sessionsJson(const QList<BackendSession> &sessions);
QJsonArray blockingJson(const QList<BlockingNode> &tree);
QJsonObject replicationJson(const ReplicationRole &role, const QList<StandbyStatus> &standbys);
QJsonObject storageJson(const StorageReport &storage);
QJsonObject indexesJson(const IndexReport &indexes);
QJsonObject statementsJson(const TopStatementsReport &statements);
QJsonObject activityJson(const ActivityRates &rates);

} // namespace bridgescope
