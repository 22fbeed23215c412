#pragma once

#include "Error.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>
#include <stop_token>

namespace bridgescope {

class Session;

// What `bridgescope demo-data` and the GUI's "Generate demo data" write.
struct DemoDataOptions
{
    qint64 workflows = 20'000;
    int days = 14; // started_at lies in the days before `end`
    int namespaces = 4;
    qint64 seed = 1; // the same seed (and end) writes the same rows
    QDateTime end; // the anchor: "now" of the data; invalid means the current second
    bool replace = false; // empty the bridge tables first instead of refusing
    int batchSize = 10'000; // workflows per transaction
};

struct DemoDataProgress
{
    qint64 written = 0; // workflows committed so far
    qint64 total = 0;
    QString phase; // "Workflows", "Aggregation windows", …
};

struct DemoDataReport
{
    qint64 workflows = 0;
    qint64 rows = 0; // every row written, in all tables
    QDateTime from, to;
    double seconds = 0;
};

// The bundled tables the generator writes (and, with replace, empties).
QStringList demoDataTables();

// Whether any of demoDataTables() holds a row (then generateDemoData refuses without replace).
Result<bool> bridgeTablesHoldRows(Session &session);

// A sentence for options out of range, or nothing.
Status validateDemoDataOptions(const DemoDataOptions &options);

// Fills the bundled OmniNode Bridge schema with workflows that follow the seeds' lifecycles:
// executions PENDING → PROCESSING → COMPLETED or FAILED with their steps, FSM transitions,
// stamps and events; then the reducer's aggregation windows over them, the node registry and
// the agent registry. Everything is computed on the server (INSERT … SELECT over
// generate_series), one transaction per batch of workflows; progress is reported after each.
// A stop request is honoured between batches (cancel the session's statement to stop within
// one): the committed batches stay, and the Error (kind Cancelled) says how far it got.
//
// Refuses a database whose bridge tables already hold rows unless options.replace is set.
// Needs a read-write session; blocks, so run it off the GUI thread.
using DemoDataProgressFn = std::function<void(const DemoDataProgress &)>;
Result<DemoDataReport> generateDemoData(Session &session, const DemoDataOptions &options,
                                        const DemoDataProgressFn &progress = {},
                                        std::stop_token stop = {});

} // namespace bridgescope
