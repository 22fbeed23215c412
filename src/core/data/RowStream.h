#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"
#include "data/TableBrowser.h"

#include <atomic>
#include <functional>

namespace bridgescope {

class Session;

// How far a straight-through read may go. The reader (the grid, on the GUI thread) raises
// `allowedRows` as the user reads on and sets `stop` when it wants something else; the stream
// (on a worker) looks at both before each statement.
struct StreamControl
{
    std::atomic<qint64> allowedRows { 0 }; // rows the stream may read in all
    std::atomic<bool> stop { false };
};

struct StreamRead
{
    const BrowseSpec &spec;
    RowKey after; // the last row already read; the stream starts right after it
    bool backward = false; // toward the table's start (a chain read from the end)
    // Statements start short (the first rows come soon) and double up to the longest.
    int firstStatementRows = 400;
    int longestStatementRows = 4800;
    StreamControl &control;
    std::function<bool()> shouldYield; // another job waits: end after this statement
};

// A spec whose rows after a key are one keyset statement (a key, and no sort column that holds
// NULLs, which would make two). Others are read block by block (fetchBlock).
bool isStreamable(const BrowseSpec &spec);

// Reads straight through: one keyset statement after another, each sent as soon as the rows of
// the one before have arrived and before they are converted, so the server reads on while the
// client converts and shows. `deliver` gets each statement's rows, in order, on the calling
// thread; the last has reachedEnd where the table ended. Ends at control.allowedRows, at
// control.stop, when shouldYield() says so, or at the table's end. Returns the statements run.
Result<int> streamRows(Session &session, const StreamRead &read,
                       const std::function<void(Block)> &deliver);

} // namespace bridgescope
