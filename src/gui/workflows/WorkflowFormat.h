#pragma once

#include <QString>

namespace bridgescope {

// How the Workflows tab writes a duration and a size: "850 ms", "2.35 s", "4.2 min",
// "3 h 05 min", "2 d 3 h"; "512 B", "3.4 kB", "1.2 MB". A negative duration is "–".
QString formatDuration(qint64 ms);
QString formatBytes(qint64 bytes);

} // namespace bridgescope
