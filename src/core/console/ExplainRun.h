#pragma once

#include "console/StatementRunner.h"
#include "plan/Plan.h"

#include <optional>

namespace bridgescope {

class Session;

struct ExplainRequest
{
    SqlStatement statement; // as the user wrote it
    bool analyze = false; // runs it: EXPLAIN ANALYZE, with BUFFERS (and WAL, SETTINGS)
    bool generic = false; // a statement with $1…: GENERIC_PLAN (PostgreSQL 16+)
};

// "EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS, WAL, SETTINGS) " as far as the server's version has
// the options.
QString explainPrefix(const ExplainRequest &request, int serverVersionNumber);

struct ExplainRun
{
    StatementOutcome outcome; // the EXPLAIN's; an error points into the user's statement
    std::optional<Plan> plan;
    bool rolledBack = false; // ANALYZE in write mode: inside a transaction rolled back
    QString problem; // a sentence when it did not give a plan
};

// Explains the statement on the session. ANALYZE runs it, so on a writable session it runs
// inside a transaction (or a savepoint of the open one) that is rolled back whatever happens;
// on a read-only session a statement that changes data is refused by the server, and the
// sentence says to switch to write mode.
ExplainRun runExplain(Session &session, const ExplainRequest &request, const TypeNames &types,
                      bool writable);

} // namespace bridgescope
