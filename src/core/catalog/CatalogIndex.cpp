#include "catalog/CatalogIndex.h"

#include "catalog/FuzzyMatcher.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace bridgescope {

namespace {

// The objects in two statements, each consistent in itself: what the tree's first screen and
// Go to anything need (schemas, relations, functions, types, extensions, publications,
// subscriptions), then the parts of tables (columns, indexes, constraints, triggers, policies:
// most of a large catalog's rows). Columns, indexes, constraints and triggers of a partition
// are its parent's: listed once, there. Sequences that implement an identity column belong to
// it, as pg_dump has them.
const char kCatalogCtes[] = R"sql(
WITH ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp%'
),
rel AS (
    -- NOT IN a list read once (a hashed subplan), not a probe of pg_depend per relation: on
    -- 10,000 tables that halves the statement. Only a sequence is probed for an identity.
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition
    FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND c.oid NOT IN (SELECT objid FROM pg_depend
                        WHERE deptype = 'e' AND classid = 'pg_class'::regclass)
      AND (c.relkind <> 'S'
           OR NOT EXISTS (SELECT FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype = 'i'))
)
)sql";

const char kTopLevelQuery[] = R"sql(
SELECT 'schema', NULL, nspname, NULL, NULL, NULL, oid, quote_ident(nspname), 0 FROM ns
UNION ALL
SELECT CASE WHEN r.relispartition THEN 'partition' ELSE r.relkind::text END,
       r.nspname, r.relname, NULL, p.relname, NULL, r.oid,
       quote_ident(r.nspname) || '.' || quote_ident(r.relname), 0
FROM rel r
LEFT JOIN pg_inherits i ON r.relispartition AND i.inhrelid = r.oid
LEFT JOIN pg_class p ON p.oid = i.inhparent
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       n.nspname, p.proname, oidvectortypes(p.proargtypes), NULL,
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END, p.oid,
       quote_ident(n.nspname) || '.' || quote_ident(p.proname)
           || '(' || oidvectortypes(p.proargtypes) || ')', 0
FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace
WHERE p.prokind <> 'w'
  -- an extension's functions, and a range type's constructors, belong to them
  AND p.oid NOT IN (SELECT objid FROM pg_depend
                    WHERE classid = 'pg_proc'::regclass AND deptype IN ('e', 'i'))
UNION ALL
SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range'
                      ELSE 'composite' END,
       n.nspname, t.typname, NULL, NULL,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END, t.oid,
       quote_ident(n.nspname) || '.' || quote_ident(t.typname), 0
FROM pg_type t JOIN ns n ON n.oid = t.typnamespace
-- a composite type of its own, not a table's row type (one per table: 10,000 of them)
WHERE (t.typtype IN ('e', 'd', 'r')
       OR (t.typtype = 'c' AND t.typrelid IN (SELECT oid FROM pg_class WHERE relkind = 'c')))
  AND t.oid NOT IN (SELECT objid FROM pg_depend
                    WHERE classid = 'pg_type'::regclass AND deptype = 'e')
UNION ALL
SELECT 'extension', NULL, extname, NULL, NULL, extversion, oid, quote_ident(extname), 0
FROM pg_extension
UNION ALL
SELECT 'publication', NULL, pubname, NULL, NULL, NULL, oid, quote_ident(pubname), 0
FROM pg_publication
UNION ALL
SELECT 'subscription', NULL, subname, NULL, NULL, NULL, oid, quote_ident(subname), 0
FROM pg_subscription
WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
)sql";

const char kPartsQuery[] = R"sql(
SELECT 'column', r.nspname, a.attname, NULL, r.relname, format_type(a.atttypid, a.atttypmod),
       0, quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.' || quote_ident(a.attname),
       a.attnum
FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid
WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind <> 'S' AND NOT r.relispartition
UNION ALL
SELECT 'index', r.nspname, c.relname, NULL, r.relname, am.amname, c.oid,
       quote_ident(r.nspname) || '.' || quote_ident(c.relname), 0
FROM rel r JOIN pg_index x ON x.indrelid = r.oid
JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
WHERE NOT r.relispartition
UNION ALL
SELECT 'constraint', r.nspname, k.conname, NULL, r.relname,
       CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                      WHEN 'c' THEN 'check' ELSE 'exclusion' END,
       k.oid, quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.' || quote_ident(k.conname),
       0
FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND NOT r.relispartition
UNION ALL
SELECT 'trigger', r.nspname, t.tgname, NULL, r.relname, NULL, t.oid,
       quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.' || quote_ident(t.tgname), 0
FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid
WHERE NOT t.tgisinternal AND NOT r.relispartition
UNION ALL
SELECT 'policy', r.nspname, p.polname, NULL, r.relname, NULL, p.oid,
       quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.' || quote_ident(p.polname), 0
FROM rel r JOIN pg_policy p ON p.polrelid = r.oid
)sql";

std::optional<ObjectKind> kindFromCode(QByteArrayView code)
{
    static const QHash<QByteArray, ObjectKind> kinds {
        { "schema", ObjectKind::Schema },
        { "r", ObjectKind::Table },
        { "p", ObjectKind::PartitionedTable },
        { "partition", ObjectKind::Partition },
        { "v", ObjectKind::View },
        { "m", ObjectKind::MaterializedView },
        { "f", ObjectKind::ForeignTable },
        { "S", ObjectKind::Sequence },
        { "column", ObjectKind::Column },
        { "index", ObjectKind::Index },
        { "constraint", ObjectKind::Constraint },
        { "trigger", ObjectKind::Trigger },
        { "policy", ObjectKind::Policy },
        { "function", ObjectKind::Function },
        { "procedure", ObjectKind::Procedure },
        { "aggregate", ObjectKind::Aggregate },
        { "enum", ObjectKind::EnumType },
        { "composite", ObjectKind::CompositeType },
        { "domain", ObjectKind::Domain },
        { "range", ObjectKind::RangeType },
        { "extension", ObjectKind::Extension },
        { "publication", ObjectKind::Publication },
        { "subscription", ObjectKind::Subscription },
    };
    const auto found = kinds.constFind(code.toByteArray());
    if (found == kinds.constEnd())
        return std::nullopt;
    return *found;
}

// Within a band of FuzzyMatcher's: what a person looking for a name most likely means.
int kindBonus(ObjectKind kind)
{
    if (isRelation(kind) || kind == ObjectKind::PartitionedTable)
        return 600;
    if (kind == ObjectKind::Schema)
        return 550;
    if (isTablePart(kind))
        return kind == ObjectKind::Column ? 0 : 100;
    if (kind == ObjectKind::Partition)
        return 250;
    return 400; // functions, types, sequences, extensions, publications, subscriptions
}

// quote_ident without the server's keyword list: quoted unless lower-case letters, digits,
// _ and $ (the server's own quoting is used wherever the catalog was read).
QString quotedWhereNeeded(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_$]*$"));
    return plain.match(name).hasMatch() ? name : quoteIdentifier(name);
}

// One part of a dotted search: quoted ("Odd Name") is matched exactly as written.
struct SearchPart
{
    QString text;
    bool quoted = false;
};

QList<SearchPart> splitSearch(const QString &text)
{
    QList<SearchPart> parts;
    SearchPart current;
    bool inQuotes = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            if (inQuotes && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                current.text += c;
                ++i;
                continue;
            }
            inQuotes = !inQuotes;
            current.quoted = true;
            continue;
        }
        if (c == QLatin1Char('.') && !inQuotes) {
            parts << current;
            current = {};
            continue;
        }
        current.text += c;
    }
    parts << current;
    for (SearchPart &part : parts)
        if (!part.quoted)
            part.text = part.text.trimmed();
    return parts;
}

int partScore(const SearchPart &part, const QString &name)
{
    if (part.quoted)
        return name == part.text ? kExact : -1;
    if (part.text.isEmpty())
        return kSubsequence;
    return fuzzyScore(name, part.text);
}

} // namespace

QString objectKindName(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Schema:
        return QStringLiteral("schema");
    case ObjectKind::Table:
        return QStringLiteral("table");
    case ObjectKind::PartitionedTable:
        return QStringLiteral("partitioned table");
    case ObjectKind::Partition:
        return QStringLiteral("partition");
    case ObjectKind::View:
        return QStringLiteral("view");
    case ObjectKind::MaterializedView:
        return QStringLiteral("materialized view");
    case ObjectKind::ForeignTable:
        return QStringLiteral("foreign table");
    case ObjectKind::Sequence:
        return QStringLiteral("sequence");
    case ObjectKind::Function:
        return QStringLiteral("function");
    case ObjectKind::Procedure:
        return QStringLiteral("procedure");
    case ObjectKind::Aggregate:
        return QStringLiteral("aggregate");
    case ObjectKind::EnumType:
        return QStringLiteral("enum type");
    case ObjectKind::CompositeType:
        return QStringLiteral("composite type");
    case ObjectKind::Domain:
        return QStringLiteral("domain");
    case ObjectKind::RangeType:
        return QStringLiteral("range type");
    case ObjectKind::Column:
        return QStringLiteral("column");
    case ObjectKind::Index:
        return QStringLiteral("index");
    case ObjectKind::Constraint:
        return QStringLiteral("constraint");
    case ObjectKind::Trigger:
        return QStringLiteral("trigger");
    case ObjectKind::Policy:
        return QStringLiteral("policy");
    case ObjectKind::Extension:
        return QStringLiteral("extension");
    case ObjectKind::Publication:
        return QStringLiteral("publication");
    case ObjectKind::Subscription:
        break;
    }
    return QStringLiteral("subscription");
}

