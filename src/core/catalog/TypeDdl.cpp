// The DDL of an enum, composite, domain and range type.
#include "catalog/DdlWriters.h"

#include <QHash>

namespace bridgescope::ddl {

namespace {

const char kTypeQuery[] = R"sql(
SELECT t.typtype, quote_ident(n.nspname) || '.' || quote_ident(t.typname),
       quote_ident(pg_get_userbyid(t.typowner)), obj_description(t.oid, 'pg_type'),
       format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN
           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
            FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE co.oid = t.typcollation) END
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE t.oid = $1::oid
)sql";

const char kEnumLabels[] = R"sql(
SELECT enumlabel FROM pg_enum WHERE enumtypid = $1::oid ORDER BY enumsortorder
)sql";

const char kCompositeAttributes[] = R"sql(
SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod)
FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid
WHERE t.oid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
)sql";

const char kDomainConstraints[] = R"sql(
SELECT quote_ident(conname), pg_get_constraintdef(oid)
FROM pg_constraint WHERE contypid = $1::oid AND contype = 'c'
ORDER BY conname
)sql";

const char kRangeQuery[] = R"sql(
SELECT format_type(r.rngsubtype, NULL),
       (SELECT quote_ident(mn.nspname) || '.' || quote_ident(m.typname)
        FROM pg_type m JOIN pg_namespace mn ON mn.oid = m.typnamespace
        WHERE m.oid = %MULTIRANGE%),
       CASE WHEN NOT opc.opcdefault THEN
           quote_ident(on_.nspname) || '.' || quote_ident(opc.opcname) END,
       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN
           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
            FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE co.oid = r.rngcollation) END,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END
FROM pg_range r JOIN pg_type st ON st.oid = r.rngsubtype
JOIN pg_opclass opc ON opc.oid = r.rngsubopc
JOIN pg_namespace on_ ON on_.oid = opc.opcnamespace
WHERE r.rngtypid = $1::oid
)sql";

} // namespace

Result<QStringList> typeDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> type = reader.object(kTypeQuery, "type");
    if (!type)
        return std::unexpected(type.error());
    const QString typtype = cell(*type, 0, 0);
    const QString name = cell(*type, 0, 1);
    QStringList out;
    QString alter = QStringLiteral("TYPE");
    if (typtype == QLatin1String("e")) {
        Result<RowSet> labels = reader.rows(kEnumLabels);
        if (!labels)
            return std::unexpected(labels.error());
        QStringList quoted;
        for (int i = 0; i < labels->rows.size(); ++i)
            quoted << QStringLiteral("    ") + literal(cell(*labels, i, 0));
        out << QStringLiteral("CREATE TYPE %1 AS ENUM (\n%2\n);")
                   .arg(name, quoted.join(QStringLiteral(",\n")));
    } else if (typtype == QLatin1String("c")) {
        Result<RowSet> attributes = reader.rows(kCompositeAttributes);
        if (!attributes)
            return std::unexpected(attributes.error());
        QStringList lines;
        for (int i = 0; i < attributes->rows.size(); ++i)
            lines << QStringLiteral("\t%1 %2").arg(cell(*attributes, i, 0),
                                                   cell(*attributes, i, 1));
        out << QStringLiteral("CREATE TYPE %1 AS (\n%2\n);")
                   .arg(name, lines.join(QStringLiteral(",\n")));
    } else if (typtype == QLatin1String("d")) {
        alter = QStringLiteral("DOMAIN");
        QString create = QStringLiteral("CREATE DOMAIN %1 AS %2").arg(name, cell(*type, 0, 4));
        if (!isNull(*type, 0, 7))
            create += QStringLiteral(" COLLATE ") + cell(*type, 0, 7);
        if (flag(*type, 0, 5))
            create += QStringLiteral(" NOT NULL");
        if (!isNull(*type, 0, 6))
            create += QStringLiteral(" DEFAULT ") + cell(*type, 0, 6);
        Result<RowSet> checks = reader.rows(kDomainConstraints);
        if (!checks)
            return std::unexpected(checks.error());
        for (int i = 0; i < checks->rows.size(); ++i)
            create += QStringLiteral("\n\tCONSTRAINT %1 %2")
                          .arg(cell(*checks, i, 0), cell(*checks, i, 1));
        out << create + QLatin1Char(';');
    } else if (typtype == QLatin1String("r")) {
        Result<RowSet> range = reader.rows(kRangeQuery);
        if (!range)
            return std::unexpected(range.error());
        QStringList lines { QStringLiteral("    subtype = ") + cell(*range, 0, 0) };
        if (!isNull(*range, 0, 1))
            lines << QStringLiteral("    multirange_type_name = ") + cell(*range, 0, 1);
        if (!isNull(*range, 0, 2))
            lines << QStringLiteral("    subtype_opclass = ") + cell(*range, 0, 2);
        if (!isNull(*range, 0, 3))
            lines << QStringLiteral("    collation = ") + cell(*range, 0, 3);
        if (!isNull(*range, 0, 4))
            lines << QStringLiteral("    canonical = ") + cell(*range, 0, 4);
        if (!isNull(*range, 0, 5))
            lines << QStringLiteral("    subtype_diff = ") + cell(*range, 0, 5);
        out << QStringLiteral("CREATE TYPE %1 AS RANGE (\n%2\n);")
                   .arg(name, lines.join(QStringLiteral(",\n")));
    } else {
        return fail(Error::Kind::Usage,
                    QStringLiteral("%1 is a base type, made by C code.").arg(name));
    }
    out << QStringLiteral("ALTER %1 %2 OWNER TO %3;").arg(alter, name, cell(*type, 0, 2));
    if (!isNull(*type, 0, 3))
        out << QStringLiteral("COMMENT ON %1 %2 IS %3;")
                   .arg(alter, name, literal(cell(*type, 0, 3)));
    return out;
}

} // namespace bridgescope::ddl
