#pragma once

#include "console/StatementRunner.h"
#include "data/RowSource.h"

#include <QHash>
#include <QList>
#include <QTemporaryFile>

class QIODevice;

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace bridgescope {

// A query result's rows as they arrive, in blocks of a fixed size, kept in a temporary file:
// any row stays reachable (the last included) while the client's memory holds only the
// blocks in view. Written on the worker, read on the GUI thread; the lock covers the file.
class ResultSpool
{
public:
    static constexpr int kBlockRows = 200;

    explicit ResultSpool(qint64 byteLimit);
    // A block of kBlockRows rows (the last may have fewer). nullopt, or the reason it could not
    // be kept (the disk is full, the limit is reached).
    std::optional<QString> append(const CellTable &block);
    qint64 rowCount() const;
    qint64 byteSize() const;
    CellTable block(qint64 index) const;

private:
    mutable std::mutex m_mutex;
    mutable QTemporaryFile m_file;
    bool m_open = false;
    qint64 m_byteLimit = 0;
    QList<qint64> m_starts; // each block's offset in the file, and the end
    qint64 m_rows = 0;
};

// The console's RowSource: an arbitrary statement's rows (no key, no order of its own), read
// from its spool. The count grows as rows arrive and is exact when the statement has ended.
class QueryResultRows : public RowSource
{
    Q_OBJECT
public:
    QueryResultRows(const QList<ResultColumn> &columns, std::shared_ptr<ResultSpool> spool,
                    QObject *parent = nullptr);
    ~QueryResultRows() override;

    const BrowseTable &table() const override { return m_table; }
    qint64 totalRows() const override { return m_rows; }
    bool isCountExact() const override { return m_finished; }
    bool isRowLoaded(qint64 row) const override { return row >= 0 && row < m_rows; }
    SqlText rawValue(qint64 row, int column) const override;
    void want(qint64 row) const override { Q_UNUSED(row); }
    bool isFetching() const override { return !m_finished; }
    const QList<ResultColumn> &columns() const { return m_columns; }
    int cachedBlockCount() const { return int(m_blocks.size()); }

    // From the session, on this object's thread: more rows are in the spool; the statement
    // has ended (its count is exact now).
    void takeArrivedRows();
    void finish();

    // Shows the rows in a column's order (ResultOrder.h), or as they arrived (column -1). The
    // order is made on a thread of its own and applies when it is ready (orderChanged); a
    // newer call replaces an unfinished one. nullopt, or why it cannot: the statement is still
    // sending rows, or the result is past kMostSortedRows (the statement's ORDER BY can).
    static constexpr qint64 kMostSortedRows = 1'000'000;
    std::optional<QString> sortBy(int column, bool descending);
    int sortColumn() const { return m_sortColumn; }
    bool isSortDescending() const { return m_sortDescending; }
    bool isSorting() const { return m_sorting; }

    // Every row as psql's \copy (…) to FILE csv header writes it, read back from the spool a
    // block at a time. The result must be complete (isCountExact()).
    Status writeCsv(QIODevice &out) const;

signals:
    // The rows are shown in a new order (the same rows, other places).
    void orderChanged();

private:
    static constexpr int kMaxCachedBlocks = 60;
    SqlText storedValue(qint64 row, int column) const; // by the row's place in the spool
    QList<ResultColumn> m_columns;
    BrowseTable m_table;
    std::shared_ptr<ResultSpool> m_spool;
    qint64 m_rows = 0;
    bool m_finished = false;
    struct Cached
    {
        CellTable cells;
        quint64 lastUse = 0;
    };
    mutable QHash<qint64, Cached> m_blocks;
    mutable quint64 m_clock = 0;
    std::vector<quint32> m_order; // shown row → spool row; empty: as they arrived
    int m_sortColumn = -1;
    bool m_sortDescending = false;
    bool m_sorting = false;
    std::shared_ptr<std::atomic<bool>> m_sortStop; // the unfinished sort's
};

} // namespace bridgescope
