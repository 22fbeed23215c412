#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace bridgescope {

// A point in time as a person types it for --from / --to / --end:
//   "now", "-24h" / "now-7d" (before now: s, m, h, d, w), "2026-11-20" (midnight),
//   "2026-11-20T14:00", "2026-11-20 14:00:30", "2026-11-20T14:00:00+01:00".
// A time without an offset is read in `zone`. Nothing when it cannot be read.
std::optional<QDateTime> parseTimeArgument(const QString &text, const QDateTime &now,
                                           const QTimeZone &zone);

} // namespace bridgescope
