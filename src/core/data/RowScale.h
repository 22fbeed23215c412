#pragma once

#include <QtGlobal>

#include <algorithm>

namespace bridgescope {

// The grid's vertical scrollbar against a 64-bit row position. QScrollBar holds an int, and a
// table can hold more rows than that: up to kMaxSteps first rows the bar counts rows one for
// one; beyond, its steps are spread evenly over the rows (a step is then more than a row, and
// the grid moves by rows itself for the arrow keys, the wheel and the bar's arrows).
struct RowScale
{
    static constexpr int kMaxSteps = 1 << 30;

    qint64 maxOrigin = 0; // the last first-row a full window can have

    bool isScaled() const { return maxOrigin > kMaxSteps; }
    int maximum() const { return int(std::min<qint64>(std::max<qint64>(maxOrigin, 0), kMaxSteps)); }

    int valueFor(qint64 origin) const
    {
        origin = std::clamp<qint64>(origin, 0, std::max<qint64>(maxOrigin, 0));
        if (!isScaled())
            return int(origin);
        // Rounded to the nearest step, so that the last row is the bar's end and the first
        // its start, whatever the count.
        return int((__int128(origin) * kMaxSteps + maxOrigin / 2) / maxOrigin);
    }

    qint64 originFor(int value) const
    {
        value = std::clamp(value, 0, maximum());
        if (!isScaled())
            return value;
        return qint64((__int128(value) * maxOrigin + kMaxSteps / 2) / kMaxSteps);
    }
};

} // namespace bridgescope
