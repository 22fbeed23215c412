#pragma once

#include "connection/Replication.h"
#include "health/ActivitySample.h"
#include "health/IndexHealth.h"
#include "health/SessionActivity.h"
#include "health/StorageHealth.h"
#include "health/TopStatements.h"

class QTextStream;

// The text form of each `bridgescope health` section (the JSON form is core's HealthJson).
namespace bridgescope::cli {

inline constexpr qint64 kSlowQueryMs = 5'000; // the database guide's threshold for a long query

void printSessions(QTextStream &out, const QList<BackendSession> &sessions);
void printBlocking(QTextStream &out, const QList<BlockingNode> &tree);
void printReplication(QTextStream &out, const ReplicationRole &role,
                      const QList<StandbyStatus> &standbys);
void printStorage(QTextStream &out, const StorageReport &storage);
void printIndexes(QTextStream &out, const IndexReport &indexes);
void printStatements(QTextStream &out, const TopStatementsReport &statements);
void printActivity(QTextStream &out, const ActivityRates &rates);

} // namespace bridgescope::cli
