#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace bridgescope {

class Session;

// What pg_stats says of the column the rows are ordered by, its values in text format.
struct OrderStats
{
    double nullShare = 0; // null_frac
    // most_common_vals and histogram_bounds merged in the column's order; `shares` holds a
    // common value's most_common_freqs and nullopt for a histogram bound.
    QList<QByteArray> values;
    QList<std::optional<double>> shares;
    // The one-column key's histogram, ascending: where a jump lands among the rows of one sort
    // value (a common value, or the NULLs), whose ties the key breaks. Empty without a sort.
    QList<QByteArray> keyBounds;
};

// Where a jump into the middle of a table starts without OFFSET: every value the statistics
// name at its place in ascending order (NULLs last), as the fraction of the rows before it.
// A histogram bound stands for a hundredth of the rows or so after it; a most common value for
// the rows holding it, and a jump inside them (or inside the NULLs) lands by the key's own
// histogram, as if the key were spread over them as over the table. Without a sort the values
// are the key's and a start is the key itself.
class JumpMap
{
public:
    JumpMap() = default;
    JumpMap(const OrderStats &stats, bool sorted);

    bool isEmpty() const { return m_marks.isEmpty() && m_nullShare <= 0; }
    // A start (inclusive, for a read either way) about `position` (0 to 1) of the way through
    // the rows in ascending order; nothing where the statistics say nothing. At a bound it is
    // the first row holding the value, up to a bucket before the position.
    std::optional<RowKey> startAt(double position) const;

private:
    struct Mark
    {
        QByteArray value;
        double start = 0; // the fraction of the rows before the value's first
        double share = 0; // the rows holding it (a common value), 0 for a bound
    };
    QByteArray keyAt(double fraction) const;

    QList<Mark> m_marks;
    double m_nullShare = 0;
    QList<QByteArray> m_keyBounds;
    bool m_sorted = false;
};

// The map for a view: the sort column's statistics (and its key's), or without a sort a
// one-column primary key's. Empty with a filter (the statistics do not describe filtered
// rows), when the table was never analyzed, or when the role may not read its statistics.
Result<JumpMap> readJumpMap(Session &session, const BrowseSpec &spec);

} // namespace bridgescope
