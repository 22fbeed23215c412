#include "catalog/CatalogReader.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

#include <algorithm>
#include <tuple>

namespace bridgescope {

namespace {

// The relations shown, as a CTE every query below starts from. :schema is NULL for all
// schemas. Partitions are listed with the root they fold under.
const char kRelations[] = R"sql(
WITH rels AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'bridgescope')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
      AND (CAST($1 AS text) IS NULL OR n.nspname = CAST($1 AS text))
)
)sql";

const char kTablesQuery[] = R"sql(
SELECT r.oid, r.nspname, r.relname, r.relkind::text, ds.description,
       c.reltuples::bigint,
       CASE WHEN r.relkind IN ('r', 'm', 'p') AND CAST($2 AS boolean)
            THEN pg_total_relation_size(r.oid) END,
       has_table_privilege(r.oid, 'SELECT'),
       CASE WHEN r.relispartition THEN rn.nspname END,
       CASE WHEN r.relispartition THEN root.relname END
FROM rels r JOIN pg_class c ON c.oid = r.oid
LEFT JOIN pg_description ds ON ds.objoid = r.oid AND ds.classoid = 'pg_class'::regclass
                            AND ds.objsubid = 0
LEFT JOIN pg_class root ON r.relispartition AND root.oid = pg_partition_root(r.oid)
LEFT JOIN pg_namespace rn ON rn.oid = root.relnamespace
ORDER BY r.nspname, r.relname
)sql";

// Comments come by join, not col_description() per column, and a foreign key's definition is
// not asked for (nothing shows it): each was a catalog lookup per row, half of these queries'
// time on 1,000 tables.
const char kColumnsQuery[] = R"sql(
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), ds.description,
       a.attidentity::text, a.attgenerated::text,
       CASE WHEN nn.conname NOT LIKE '%\_not\_null' THEN nn.conname END
FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n'
                          AND nn.conkey[1] = a.attnum
LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass
                            AND ds.objsubid = a.attnum
WHERE NOT r.relispartition
ORDER BY a.attrelid, a.attnum
)sql";

// Constraints declared on a table itself (conparentid = 0): the clones a partitioned
// table's keys leave on each partition are not repeated. Foreign keys that a partition
// declares itself are read too, with the root they fold onto (the last column); a key that
// references a partition is drawn to that partition's root.
const char kConstraintsQuery[] = R"sql(
SELECT k.conrelid, k.conname, k.contype::text,
       to_json(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(num, ord)
                     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num
                     ORDER BY u.ord))::text,
       tn.nspname, t.relname,
       to_json(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(num, ord)
                     JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num
                     ORDER BY u.ord))::text,
       k.confdeltype::text, k.confupdtype::text,
       CASE WHEN k.contype <> 'f' THEN pg_get_constraintdef(k.oid) END,
       CASE WHEN r.relispartition THEN pg_partition_root(r.oid)::oid END,
       %PERIOD%
FROM rels r JOIN pg_constraint k ON k.conrelid = r.oid
LEFT JOIN pg_class referenced ON referenced.oid = k.confrelid
LEFT JOIN pg_class t ON t.oid = CASE WHEN referenced.relispartition
                                     THEN pg_partition_root(referenced.oid)::oid
                                     ELSE referenced.oid END
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE k.contype IN ('p', 'u', 'f', 'c') AND k.conparentid = 0
  AND (NOT r.relispartition OR k.contype = 'f')
ORDER BY r.nspname, r.relname, k.conname
)sql";

const char kIndexesQuery[] = R"sql(
SELECT x.indrelid, i.relname, am.amname, x.indisunique, x.indisprimary,
       pg_get_expr(x.indpred, x.indrelid), pg_get_indexdef(x.indexrelid),
       to_json(ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                            || CASE WHEN am.amname = 'btree' AND x.indoption[k - 1] & 1 = 1
                                    THEN ' DESC' ELSE '' END
                            || CASE WHEN am.amname = 'btree'
                                         AND (x.indoption[k - 1] & 2 = 2)
                                             <> (x.indoption[k - 1] & 1 = 1)
                                    THEN CASE WHEN x.indoption[k - 1] & 2 = 2
                                              THEN ' NULLS FIRST' ELSE ' NULLS LAST' END
                                    ELSE '' END
                     FROM generate_series(1, x.indnkeyatts) k))::text
FROM rels r JOIN pg_index x ON x.indrelid = r.oid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_am am ON am.oid = i.relam
WHERE NOT r.relispartition
ORDER BY r.nspname, r.relname, i.relname
)sql";

const char kSchemasQuery[] = R"sql(
SELECT n.nspname FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'bridgescope')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND (CAST($1 AS text) IS NULL OR n.nspname = CAST($1 AS text))
ORDER BY 1
)sql";

