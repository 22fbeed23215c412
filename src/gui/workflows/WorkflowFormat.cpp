#include "workflows/WorkflowFormat.h"

namespace bridgescope {

QString formatDuration(qint64 ms)
{
    constexpr qint64 kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
    if (ms < 0)
        return QStringLiteral("\u2013");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < kMinute)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
    if (ms < kHour)
        return QStringLiteral("%1 min").arg(double(ms) / double(kMinute), 0, 'f', 1);
    // Past an hour the tenths of a minute say nothing: whole units, the two largest.
    if (ms < kDay)
        return QStringLiteral("%1 h %2 min")
            .arg(ms / kHour)
            .arg((ms % kHour) / kMinute, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 d %2 h").arg(ms / kDay).arg((ms % kDay) / kHour);
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 kB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

} // namespace bridgescope
