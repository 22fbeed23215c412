#pragma once

#include "Error.h"

#include <QList>
#include <QString>

namespace bridgescope {

class Session;

// One normalised statement of pg_stat_statements (its constants replaced by $1, $2 …).
struct StatementStats
{
    QString query; // "<insufficient privilege>" for other roles' statements without
                   // pg_read_all_stats
    QString user;
    QString database;
    qint64 calls = 0;
    double totalMs = 0;
    double meanMs = 0;
    qint64 rows = 0;
    qint64 sharedBlocksHit = 0;
    qint64 sharedBlocksRead = 0;
};

struct TopStatementsReport
{
    bool available = false;
    // Where it is not: what to do, in a sentence or two (load the library, create the
    // extension in this database).
    QString unavailableReason;
    QList<StatementStats> statements; // by total time, the most first
};

// The statements of the current database that took the most time, from pg_stat_statements
// (BridgeScope's own Health queries left out). Not installed, or installed but not loaded, is a
// report with a reason, not an error.
Result<TopStatementsReport> readTopStatements(Session &session, int limit = 50);

} // namespace bridgescope
