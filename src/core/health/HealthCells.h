#pragma once

#include "connection/PgQuery.h"

#include <QDateTime>
#include <QString>

#include <optional>

// Reading the Health queries' text cells: every section's rows come back as PostgreSQL text.
namespace bridgescope::health {

// Every Health query starts with this, so the server's own views can tell them apart.
inline constexpr char kComment[] = "/* bridgescope health */ ";

// SQL for a timestamp as milliseconds since the epoch (what cellTime reads).
inline QString epochMs(const QString &expression)
{
    return QStringLiteral("(extract(epoch FROM %1) * 1000)::bigint").arg(expression);
}

inline QString cellText(const SqlText &cell)
{
    return cell ? QString::fromUtf8(*cell) : QString();
}

inline qint64 cellInt(const SqlText &cell, qint64 null = 0)
{
    return cell ? cell->toLongLong() : null;
}

inline std::optional<double> cellDouble(const SqlText &cell)
{
    if (!cell)
        return std::nullopt;
    return cell->toDouble();
}

inline bool cellBool(const SqlText &cell)
{
    return cell && *cell == "t";
}

inline QDateTime cellTime(const SqlText &cell)
{
    return cell ? QDateTime::fromMSecsSinceEpoch(cell->toLongLong()) : QDateTime();
}

} // namespace bridgescope::health

namespace bridgescope::health {

// The Health queries never wait on a lock: sizes take an ACCESS SHARE lock per relation, and
// one queued behind a migration's ACCESS EXCLUSIVE would hold up everyone queued after it.
// (Sizes avoid relations locked that way; this covers the race.)
inline Status noLockWaits(Session &session)
{
    Result<RowSet> set
        = queryRows(session,
                    QString::fromLatin1(kComment)
                        + QStringLiteral("SELECT set_config('lock_timeout', '1s', false)"));
    if (!set)
        return std::unexpected(set.error());
    return {};
}

} // namespace bridgescope::health
