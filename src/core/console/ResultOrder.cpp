#include "console/ResultOrder.h"

#include <QCollator>
#include <QString>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace bridgescope {

namespace {

// A number as PostgreSQL prints it: integers and numerics as plain digits, floats maybe with
// an exponent, and the special values NaN and ±Infinity (NaN above every other, as PostgreSQL
// orders it).
struct Decimal
{
    bool negative = false;
    QByteArrayView whole; // without leading zeros
    QByteArrayView fraction; // without trailing zeros
};

bool isPlainDecimal(QByteArrayView text)
{
    for (const char c : text)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '+'))
            return false;
    return !text.isEmpty();
}

Decimal decimalOf(QByteArrayView text)
{
    Decimal number;
    if (!text.isEmpty() && (text.front() == '-' || text.front() == '+')) {
        number.negative = text.front() == '-';
        text = text.sliced(1);
    }
    const qsizetype dot = text.indexOf('.');
    QByteArrayView whole = dot < 0 ? text : text.first(dot);
    QByteArrayView fraction = dot < 0 ? QByteArrayView() : text.sliced(dot + 1);
    while (!whole.isEmpty() && whole.front() == '0')
        whole = whole.sliced(1);
    while (!fraction.isEmpty() && fraction.back() == '0')
        fraction.chop(1);
    number.whole = whole;
    number.fraction = fraction;
    if (whole.isEmpty() && fraction.isEmpty())
        number.negative = false; // -0 is 0
    return number;
}

int compareMagnitudes(const Decimal &left, const Decimal &right)
{
    if (left.whole.size() != right.whole.size())
        return left.whole.size() < right.whole.size() ? -1 : 1;
    if (const int whole = left.whole.compare(right.whole); whole != 0)
        return whole;
    return left.fraction.compare(right.fraction); // digit by digit; a longer one is larger
}

int compareDecimals(QByteArrayView leftText, QByteArrayView rightText)
{
    const Decimal left = decimalOf(leftText);
    const Decimal right = decimalOf(rightText);
    if (left.negative != right.negative)
        return left.negative ? -1 : 1;
    const int magnitude = compareMagnitudes(left, right);
    return left.negative ? -magnitude : magnitude;
}

long double floatOf(QByteArrayView text)
{
    const QByteArray copy = text.toByteArray();
    if (copy == "NaN")
        return std::numeric_limits<long double>::quiet_NaN();
    if (copy == "Infinity")
        return std::numeric_limits<long double>::infinity();
    if (copy == "-Infinity")
        return -std::numeric_limits<long double>::infinity();
    return std::strtold(copy.constData(), nullptr);
}

int compareNumbers(QByteArrayView left, QByteArrayView right)
{
    if (isPlainDecimal(left) && isPlainDecimal(right))
        return compareDecimals(left, right);
    const long double a = floatOf(left);
    const long double b = floatOf(right);
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) == std::isnan(b) ? 0 : (std::isnan(a) ? 1 : -1);
    return a < b ? -1 : (b < a ? 1 : 0);
}

bool comparesAsText(ColumnKind kind)
{
    switch (kind) {
    case ColumnKind::Text:
    case ColumnKind::TextArray:
    case ColumnKind::Json:
    case ColumnKind::Jsonb:
    case ColumnKind::Other:
    case ColumnKind::OtherArray:
        return true;
    default:
        return false;
    }
}

} // namespace

int compareCells(ColumnKind kind, QByteArrayView left, QByteArrayView right)
{
    if (kind == ColumnKind::Number)
        return compareNumbers(left, right);
    if (comparesAsText(kind)) {
        static thread_local const QCollator collator;
        return collator.compare(QString::fromUtf8(left), QString::fromUtf8(right));
    }
    // Booleans (f before t), ISO dates, times and timestamps, uuids, bytea's hex.
    return left.compare(right);
}

std::optional<std::vector<quint32>> sortedRowOrder(quint32 rows, ColumnKind kind, bool descending,
                                                   const std::function<SqlText(quint32)> &cellAt,
                                                   const std::atomic<bool> *stop)
{
    std::vector<SqlText> cells;
    cells.reserve(rows);
    for (quint32 row = 0; row < rows; ++row) {
        if (stop && (row % 4096) == 0 && stop->load())
            return std::nullopt;
        cells.push_back(cellAt(row));
    }
    // Text compares as the locale says: the collator's keys once per row, not per comparison.
    std::vector<QCollatorSortKey> keys;
    if (comparesAsText(kind)) {
        const QCollator collator;
        keys.reserve(rows);
        for (const SqlText &cell : cells)
            keys.push_back(collator.sortKey(cell ? QString::fromUtf8(*cell) : QString()));
    }
    std::vector<quint32> order(rows);
    for (quint32 row = 0; row < rows; ++row)
        order[row] = row;
    quint64 comparisons = 0;
    bool stopped = false;
    // NULL is above every value (last ascending, first descending, as ORDER BY).
    auto ascending = [&](quint32 a, quint32 b) -> bool {
        if (stop && (++comparisons % 65536) == 0 && stop->load())
            stopped = true;
        if (stopped)
            return false;
        const SqlText &left = cells[a];
        const SqlText &right = cells[b];
        if (!left || !right)
            return left.has_value() && !right.has_value();
        if (!keys.empty())
            return keys[a].compare(keys[b]) < 0;
        return compareCells(kind, *left, *right) < 0;
    };
    if (descending)
        std::stable_sort(order.begin(), order.end(),
                         [&](quint32 a, quint32 b) { return ascending(b, a); });
    else
        std::stable_sort(order.begin(), order.end(), ascending);
    if (stopped)
        return std::nullopt;
    return order;
}

} // namespace bridgescope
