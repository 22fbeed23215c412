#pragma once

#include "Error.h"
#include "connection/PgQuery.h"
#include "data/BrowseQuery.h"

#include <QObject>

namespace bridgescope {

// Rows the grid shows, addressed by a 64-bit row number, read on a worker and held in a bounded
// cache. Two sources implement it: a table browse (RowCache: keyset paging, jumps by
// statistics) and a query result (QueryResultRows: an arbitrary statement's rows as they
// stream in). The grid's model (DataTableModel) reads any of them the same way.
class RowSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The columns. A table browse also gives its table (name, keys, foreign keys: links and
    // tooltips); a query result has columns only, and an empty name.
    virtual const BrowseTable &table() const = 0;
    virtual qint64 totalRows() const = 0; // so far, where the count is not exact
    virtual bool isCountExact() const = 0;
    virtual bool isRowLoaded(qint64 row) const = 0;
    virtual SqlText rawValue(qint64 row, int column) const = 0; // nullopt: NULL or not loaded
    // Asks for the row (read later, on the worker). Cheap when it is loaded or asked for.
    virtual void want(qint64 row) const = 0;
    // A row placed by a jump from statistics, only about where its number says.
    virtual bool isRowApproximate(qint64 row) const
    {
        Q_UNUSED(row);
        return false;
    }
    virtual bool isFetching() const = 0;

signals:
    void rowsLoaded(qint64 first, qint64 count);
    void fetchFailed(const Error &error);
    void rowCountChanged(qint64 rows, bool exact);
    void fetchingChanged(bool fetching);
};

} // namespace bridgescope
