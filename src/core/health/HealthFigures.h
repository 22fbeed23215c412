#pragma once

#include <QString>

// How the Health figures read, the same in the tab and in `bridgescope health`.
namespace bridgescope::health {

// A query on one line, cut with an ellipsis past width characters.
inline QString oneLine(const QString &query, int width)
{
    const QString line = query.simplified();
    return line.size() > width ? line.left(width - 1) + QChar(0x2026) : line;
}

// "1.5 s"; none for a negative duration (no query, no transaction).
inline QString seconds(qint64 ms, const QString &none)
{
    return ms < 0 ? none : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

// "0.4%", "37%": one decimal only where it matters.
inline QString percent(double share)
{
    return QStringLiteral("%1%").arg(share * 100.0, 0, 'f', share < 0.1 ? 1 : 0);
}

} // namespace bridgescope::health
