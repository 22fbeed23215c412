#pragma once

#include "connection/PgQuery.h"
#include "data/ColumnKind.h"

#include <QByteArrayView>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace bridgescope {

// The console's sort of a result it already holds (no second run of the statement, which may
// have changed data or read a moment that has passed). The order is PostgreSQL's for the
// column's type where the text says it: numbers by value (a numeric's digits, never through a
// double), booleans false first, dates, times and timestamps as their ISO text, text by the
// user's locale (the server's collation is not known here: docs/decisions.md). NULLs last
// ascending and first descending, as ORDER BY puts them. Equal values keep their order.

// <0, 0, >0 for two non-NULL cells of a column of that kind.
int compareCells(ColumnKind kind, QByteArrayView left, QByteArrayView right);

// The rows' numbers in the column's order. `cellAt` gives row `row`'s cell (nullopt: NULL);
// `stop`, when set during the sort, ends it early (nullopt).
std::optional<std::vector<quint32>> sortedRowOrder(quint32 rows, ColumnKind kind, bool descending,
                                                   const std::function<SqlText(quint32)> &cellAt,
                                                   const std::atomic<bool> *stop = nullptr);

} // namespace bridgescope
