#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"

#include <QStringList>

namespace bridgescope {

class Session;

// What the Data tab and `bridgescope export` do on a worker's Session. Every value is bound.

// The table's columns, key and kind, read from the catalog. An Error when there is no such
// table or view.
Result<BrowseTable> loadBrowseTable(Session &session, const QString &schema, const QString &table);

struct Block
{
    CellTable rows; // previews, then the sort value and key (BrowseQuery)
    bool reachedEnd = false; // fewer rows than asked: nothing follows in this direction
};

Result<Block> fetchBlock(Session &session, const BrowseSpec &spec, const BlockStart &start,
                         int limit, bool backward = false, CellValues values = CellValues::Preview);

// The planner's estimate (pg_class.reltuples without filters, the plan's row estimate with
// them): instant on any table.
Result<qint64> estimateRowCount(Session &session, const BrowseSpec &spec);
// count(*) with the filters: reads every row. Run it where it can be cancelled.
Result<qint64> exactRowCount(Session &session, const BrowseSpec &spec);

// Which indexes the filters can use. `chosen`: the planner picks one now; otherwise it would
// rather scan (a small table) though `indexes` could serve.
struct FilterPlan
{
    QStringList indexes;
    bool chosen = false;
    QString describe() const; // "filter uses index idx_a", "filter scans the table", …
};
Result<FilterPlan> planFilters(Session &session, const BrowseSpec &spec);

// One whole value of a row (found by its key) as text: the detail panel and the JSON viewer.
// bytea comes as hex, the first `maxBytes` of it; NULL as nullopt.
Result<std::optional<QString>> readFullValue(Session &session, const BrowseSpec &spec,
                                             const RowKey &row, const QString &column,
                                             qint64 maxBytes = 1 << 20);

} // namespace bridgescope
