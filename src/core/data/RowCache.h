#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"
#include "data/JumpMap.h"
#include "data/RowSource.h"
#include "data/RowStream.h"
#include "data/TableBrowser.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace bridgescope {

class DbWorker;

// The table browse's RowSource: a table's rows by their place in the order (a 64-bit row number),
// read in blocks on a worker thread and kept in a bounded cache. The grid's model (DataTableModel)
// shows a window of them.
//
// Rows are addressed from the start (head blocks, read by keyset from the block before, or by
// OFFSET when that block's last key is not known) or, past the middle of an estimated count,
// from the end (tail blocks, read backward): Ctrl+End reads the last rows without the middle.
// The count is the planner's estimate until a read reaches an end or an exact count arrives;
// then both ends line up. Only the most recently wanted blocks are read: a fast scroll does
// not queue the whole table.
//
// A read straight through (each block wanted right after the one before) becomes a stream
// (RowStream): one job on the worker that sends each keyset statement as soon as the rows of
// the one before have arrived, so the server reads on while rows are converted and shown. It
// reads at most half the cache past the furthest row looked at, in statements of a quarter of
// the cache, so that one is on its way while the reader looks at the one before. At that limit
// it waits a moment for the reader; it ends when the reader stays behind, when the user looks
// elsewhere, or when another job waits. Where a stream cannot serve (a sort column holding NULLs),
// straight-through blocks grow instead, up to 32 in one statement.
class RowCache : public RowSource
{
    Q_OBJECT
public:
    static constexpr int kBlockSize = 200;
    static constexpr int kMaxCachedBlocks = 60; // 12,000 rows, whatever the table's size
    static constexpr int kMaxRememberedBoundaries = 4096;

    explicit RowCache(QObject *parent = nullptr);

    void setWorker(DbWorker *worker) { m_worker = worker; }
    // A new view of a table: its spec, its first block (already read) and a row count.
    void reset(const BrowseSpec &spec, Block first, qint64 rowCount, bool exact);
    void setExactRowCount(qint64 rows);

    const BrowseSpec &spec() const { return m_spec; }
    const BrowseTable &table() const override { return m_spec.table; }
    bool isCountExact() const override { return m_exact; }
    qint64 totalRows() const override { return m_rowCount; }
    bool isRowLoaded(qint64 row) const override { return rowData(row).has_value(); }
    // The loaded row's key (for the detail panel, FK links and copy); nothing while loading.
    std::optional<RowKey> rowKey(qint64 row) const;
    SqlText rawValue(qint64 row, int column) const override;
    // Asks for the row's block (read later, on the worker). Cheap when it is loaded or asked.
    void want(qint64 row) const override;
    // Where a jump into the middle starts (readJumpMap): from a value or key at about that
    // fraction of the table instead of by OFFSET, which would read every row before it. The
    // rows it shows are then only about where the row numbers say (isRowApproximate).
    void setJumpMap(JumpMap jumps) { m_jumps = std::move(jumps); }
    bool isRowApproximate(qint64 row) const override;

    int cachedBlockCount() const { return int(m_head.size() + m_tail.size()); }
    int offsetReads() const { return m_offsetReads; } // blocks read by OFFSET (jumps)
    int keyJumps() const { return m_keyJumps; } // blocks read from the jump map (jumps)
    int statementsRun() const { return m_reads; }
    int streamsStarted() const { return m_streams; } // straight-through reads begun
    // Jumps whose rows met an end of the table where the statistics had not put them: the
    // statistics are out of date, and jumps read by OFFSET since.
    int misledJumps() const { return m_misledJumps; }
    void setCacheLimits(int blocks, int boundaries)
    {
        m_maxBlocks = blocks;
        m_maxBoundaries = boundaries;
    }
    bool isFetching() const override { return m_inFlight.has_value(); }

private:
    struct BlockId
    {
        bool fromEnd = false;
        qint64 index = 0;
        bool operator==(const BlockId &other) const = default;
    };
    struct Cached
    {
        CellTable rows;
        quint64 lastUse = 0;
        bool approximate = false; // placed by a histogram jump, or chained from one
        int lead = 0; // rows missing at the block's start (read back to the table's start)
    };
    struct Boundary // a block's last key, where the next block starts
    {
        RowKey key;
        bool approximate = false;
    };
    struct RowRef // a loaded row: its block's cells and its place there
    {
        const CellTable *cells = nullptr;
        int row = 0;
        bool approximate = false;
        SqlText cell(int column) const { return cells->cell(row, column); }
    };
    struct Stream // a straight-through read running on the worker
    {
        struct Shared // with the worker thread
        {
            StreamControl control;
            std::mutex mutex;
            std::deque<Block> arrived;
        };
        std::shared_ptr<Shared> shared;
        quint64 generation = 0;
        BlockId start; // its first block: allowedRows counts from here
        BlockId next; // where its next rows land
        qint64 limit = 0; // it may read blocks before this one
        bool approximate = false;
        std::optional<qint64> waiting; // a row wanted on its way: wanted again if it ends first
    };
    std::optional<RowRef> rowData(qint64 row) const;
    BlockId blockFor(qint64 row) const;
    int streamAhead() const { return qMax(1, m_maxBlocks / 2); }
    int streamStep() const; // blocks in one of a stream's statements, at the longest
    std::optional<RowKey> jumpStart(BlockId id) const; // a jump's start from the jump map
    bool streamCovers(qint64 row) const;
    void extendStream(bool fromEnd, qint64 block) const;
    void stopStream() const;
    void startStream(BlockId id, const RowKey &after, bool approximate);
    void takeStreamed(const std::shared_ptr<Stream::Shared> &shared);
    void dispatch();
    void store(BlockId id, int blocks, Block block, bool approximate, bool againstOrder);
    void forgetMisplacedRows();
    void evict();
    void resize(qint64 rows, bool exact);

    DbWorker *m_worker = nullptr;
    BrowseSpec m_spec;
    quint64 m_generation = 0;
    qint64 m_rowCount = 0;
    bool m_exact = false;
    mutable QHash<qint64, Cached> m_head, m_tail; // lastUse moves as rows are read
    QHash<qint64, Boundary> m_headBoundary, m_tailBoundary; // kept longer than the blocks
    JumpMap m_jumps;
    mutable QList<BlockId> m_wanted; // most recent last
    mutable quint64 m_clock = 0;
    std::optional<BlockId> m_inFlight;
    mutable std::optional<Stream> m_stream;
    std::optional<BlockId> m_lastRead; // to tell a read straight through from a jump
    int m_run = 1; // blocks per statement while reading straight through
    int m_maxBlocks = kMaxCachedBlocks;
    int m_maxBoundaries = kMaxRememberedBoundaries;
    int m_offsetReads = 0;
    int m_keyJumps = 0;
    int m_reads = 0;
    int m_streams = 0;
    int m_misledJumps = 0;
};

} // namespace bridgescope
