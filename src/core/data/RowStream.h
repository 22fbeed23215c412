#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"
#include "data/TableBrowser.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace bridgescope {

class Session;

// How far a straight-through read may go. The reader (the grid, on the GUI thread) raises the
// budget as the user reads on and stops the stream when it wants something else; the stream (on
// a worker) looks at both before each statement, and at its budget waits a while for the reader.
class StreamControl
{
public:
    qint64 allowedRows() const { return m_allowed.load(); } // rows the stream may read in all
    void allow(qint64 rows); // wakes a stream waiting at its budget
    void stop(); // the same; the stream ends after the statement on its way
    bool isStopped() const { return m_stop.load(); }
    bool isWaiting() const { return m_waiting.load(); } // at its budget, for the reader

    // Waits until more than `sent` rows are allowed (true), or until the stream is stopped,
    // `yield` says another job waits, or `patience` has passed (false).
    bool waitForRoom(qint64 sent, std::chrono::milliseconds patience,
                     const std::function<bool()> &yield);

private:
    std::atomic<qint64> m_allowed { 0 };
    std::atomic<bool> m_stop { false };
    std::atomic<bool> m_waiting { false };
    std::mutex m_mutex; // with m_wake: a change above is not missed between a look and a wait
    std::condition_variable m_wake;
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
    // How long to wait at the budget for the reader to look on before ending: a reader that is
    // a little late (the GUI thread painting) then costs a pause, not a new start.
    std::chrono::milliseconds patience { 0 };
};

// A spec whose rows after a key are one keyset statement (a key, and no sort column that holds
// NULLs, which would make two). Others are read block by block (fetchBlock).
bool isStreamable(const BrowseSpec &spec);

// Reads straight through: one keyset statement after another, each sent as soon as the rows of
// the one before have arrived and before they are converted, so the server reads on while the
// client converts and shows. `deliver` gets each statement's rows, in order, on the calling
// thread; the last has reachedEnd where the table ended. Ends at control.allowedRows, at
// control.stop, when shouldYield() says so, or at the table's end; at the budget it waits up to
// `patience` for the reader to raise it. Returns the statements run.
Result<int> streamRows(Session &session, const StreamRead &read,
                       const std::function<void(Block)> &deliver);

} // namespace bridgescope