bool isTablePart(ObjectKind kind)
{
    return kind == ObjectKind::Column || kind == ObjectKind::Index || kind == ObjectKind::Constraint
        || kind == ObjectKind::Trigger || kind == ObjectKind::Policy;
}

bool isRelation(ObjectKind kind)
{
    return kind == ObjectKind::Table || kind == ObjectKind::PartitionedTable
        || kind == ObjectKind::Partition || kind == ObjectKind::View
        || kind == ObjectKind::MaterializedView || kind == ObjectKind::ForeignTable;
}

bool isFunctionKind(ObjectKind kind)
{
    return kind == ObjectKind::Function || kind == ObjectKind::Procedure
        || kind == ObjectKind::Aggregate;
}

bool isTypeKind(ObjectKind kind)
{
    return kind == ObjectKind::EnumType || kind == ObjectKind::CompositeType
        || kind == ObjectKind::Domain || kind == ObjectKind::RangeType;
}

CatalogIndex::CatalogIndex(QList<CatalogObject> objects, QStringList searchPath)
    : m_objects(std::move(objects))
    , m_searchPath(std::move(searchPath))
{
    m_lower.reserve(m_objects.size());
    m_masks.reserve(m_objects.size());
    for (CatalogObject &object : m_objects) {
        if (object.qualified.isEmpty()) { // built here rather than by the server
            QStringList parts { object.schema, object.parent, object.name };
            if (!isTablePart(object.kind))
                parts.removeAt(1);
            parts.removeAll(QString());
            for (QString &part : parts)
                part = quotedWhereNeeded(part);
            object.qualified = parts.join(QLatin1Char('.'));
            if (isFunctionKind(object.kind))
                object.qualified += QStringLiteral("(%1)").arg(object.arguments);
        }
        m_lower << object.name.toLower();
        m_masks << FuzzyMatcher::charMask(m_lower.last());
    }
}

QList<CatalogMatch> CatalogIndex::find(const QString &text, int limit) const
{
    QList<CatalogMatch> matches;
    const QList<SearchPart> parts = splitSearch(text.trimmed());
    if (parts.size() > 3 || limit <= 0)
        return matches;
    const SearchPart &last = parts.last();
    const bool plain = parts.size() == 1 && !last.quoted;
    const FuzzyMatcher matcher(last.text);
    for (int i = 0; i < m_objects.size(); ++i) {
        const CatalogObject &object = m_objects.at(i);
        int score = 0;
        if (plain || !last.quoted) {
            if (!matcher.mayMatch(m_masks.at(i)))
                continue;
            score = last.text.isEmpty() ? kSubsequence : matcher.score(object.name, m_lower.at(i));
        } else {
            score = object.name == last.text ? kExact : -1;
        }
        if (score < 0)
            continue;
        // The parts before the name: "schema.name", "table.column", "schema.table.column".
        if (parts.size() == 2) {
            // "table.column" for a part of a table, "schema.name" for the rest.
            const int container = isTablePart(object.kind) ? partScore(parts[0], object.parent)
                                                           : partScore(parts[0], object.schema);
            if (container < 0 || object.schema.isEmpty())
                continue;
            score += container / 100; // a closer container breaks ties, never crosses a band
        } else if (parts.size() == 3) {
            if (!isTablePart(object.kind))
                continue;
            const int schema = partScore(parts[0], object.schema);
            const int table = partScore(parts[1], object.parent);
            if (schema < 0 || table < 0)
                continue;
            score += (schema + table) / 200;
        }
        score += kindBonus(object.kind);
        if (!object.schema.isEmpty() && m_searchPath.contains(object.schema))
            score += 50;
        matches << CatalogMatch { i, score };
    }
    const auto better = [this](const CatalogMatch &a, const CatalogMatch &b) {
        if (a.score != b.score)
            return a.score > b.score;
        const QString &left = m_objects.at(a.index).qualified;
        const QString &right = m_objects.at(b.index).qualified;
        if (left.size() != right.size())
            return left.size() < right.size();
        return left < right;
    };
    if (matches.size() > limit) {
        std::partial_sort(matches.begin(), matches.begin() + limit, matches.end(), better);
        matches.resize(limit);
    } else {
        std::sort(matches.begin(), matches.end(), better);
    }
    return matches;
}

