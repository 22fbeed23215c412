#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"
#include "data/TableBrowser.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace bridgescope {

class DbWorker;

// The grid's rows, read in blocks on a worker thread and kept in a bounded cache.
//
// Rows are addressed from the start (head blocks, read by keyset from the block before, or by
// OFFSET when that block's last key is not known) or, past the middle of an estimated count,
// from the end (tail blocks, read backward): Ctrl+End or dragging the scrollbar to the bottom
// reads the last rows without the middle. The count is the planner's estimate until a read
// reaches an end or an exact count arrives; then both ends line up. Rows not read yet show a
// placeholder, and only the most recently wanted blocks are read: a fast scroll does not queue
// the whole table.
class DataTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kBlockSize = 200;
    static constexpr int kMaxCachedBlocks = 60; // 12,000 rows, whatever the table's size
    static constexpr int kMaxRememberedBoundaries = 4096;

    explicit DataTableModel(DbWorker *worker, QObject *parent = nullptr);

    // A new view of a table: its spec, its first block (already read) and a row count.
    void setWorker(DbWorker *worker) { m_worker = worker; }
    void reset(const BrowseSpec &spec, Block first, qint64 rowCount, bool exact);
    void clear();
    void setExactRowCount(qint64 rows);

    const BrowseSpec &spec() const { return m_spec; }
    bool isCountExact() const { return m_exact; }
    qint64 totalRows() const { return m_rowCount; }
    bool isRowLoaded(int row) const { return rowData(row).has_value(); }
    // The loaded row's key (for the detail panel and FK links); nothing while loading.
    std::optional<RowKey> rowKey(int row) const;
    SqlText rawValue(int row, int column) const;
    int cachedBlockCount() const { return int(m_head.size() + m_tail.size()); }
    int offsetReads() const { return m_offsetReads; } // blocks read by OFFSET (jumps)
    // Smaller limits let a test reach them on a small table.
    void setCacheLimits(int blocks, int boundaries)
    {
        m_maxBlocks = blocks;
        m_maxBoundaries = boundaries;
    }
    bool isFetching() const { return m_inFlight.has_value(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static constexpr int RawRole = Qt::UserRole + 1; // SqlText as QVariant (null for NULL)
    static constexpr int LoadedRole = Qt::UserRole + 2;

signals:
    void blockLoaded();
    void fetchFailed(const Error &error);
    void rowCountChanged(qint64 rows, bool exact);
    void fetchingChanged(bool fetching);

private:
    struct BlockId
    {
        bool fromEnd = false;
        int index = 0;
        bool operator==(const BlockId &other) const = default;
    };
    struct Cached
    {
        CellTable rows;
        quint64 lastUse = 0;
    };
    struct RowRef // a loaded row: its block's cells and its place there
    {
        const CellTable *cells = nullptr;
        int row = 0;
        SqlText cell(int column) const { return cells->cell(row, column); }
    };
    std::optional<RowRef> rowData(int row) const;
    BlockId blockFor(int row) const;
    void want(BlockId id) const;
    void dispatch();
    void store(BlockId id, Block block);
    void evict();
    void resize(qint64 rows, bool exact, bool fromEnd);

    DbWorker *m_worker = nullptr;
    BrowseSpec m_spec;
    QList<bool> m_linkColumns; // foreign-key columns, drawn as links
    quint64 m_generation = 0;
    qint64 m_rowCount = 0;
    bool m_exact = false;
    mutable QHash<int, Cached> m_head, m_tail; // lastUse moves as rows are read
    QHash<int, RowKey> m_headBoundary, m_tailBoundary; // last key of a block, kept after eviction
    mutable QList<BlockId> m_wanted; // most recent last
    mutable quint64 m_clock = 0;
    std::optional<BlockId> m_inFlight;
    int m_maxBlocks = kMaxCachedBlocks;
    int m_maxBoundaries = kMaxRememberedBoundaries;
    int m_offsetReads = 0;
};

} // namespace bridgescope
