#include "catalog/CatalogReader.h"

#include "connection/ConnectionErrors.h"
#include "connection/Session.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
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
      AND (CAST(:schema AS text) IS NULL OR n.nspname = CAST(:schema AS text))
)
)sql";

const char kTablesQuery[] = R"sql(
SELECT r.oid, r.nspname, r.relname, r.relkind::text, obj_description(r.oid, 'pg_class'),
       c.reltuples::bigint,
       CASE WHEN r.relkind IN ('r', 'm', 'p') AND CAST(:sizes AS boolean)
            THEN pg_total_relation_size(r.oid) END,
       has_table_privilege(r.oid, 'SELECT'),
       CASE WHEN r.relispartition THEN rn.nspname END,
       CASE WHEN r.relispartition THEN root.relname END
FROM rels r JOIN pg_class c ON c.oid = r.oid
LEFT JOIN pg_class root ON r.relispartition AND root.oid = pg_partition_root(r.oid)
LEFT JOIN pg_namespace rn ON rn.oid = root.relnamespace
ORDER BY r.nspname, r.relname
)sql";

const char kColumnsQuery[] = R"sql(
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum),
       a.attidentity::text, a.attgenerated::text
FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
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
       k.confdeltype::text, k.confupdtype::text, pg_get_constraintdef(k.oid),
       CASE WHEN r.relispartition THEN pg_partition_root(r.oid)::oid END
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
  AND (CAST(:schema AS text) IS NULL OR n.nspname = CAST(:schema AS text))
ORDER BY 1
)sql";

QStringList jsonNames(const QVariant &value)
{
    QStringList names;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
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

// Runs one catalog query with the schema filter bound.
Result<QSqlQuery> runCatalogQuery(Session &session, const char *body, const QString &schema,
                                  bool withRelations = true, bool sizes = false)
{
    QSqlQuery query(session.database());
    query.setForwardOnly(true);
    QString sql = QString::fromUtf8(body);
    if (withRelations)
        sql.prepend(QString::fromUtf8(kRelations));
    if (!query.prepare(sql))
        return std::unexpected(describeQueryFailure(query.lastError()));
    query.bindValue(QStringLiteral(":schema"),
                    schema.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : schema);
    if (sql.contains(QLatin1String(":sizes")))
        query.bindValue(QStringLiteral(":sizes"), sizes);
    if (!query.exec())
        return std::unexpected(describeQueryFailure(query.lastError()));
    return query;
}

Status execPlain(Session &session, const QString &sql)
{
    QSqlQuery query(session.database());
    if (!query.exec(sql))
        return std::unexpected(describeQueryFailure(query.lastError()));
    return {};
}

Result<SchemaSnapshot> readInTransaction(Session &session, const QString &schema, bool sizes)
{
    SchemaSnapshot snapshot;
    snapshot.database = session.database().databaseName();

    Result<QSqlQuery> schemas = runCatalogQuery(session, kSchemasQuery, schema, false);
    if (!schemas)
        return std::unexpected(schemas.error());
    while (schemas->next())
        snapshot.schemas.append(schemas->value(0).toString());

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
    Result<QSqlQuery> tables = runCatalogQuery(session, kTablesQuery, schema, true, sizes);
    if (!tables)
        return std::unexpected(tables.error());
    while (tables->next()) {
        const QSqlQuery &row = *tables;
        const QString rootSchema = row.value(8).toString();
        if (!rootSchema.isEmpty()) {
            partitions.append({ rootSchema,
                                row.value(9).toString(),
                                { row.value(1).toString(), row.value(2).toString() },
                                row.value(6).isNull() ? 0 : row.value(6).toLongLong() });
            partitionByOid.insert(row.value(0).toLongLong(), partitions.last().name);
            continue;
        }
        TableInfo table;
        table.schema = row.value(1).toString();
        table.name = row.value(2).toString();
        table.kind = relationKind(row.value(3).toString());
        table.comment = row.value(4).toString();
        const qint64 tuples = row.value(5).toLongLong();
        table.estimatedRows = tuples < 0 ? -1 : tuples;
        table.totalBytes = row.value(6).isNull() ? -1 : row.value(6).toLongLong();
        table.readable = row.value(7).toBool();
        indexByOid.insert(row.value(0).toLongLong(), int(snapshot.tables.size()));
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

    Result<QSqlQuery> columns = runCatalogQuery(session, kColumnsQuery, schema);
    if (!columns)
        return std::unexpected(columns.error());
    while (columns->next()) {
        const QSqlQuery &row = *columns;
        const int table = indexByOid.value(row.value(0).toLongLong(), -1);
        if (table < 0)
            continue;
        ColumnInfo column;
        column.name = row.value(1).toString();
        column.type = row.value(2).toString();
        column.notNull = row.value(3).toBool();
        column.defaultExpression = row.value(4).toString();
        column.comment = row.value(5).toString();
        const QString identity = row.value(6).toString();
        column.identity = identity == QLatin1String("a") ? QStringLiteral("ALWAYS")
            : identity == QLatin1String("d")             ? QStringLiteral("BY DEFAULT")
                                                         : QString();
        column.generated = row.value(7).toString() == QLatin1String("s");
        snapshot.tables[table].columns.append(column);
    }

    Result<QSqlQuery> constraints = runCatalogQuery(session, kConstraintsQuery, schema);
    if (!constraints)
        return std::unexpected(constraints.error());
    while (constraints->next()) {
        const QSqlQuery &row = *constraints;
        const bool onPartition = !row.value(10).isNull();
        const int tableIndex
            = indexByOid.value((onPartition ? row.value(10) : row.value(0)).toLongLong(), -1);
        if (tableIndex < 0)
            continue;
        TableInfo &table = snapshot.tables[tableIndex];
        const QString type = row.value(2).toString();
        ConstraintInfo constraint { row.value(1).toString(), jsonNames(row.value(3)),
                                    row.value(9).toString() };
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
            key.toSchema = row.value(4).toString();
            key.toTable = row.value(5).toString();
            key.toColumns = jsonNames(row.value(6));
            key.onDelete = foreignKeyAction(row.value(7).toString());
            key.onUpdate = foreignKeyAction(row.value(8).toString());
            if (onPartition)
                key.declaredOn.append(partitionByOid.value(row.value(0).toLongLong()));
            snapshot.foreignKeys.append(key);
        }
    }

    // Keys a partition declares come in the partition's order: sort them under their root.
    std::stable_sort(snapshot.foreignKeys.begin(), snapshot.foreignKeys.end(),
                     [](const ForeignKeyInfo &a, const ForeignKeyInfo &b) {
                         return std::tie(a.fromSchema, a.fromTable, a.name)
                             < std::tie(b.fromSchema, b.fromTable, b.name);
                     });

    Result<QSqlQuery> indexes = runCatalogQuery(session, kIndexesQuery, schema);
    if (!indexes)
        return std::unexpected(indexes.error());
    while (indexes->next()) {
        const QSqlQuery &row = *indexes;
        const int table = indexByOid.value(row.value(0).toLongLong(), -1);
        if (table < 0)
            continue;
        IndexInfo index;
        index.name = row.value(1).toString();
        index.method = row.value(2).toString();
        index.unique = row.value(3).toBool();
        index.primary = row.value(4).toBool();
        index.predicate = row.value(5).toString();
        index.definition = row.value(6).toString();
        index.keys = jsonNames(row.value(7));
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