int CatalogIndex::lookup(const QString &name, QList<int> *overloads) const
{
    if (overloads)
        overloads->clear();
    QString text = name.trimmed();
    QString arguments;
    bool withArguments = false;
    if (const qsizetype open = text.indexOf(QLatin1Char('('));
        open > 0 && text.endsWith(QLatin1Char(')'))) {
        arguments = text.mid(open + 1, text.size() - open - 2);
        text = text.left(open);
        withArguments = true;
    }
    // As PostgreSQL reads a name: a quoted part as written, an unquoted one in lower case.
    QList<SearchPart> parts = splitSearch(text);
    if (parts.size() > 2)
        return -1;
    for (SearchPart &part : parts)
        if (!part.quoted)
            part.text = part.text.toLower();
    const bool qualified = parts.size() == 2;
    const QString schema = qualified ? parts.first().text : QString();
    const QString object = parts.last().text;
    const auto normalized = [](QString args) {
        return args.remove(QLatin1Char(' ')).toLower();
    };
    int found = -1;
    int foundRank = std::numeric_limits<int>::max();
    QList<int> candidates;
    for (int i = 0; i < m_objects.size(); ++i) {
        const CatalogObject &candidate = m_objects.at(i);
        if (isTablePart(candidate.kind) || candidate.name != object)
            continue;
        if (qualified ? candidate.schema != schema
                      : !candidate.schema.isEmpty() && !m_searchPath.contains(candidate.schema))
            continue;
        if (withArguments
            && (!isFunctionKind(candidate.kind)
                || normalized(candidate.arguments) != normalized(arguments)))
            continue;
        // A bare name means the table, view or type before a function of the same name.
        const int rank = (qualified || candidate.schema.isEmpty()
                              ? 0
                              : int(m_searchPath.indexOf(candidate.schema)) * 2)
            + (isFunctionKind(candidate.kind) && !withArguments ? 1 : 0);
        if (rank < foundRank) {
            found = i;
            foundRank = rank;
            candidates = { i };
        } else if (rank == foundRank) {
            candidates << i;
        }
    }
    if (candidates.size() > 1) {
        if (overloads)
            *overloads = candidates;
        return -1;
    }
    return found;
}

namespace {

// One of the two statements, into objects. Into one buffer: 80,000 objects are 720,000 cells,
// not as many allocations.
Result<QList<CatalogObject>> readObjects(Session &session, const char *selects)
{
    Result<CellTable> cells = queryCells(
        session, BoundSql { QString::fromUtf8(kCatalogCtes) + QString::fromUtf8(selects), {} });
    if (!cells)
        return std::unexpected(cells.error());
    QList<CatalogObject> objects;
    objects.reserve(cells->rowCount());
    bool null = false;
    const auto text = [&](int row, int column) {
        const QByteArrayView cell = cells->view(row, column, &null);
        return null ? QString() : QString::fromUtf8(cell);
    };
    for (int row = 0; row < cells->rowCount(); ++row) {
        const std::optional<ObjectKind> kind = kindFromCode(cells->view(row, 0, &null));
        if (!kind)
            continue;
        CatalogObject object;
        object.kind = *kind;
        object.schema = text(row, 1);
        object.name = text(row, 2);
        object.arguments = text(row, 3);
        object.parent = text(row, 4);
        object.detail = text(row, 5);
        object.oid = cells->view(row, 6, &null).toByteArray().toUInt();
        object.qualified = text(row, 7);
        object.position = cells->view(row, 8, &null).toByteArray().toInt();
        objects << std::move(object);
    }
    return objects;
}

} // namespace

CatalogIndex CatalogIndex::withParts(const QList<CatalogObject> &parts) const
{
    QList<CatalogObject> objects = m_objects;
    objects << parts;
    return CatalogIndex(std::move(objects), m_searchPath);
}

Result<CatalogIndex> readCatalogIndex(Session &session, CatalogScope scope)
{
    Result<RowSet> path = queryRows(session, QStringLiteral("SELECT current_schemas(false)"));
    if (!path)
        return std::unexpected(path.error());
    Result<QList<CatalogObject>> objects = readObjects(session, kTopLevelQuery);
    if (!objects)
        return std::unexpected(objects.error());
    if (scope == CatalogScope::Everything) {
        Result<QList<CatalogObject>> parts = readTableParts(session);
        if (!parts)
            return std::unexpected(parts.error());
        *objects << *parts;
    }
    const QString searchPath
        = QString::fromUtf8(path->rows.value(0).value(0).value_or(QByteArray()));
    return CatalogIndex(std::move(*objects), textArrayElements(searchPath));
}

Result<QList<CatalogObject>> readTableParts(Session &session)
{
    return readObjects(session, kPartsQuery);
}

} // namespace bridgescope
