#pragma once

#include "connection/PgQuery.h"
#include "data/ColumnKind.h"

#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace bridgescope {

// How a cell reads in the grid, from the server's text for it (a preview, see BrowseQuery).
struct CellText
{
    QString text;
    bool isNull = false;
    bool truncated = false; // the grid shows part; the detail panel reads the whole value
};

// NULL is its own mark, never an empty string; timestamps with a zone in `zone` (the
// machine's by default) with the zone's abbreviation; arrays as [a, b, c]; JSON on one line;
// bytea as its length and leading hex; anything longer than maxChars cut with "…".
CellText formatCell(ColumnKind kind, const SqlText &raw, int maxChars = 200,
                    const QTimeZone &zone = QTimeZone::systemTimeZone());

// PostgreSQL's array text "{a,\"b c\",NULL}" as its elements (NULL as nullopt). Nested
// arrays keep their inner braces as one element's text. Nothing when the text is no array.
std::optional<QList<std::optional<QString>>> parseArrayText(const QString &text);

// "2026-03-29 01:30:00.123456+01" (or "…+05:30", "…-03") → an instant; invalid when unreadable.
QDateTime parseTimestampTz(const QString &text);

QString nullMark(); // "NULL", drawn in grey italics by the grid

} // namespace bridgescope
