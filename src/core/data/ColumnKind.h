#pragma once

#include <QString>

namespace bridgescope {

// What a column's type means for showing, sorting and filtering it.
enum class ColumnKind {
    Text, // text, varchar, char, name, citext, enums, …
    Number,
    Boolean,
    Timestamp, // without time zone
    TimestampTz,
    Date,
    Time,
    Uuid,
    Json, // json: no ordering, no @>
    Jsonb,
    Bytea,
    TextArray, // text[], varchar[], …
    UuidArray,
    OtherArray,
    Other, // inet, interval, geometric, …
};

// From the type as pg_catalog.format_type() writes it: "character varying(255)", "uuid[]".
ColumnKind columnKindOf(const QString &type);

bool isArray(ColumnKind kind);
// Whether ORDER BY works on it (json and xml have no ordering operator).
bool isSortable(ColumnKind kind, const QString &type);
// Whether a cell preview should be cut short on the server (values that may be large).
bool mayBeLarge(ColumnKind kind);

} // namespace bridgescope
