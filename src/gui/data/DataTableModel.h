#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"
#include "data/RowCache.h"
#include "data/RowSource.h"

#include <QAbstractTableModel>
#include <QList>

#include <functional>
#include <optional>

namespace bridgescope {

// The grid's model: a window of rows, as many as the view shows, over a RowSource that
// addresses every row by a 64-bit number (a table browse, a query result).
//
// QTableView keeps a header section per model row and walks them all when the count changes
// (and measures them in int pixels, which overflow past about 70 million rows), so the model
// never holds more rows than fit on screen. Scrolling moves the window's first row (origin):
// the same view rows show other table rows, announced as dataChanged and headerDataChanged,
// never as a reset or as inserted rows. The vertical header shows each row's number in the
// table. The view's scrollbar is the grid's own (DataGrid), over the 64-bit position.
class DataTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kBlockSize = RowCache::kBlockSize;

    explicit DataTableModel(QObject *parent = nullptr);

    // The rows shown: a table browse or a query result (not owned). The window goes back to
    // the first row.
    void setSource(RowSource *source);
    RowSource *source() const { return m_source; }
    // Changes the source's rows (a new table, a new order) inside a model reset: the window
    // goes back to the first row.
    void resetWith(const std::function<void()> &change);

    // The window: how many rows fit (the view says), and which row is the first shown.
    void setWindowRows(int rows);
    int windowRows() const { return m_capacity; }
    qint64 origin() const { return m_origin; }
    qint64 maxOrigin() const { return qMax<qint64>(0, totalRows() - m_capacity); }
    void setOrigin(qint64 origin);
    qint64 absoluteRow(int viewRow) const { return m_origin + viewRow; }
    int viewRow(qint64 row) const; // -1 outside the window

    const BrowseTable &table() const;
    bool isCountExact() const { return !m_source || m_source->isCountExact(); }
    qint64 totalRows() const { return m_source ? m_source->totalRows() : 0; }
    // By the row's number in the source, not in the window.
    bool isRowLoaded(qint64 row) const { return m_source && m_source->isRowLoaded(row); }
    SqlText rawValue(qint64 row, int column) const
    {
        return m_source ? m_source->rawValue(row, column) : SqlText {};
    }
    void want(qint64 row) const
    {
        if (m_source)
            m_source->want(row);
    }
    bool isFetching() const { return m_source && m_source->isFetching(); }

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
    void originChanged(qint64 origin);

private:
    // Brings the window in line with the count and a wanted origin: rows come and go only at
    // the window's end, and only when it is not full.
    void place(qint64 origin);
    void rowsArrived(qint64 first, qint64 count);
    void takeColumns();

    RowSource *m_source = nullptr;
    QList<bool> m_linkColumns; // foreign-key columns, drawn as links
    qint64 m_origin = 0;
    int m_capacity = 40;
    int m_shown = 0; // rowCount(): min(capacity, rows from origin to the end)
};

} // namespace bridgescope