QStringList jsonNames(const QString &value)
{
    QStringList names;
    const QJsonArray array = QJsonDocument::fromJson(value.toUtf8()).array();
    for (const QJsonValue &item : array)
        names.append(item.toString());
    return names;
}

QString foreignKeyAction(const QString &code)
{
    if (code == QLatin1String("c"))
        return QStringLiteral("CASCADE");
    if (code == QLatin1String("n"))
        return QStringLiteral("SET NULL");
    if (code == QLatin1String("d"))
        return QStringLiteral("SET DEFAULT");
    if (code == QLatin1String("r"))
        return QStringLiteral("RESTRICT");
    return QStringLiteral("NO ACTION");
}

RelationKind relationKind(const QString &code)
{
    if (code == QLatin1String("p"))
        return RelationKind::PartitionedTable;
    if (code == QLatin1String("v"))
        return RelationKind::View;
    if (code == QLatin1String("m"))
        return RelationKind::MaterializedView;
    if (code == QLatin1String("f"))
        return RelationKind::ForeignTable;
    return RelationKind::Table;
}

// One row of a catalog query's text cells, read as the loops below read it.
struct CatalogRow
{
    const CellTable &rows;
    int index;
    bool isNull(int column) const { return !rows.cell(index, column).has_value(); }
    QString text(int column) const
    {
        const SqlText cell = rows.cell(index, column);
        return cell ? QString::fromUtf8(*cell) : QString();
    }
    bool flag(int column) const { return rows.cell(index, column) == QByteArray("t"); }
    qint64 number(int column) const
    {
        const SqlText cell = rows.cell(index, column);
        return cell ? cell->toLongLong() : 0;
    }
};

// A temporal key's PERIOD (pg_constraint.conperiod) exists from PostgreSQL 18 on.
QString withServerColumns(QString sql, int serverVersion)
{
    return sql.replace(QLatin1String("%PERIOD%"),
                       serverVersion >= 180000 ? QLatin1String("k.conperiod")
                                               : QLatin1String("false"));
}

// Runs one catalog query with the schema filter ($1) and, where the query has it, the sizes
// switch ($2) bound, through libpq in one round trip (QPSQL would PREPARE, EXECUTE, fetch row by
// row and DEALLOCATE).
Result<CellTable> runCatalogQuery(Session &session, const char *body, const QString &schema,
                                  bool withRelations = true, bool sizes = false)
{
    BoundSql statement;
    const Result<ServerInfo> server = session.serverInfo();
    statement.sql
        = withServerColumns(QString::fromUtf8(body), server ? server->serverVersionNumber : 0);
    if (withRelations)
        statement.sql.prepend(QString::fromUtf8(kRelations));
    statement.params << (schema.isEmpty() ? std::optional<QString>() : schema);
    if (statement.sql.contains(QLatin1String("$2")))
        statement.params << (sizes ? QStringLiteral("true") : QStringLiteral("false"));
    return queryCells(session, statement);
}

