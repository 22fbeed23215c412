#include "migrations/CatalogSnapshot.h"

#include "connection/ConnectionErrors.h"
#include "connection/Session.h"

#include <QSqlQuery>
#include <QVariant>

namespace bridgescope {

namespace {

// One row per object: (kind, name, definition). Objects of the system schemas and of
// bridgescope's history schema are left out; comments are taken for user objects only
// (oid >= 16384, FirstNormalObjectId).
const char kCatalogQuery[] = R"sql(
WITH user_ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'bridgescope')
      AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp%'
), rels AS (
    SELECT c.oid, c.relname, c.relkind, n.nspname, c.reloptions, c.relpersistence
    FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
)
SELECT 'schema', nspname, pg_get_userbyid(nspowner)::text
  FROM pg_namespace WHERE oid IN (SELECT oid FROM user_ns) AND nspname <> 'public'
UNION ALL
SELECT CASE relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                    WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
       quote_ident(nspname) || '.' || quote_ident(relname),
       concat_ws(' ', relkind::text, relpersistence::text, reloptions::text,
                 CASE WHEN relkind IN ('v', 'm') THEN pg_get_viewdef(oid) END)
  FROM rels
UNION ALL
SELECT 'column', quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.'
                 || quote_ident(a.attname),
       concat_ws(' ', format_type(a.atttypid, a.atttypmod),
                 CASE WHEN a.attnotnull THEN 'NOT NULL' END,
                 'DEFAULT ' || pg_get_expr(d.adbin, d.adrelid),
                 CASE a.attidentity WHEN 'a' THEN 'IDENTITY ALWAYS'
                                    WHEN 'd' THEN 'IDENTITY BY DEFAULT' END,
                 CASE WHEN a.attgenerated = 's' THEN 'GENERATED' END,
                 'COLLATE ' || nullif(co.collname, 'default'))
  FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  WHERE r.relkind <> 'S'
UNION ALL
SELECT 'constraint', quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.'
                     || quote_ident(k.conname),
       pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
  JOIN user_ns n ON n.oid = c.relnamespace
UNION ALL
SELECT 'index', quote_ident(n.nspname) || '.' || quote_ident(i.relname), pg_get_indexdef(i.oid)
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
  JOIN user_ns n ON n.oid = i.relnamespace
UNION ALL
SELECT 'trigger', quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.'
                  || quote_ident(t.tgname),
       pg_get_triggerdef(t.oid)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  JOIN user_ns n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal
UNION ALL
SELECT 'function', quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
                   || pg_get_function_identity_arguments(p.oid) || ')',
       md5(pg_get_functiondef(p.oid))
  FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p')
    AND NOT EXISTS (SELECT 1 FROM pg_depend dep
                    WHERE dep.objid = p.oid AND dep.deptype = 'e')
UNION ALL
SELECT 'type', quote_ident(n.nspname) || '.' || quote_ident(t.typname),
       concat_ws(' ', t.typtype::text, format_type(t.typbasetype, t.typtypmod),
                 (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                  FROM pg_enum e WHERE e.enumtypid = t.oid))
  FROM pg_type t JOIN user_ns n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class
                                                         WHERE oid = t.typrelid) = 'c')
UNION ALL
SELECT 'extension', extname, extversion FROM pg_extension WHERE extname <> 'plpgsql'
UNION ALL
SELECT 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description
  FROM pg_description d
  WHERE d.objoid >= 16384
    AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
                      AND n.nspname = 'bridgescope')
    AND NOT (d.classoid = 'pg_namespace'::regclass
             AND d.objoid = (SELECT oid FROM pg_namespace WHERE nspname = 'bridgescope'))
)sql";

} // namespace

QString catalogDifferenceKindName(CatalogDifference::Kind kind)
{
    switch (kind) {
    case CatalogDifference::Kind::Missing:
        return QStringLiteral("missing");
    case CatalogDifference::Kind::Extra:
        return QStringLiteral("extra");
    case CatalogDifference::Kind::Changed:
        return QStringLiteral("changed");
    }
    return {};
}

QString CatalogDifference::describe() const
{
    switch (kind) {
    case Kind::Missing:
        return QStringLiteral("missing: %1 (%2)").arg(object, expected);
    case Kind::Extra:
        return QStringLiteral("extra: %1 (%2)").arg(object, actual);
    case Kind::Changed:
        return QStringLiteral("changed: %1 (expected %2, found %3)").arg(object, expected, actual);
    }
    return {};
}

Result<CatalogSnapshot> readCatalog(Session &session)
{
    QSqlQuery query(session.database());
    query.setForwardOnly(true);
    if (!query.exec(QString::fromUtf8(kCatalogQuery)))
        return std::unexpected(describeQueryFailure(query.lastError()));
    CatalogSnapshot snapshot;
    while (query.next()) {
        snapshot.insert(query.value(0).toString() + QLatin1Char(' ') + query.value(1).toString(),
                        query.value(2).toString());
    }
    return snapshot;
}

QList<CatalogDifference> compareCatalogs(const CatalogSnapshot &expected,
                                         const CatalogSnapshot &actual)
{
    using Kind = CatalogDifference::Kind;
    QList<CatalogDifference> differences;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        auto found = actual.constFind(it.key());
        if (found == actual.cend())
            differences.append({ Kind::Missing, it.key(), it.value(), {} });
        else if (found.value() != it.value())
            differences.append({ Kind::Changed, it.key(), it.value(), found.value() });
    }
    for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
        if (!expected.contains(it.key()))
            differences.append({ Kind::Extra, it.key(), {}, it.value() });
    }
    return differences;
}

} // namespace bridgescope
