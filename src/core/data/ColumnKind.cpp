#include "data/ColumnKind.h"

#include <QStringList>

namespace bridgescope {

ColumnKind columnKindOf(const QString &type)
{
    const QString t = type.trimmed().toLower();
    if (t.endsWith(QLatin1String("[]"))) {
        const ColumnKind element = columnKindOf(t.chopped(2));
        if (element == ColumnKind::Text)
            return ColumnKind::TextArray;
        if (element == ColumnKind::Uuid)
            return ColumnKind::UuidArray;
        return ColumnKind::OtherArray;
    }
    auto startsWithAny = [&t](std::initializer_list<const char *> prefixes) {
        for (const char *prefix : prefixes)
            if (t.startsWith(QLatin1String(prefix)))
                return true;
        return false;
    };
    if (t == QLatin1String("jsonb"))
        return ColumnKind::Jsonb;
    if (t == QLatin1String("json"))
        return ColumnKind::Json;
    if (t == QLatin1String("uuid"))
        return ColumnKind::Uuid;
    if (t == QLatin1String("bytea"))
        return ColumnKind::Bytea;
    if (t == QLatin1String("boolean"))
        return ColumnKind::Boolean;
    if (t == QLatin1String("date"))
        return ColumnKind::Date;
    if (t.startsWith(QLatin1String("timestamp")))
        return t.contains(QLatin1String("with time zone")) ? ColumnKind::TimestampTz
                                                           : ColumnKind::Timestamp;
    if (t.startsWith(QLatin1String("time")))
        return ColumnKind::Time;
    if (startsWithAny({ "smallint", "integer", "bigint", "numeric", "real", "double precision",
                        "decimal", "oid", "money" }))
        return ColumnKind::Number;
    if (startsWithAny({ "text", "character", "name", "citext", "\"char\"" }))
        return ColumnKind::Text;
    if (startsWithAny({ "inet", "cidr", "interval", "point", "xml", "tsvector", "bit", "macaddr",
                        "int4range", "int8range", "tstzrange", "tsrange", "daterange",
                        "numrange" }))
        return ColumnKind::Other;
    // User-defined types (enums and domains) read as text.
    return ColumnKind::Text;
}

bool isArray(ColumnKind kind)
{
    return kind == ColumnKind::TextArray || kind == ColumnKind::UuidArray
        || kind == ColumnKind::OtherArray;
}

bool isSortable(ColumnKind kind, const QString &type)
{
    const QString t = type.trimmed().toLower();
    return kind != ColumnKind::Json && !t.startsWith(QLatin1String("xml"))
        && !t.startsWith(QLatin1String("point")) && !t.startsWith(QLatin1String("json[]"));
}

bool mayBeLarge(ColumnKind kind)
{
    return kind == ColumnKind::Text || kind == ColumnKind::Json || kind == ColumnKind::Jsonb
        || isArray(kind) || kind == ColumnKind::Other;
}

} // namespace bridgescope