Status execPlain(Session &session, const QString &sql)
{
    Result<RowSet> done = queryRows(session, sql);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<SchemaSnapshot> readInTransaction(Session &session, const QString &schema, bool sizes)
{
    SchemaSnapshot snapshot;
    snapshot.database = session.database().databaseName();

    Result<CellTable> schemas = runCatalogQuery(session, kSchemasQuery, schema, false);
    if (!schemas)
        return std::unexpected(schemas.error());
    for (int r = 0; r < schemas->rowCount(); ++r)
        snapshot.schemas.append(CatalogRow { *schemas, r }.text(0));

    // Tables first; partitions are set aside and folded into their root afterwards.
    struct Partition
    {
        QString rootSchema, rootName;
        RelationName name;
        qint64 bytes = 0;
    };
    QList<Partition> partitions;
    QHash<qint64, int> indexByOid;
    QHash<qint64, RelationName> partitionByOid;
    Result<CellTable> tables = runCatalogQuery(session, kTablesQuery, schema, true, sizes);
    if (!tables)
        return std::unexpected(tables.error());
    for (int r = 0; r < tables->rowCount(); ++r) {
        const CatalogRow row { *tables, r };
        const QString rootSchema = row.text(8);
        if (!rootSchema.isEmpty()) {
            partitions.append({ rootSchema,
                                row.text(9),
                                { row.text(1), row.text(2) },
                                row.isNull(6) ? 0 : row.number(6) });
            partitionByOid.insert(row.number(0), partitions.last().name);
            continue;
        }
        TableInfo table;
        table.schema = row.text(1);
        table.name = row.text(2);
        table.kind = relationKind(row.text(3));
        table.comment = row.text(4);
        const qint64 tuples = row.number(5);
        table.estimatedRows = tuples < 0 ? -1 : tuples;
        table.totalBytes = row.isNull(6) ? -1 : row.number(6);
        table.readable = row.flag(7);
        indexByOid.insert(row.number(0), int(snapshot.tables.size()));
        snapshot.tables.append(table);
    }
    // A partitioned table's own size is nothing: its partitions hold the data.
    for (const Partition &partition : std::as_const(partitions)) {
        const int root = snapshot.indexOf(partition.rootSchema, partition.rootName);
        if (root < 0)
            continue;
        TableInfo &table = snapshot.tables[root];
        table.partitions.append(partition.name);
        table.totalBytes = qMax<qint64>(table.totalBytes, 0) + partition.bytes;
    }

    Result<CellTable> columns = runCatalogQuery(session, kColumnsQuery, schema);
    if (!columns)
        return std::unexpected(columns.error());
    for (int r = 0; r < columns->rowCount(); ++r) {
        const CatalogRow row { *columns, r };
        const int table = indexByOid.value(row.number(0), -1);
        if (table < 0)
            continue;
        ColumnInfo column;
        column.name = row.text(1);
        column.type = row.text(2);
        column.notNull = row.flag(3);
        column.comment = row.text(5);
        const QString identity = row.text(6);
        column.identity = identity == QLatin1String("a") ? QStringLiteral("ALWAYS")
            : identity == QLatin1String("d")             ? QStringLiteral("BY DEFAULT")
                                                         : QString();
        // pg_attrdef holds a generated column's expression too: it is not a default.
        const QString generated = row.text(7);
        column.generated = generated == QLatin1String("s") ? QStringLiteral("STORED")
            : generated == QLatin1String("v")              ? QStringLiteral("VIRTUAL")
                                                           : QString();
        if (column.isGenerated())
            column.generationExpression = row.text(4);
        else
            column.defaultExpression = row.text(4);
        column.notNullConstraint = row.text(8);
        snapshot.tables[table].columns.append(column);
    }

    Result<CellTable> constraints = runCatalogQuery(session, kConstraintsQuery, schema);
    if (!constraints)
        return std::unexpected(constraints.error());
    for (int r = 0; r < constraints->rowCount(); ++r) {
        const CatalogRow row { *constraints, r };
        const bool onPartition = !row.isNull(10);
        const int tableIndex = indexByOid.value(onPartition ? row.number(10) : row.number(0), -1);
        if (tableIndex < 0)
            continue;
        TableInfo &table = snapshot.tables[tableIndex];
        const QString type = row.text(2);
        ConstraintInfo constraint { row.text(1), jsonNames(row.text(3)), row.text(9) };
        if (type == QLatin1String("p")) {
            table.primaryKey = constraint;
        } else if (type == QLatin1String("u")) {
            table.uniqueConstraints.append(constraint);
        } else if (type == QLatin1String("c")) {
            table.checkConstraints.append(constraint);
        } else {
            ForeignKeyInfo key;
            key.name = constraint.name;
            key.fromSchema = table.schema;
            key.fromTable = table.name;
            key.fromColumns = constraint.columns;
            key.toSchema = row.text(4);
            key.toTable = row.text(5);
            key.toColumns = jsonNames(row.text(6));
            key.onDelete = foreignKeyAction(row.text(7));
            key.onUpdate = foreignKeyAction(row.text(8));
            key.period = row.flag(11);
            if (onPartition)
                key.declaredOn.append(partitionByOid.value(row.number(0)));
            snapshot.foreignKeys.append(key);
        }
    }

    // Keys a partition declares come in the partition's order: sort them under their root.
    std::stable_sort(snapshot.foreignKeys.begin(), snapshot.foreignKeys.end(),
                     [](const ForeignKeyInfo &a, const ForeignKeyInfo &b) {
                         return std::tie(a.fromSchema, a.fromTable, a.name)
                             < std::tie(b.fromSchema, b.fromTable, b.name);
                     });

    Result<CellTable> indexes = runCatalogQuery(session, kIndexesQuery, schema);
    if (!indexes)
        return std::unexpected(indexes.error());
    for (int r = 0; r < indexes->rowCount(); ++r) {
        const CatalogRow row { *indexes, r };
        const int table = indexByOid.value(row.number(0), -1);
        if (table < 0)
            continue;
        IndexInfo index;
        index.name = row.text(1);
        index.method = row.text(2);
        index.unique = row.flag(3);
        index.primary = row.flag(4);
        index.predicate = row.text(5);
        index.definition = row.text(6);
        index.keys = jsonNames(row.text(7));
        snapshot.tables[table].indexes.append(index);
    }
    return snapshot;
}

} // namespace

Result<SchemaSnapshot> readSchema(Session &session, const CatalogReadOptions &options)
{
    if (Status begun
        = execPlain(session, QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
        !begun)
        return std::unexpected(begun.error());
    Result<SchemaSnapshot> snapshot = readInTransaction(session, options.schema, options.sizes);
    // Nothing was written: a rollback ends the transaction either way, and after an error it
    // is the only way out.
    (void)execPlain(session, QStringLiteral("ROLLBACK"));
    return snapshot;
}

} // namespace bridgescope
