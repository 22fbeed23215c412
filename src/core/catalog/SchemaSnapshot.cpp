#include "catalog/SchemaSnapshot.h"

#include <QHash>

namespace bridgescope {

QString ColumnInfo::valueSource() const
{
    if (isGenerated())
        return QStringLiteral("generated always as (%1) %2")
            .arg(generationExpression, generated.toLower());
    if (!identity.isEmpty())
        return QStringLiteral("generated %1 as identity").arg(identity.toLower());
    if (!defaultExpression.isEmpty())
        return QStringLiteral("default ") + defaultExpression;
    return {};
}

namespace {

// The tables whose indices are in `keep`, and the keys with both ends among them.
SchemaSnapshot subset(const SchemaSnapshot &snapshot, const QSet<int> &keep)
{
    SchemaSnapshot result;
    result.database = snapshot.database;
    QSet<QString> keptNames;
    for (int i = 0; i < snapshot.tables.size(); ++i) {
        if (!keep.contains(i))
            continue;
        const TableInfo &table = snapshot.tables.at(i);
        result.tables.append(table);
        keptNames.insert(table.qualifiedName());
        if (!result.schemas.contains(table.schema))
            result.schemas.append(table.schema);
    }
    for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
        if (keptNames.contains(key.fromSchema + QLatin1Char('.') + key.fromTable)
            && keptNames.contains(key.toSchema + QLatin1Char('.') + key.toTable))
            result.foreignKeys.append(key);
    }
    result.schemas.sort();
    return result;
}

// Reads one identifier from `text` at `pos`: "quoted ""like"" this" or a bare run up to a dot.
QString readIdentifier(const QString &text, qsizetype &pos)
{
    QString name;
    if (pos < text.size() && text.at(pos) == QLatin1Char('"')) {
        ++pos;
        while (pos < text.size()) {
            if (text.at(pos) == QLatin1Char('"')) {
                if (pos + 1 < text.size() && text.at(pos + 1) == QLatin1Char('"')) {
                    name.append(QLatin1Char('"'));
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            name.append(text.at(pos++));
        }
        return name;
    }
    while (pos < text.size() && text.at(pos) != QLatin1Char('.'))
        name.append(text.at(pos++));
    return name;
}

} // namespace

QString relationKindName(RelationKind kind)
{
    switch (kind) {
    case RelationKind::Table:
        return QStringLiteral("table");
    case RelationKind::PartitionedTable:
        return QStringLiteral("partitioned table");
    case RelationKind::View:
        return QStringLiteral("view");
    case RelationKind::MaterializedView:
        return QStringLiteral("materialized view");
    case RelationKind::ForeignTable:
        return QStringLiteral("foreign table");
    }
    return {};
}

const ColumnInfo *TableInfo::column(const QString &columnName) const
{
    for (const ColumnInfo &candidate : columns) {
        if (candidate.name == columnName)
            return &candidate;
    }
    return nullptr;
}

int SchemaSnapshot::indexOf(const QString &schema, const QString &name) const
{
    for (int i = 0; i < tables.size(); ++i) {
        if (tables.at(i).schema == schema && tables.at(i).name == name)
            return i;
    }
    return -1;
}

const TableInfo *SchemaSnapshot::table(const QString &schema, const QString &name) const
{
    const int index = indexOf(schema, name);
    return index < 0 ? nullptr : &tables.at(index);
}

const TableInfo *SchemaSnapshot::partitionRoot(const QString &schema, const QString &name) const
{
    const RelationName wanted { schema, name };
    for (const TableInfo &candidate : tables) {
        if (candidate.partitions.contains(wanted))
            return &candidate;
    }
    return nullptr;
}

QStringList TableInfo::partitionNames() const
{
    QStringList names;
    for (const RelationName &partition : partitions)
        names << partition.qualifiedName();
    return names;
}

QList<ForeignKeyInfo> distinctForeignKeys(const QList<ForeignKeyInfo> &keys)
{
    QList<ForeignKeyInfo> result;
    QHash<QString, qsizetype> folded; // the signature of a per-partition key → its place
    for (const ForeignKeyInfo &key : keys) {
        if (key.declaredOn.isEmpty()) {
            result.append(key);
            continue;
        }
        const QChar separator(0x1f); // a character no identifier holds
        const QString signature
            = QStringList { key.fromSchema, key.fromTable, key.fromColumns.join(separator),
                            key.toSchema,   key.toTable,   key.toColumns.join(separator),
                            key.onDelete,   key.onUpdate }
                  .join(QChar(0x1e));
        const auto found = folded.constFind(signature);
        if (found == folded.cend()) {
            folded.insert(signature, result.size());
            result.append(key);
        } else {
            ForeignKeyInfo &kept = result[found.value()];
            for (const RelationName &partition : key.declaredOn) {
                if (!kept.declaredOn.contains(partition))
                    kept.declaredOn.append(partition);
            }
        }
    }
    return result;
}

namespace {

// Roles from the table alone; `foreignKeyColumns` says which of its columns reference another.
ColumnRoles rolesWithin(const TableInfo &table, const QString &column,
                        const QSet<QString> &foreignKeyColumns)
{
    ColumnRoles roles;
    roles.primaryKey = table.primaryKey.columns.contains(column);
    roles.foreignKey = foreignKeyColumns.contains(column);
    for (const ConstraintInfo &unique : table.uniqueConstraints)
        roles.unique = roles.unique || unique.columns.contains(column);
    const QString quoted = QLatin1Char('"') + column + QLatin1Char('"');
    for (const IndexInfo &index : table.indexes) {
        if (index.primary)
            continue;
        for (const QString &key : index.keys) {
            // A key is the column's name, maybe quoted, maybe followed by DESC / NULLS …
            const QString bare = key.section(QLatin1Char(' '), 0, 0);
            if (bare == column || key == column || bare == quoted
                || key.startsWith(quoted + QLatin1Char(' '))) {
                roles.indexed = true;
                roles.unique = roles.unique || (index.unique && index.keys.size() == 1);
            }
        }
    }
    return roles;
}

} // namespace

ColumnRoles columnRoles(const SchemaSnapshot &snapshot, const TableInfo &table,
                        const QString &column)
{
    QSet<QString> foreignKeyColumns;
    for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
        if (key.fromSchema == table.schema && key.fromTable == table.name)
            foreignKeyColumns.unite(
                QSet<QString>(key.fromColumns.cbegin(), key.fromColumns.cend()));
    }
    return rolesWithin(table, column, foreignKeyColumns);
}

QList<QList<ColumnRoles>> allColumnRoles(const SchemaSnapshot &snapshot)
{
    QHash<QString, QSet<QString>> foreignKeyColumns; // "schema.table" → referencing columns
    for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
        QSet<QString> &columns
            = foreignKeyColumns[key.fromSchema + QLatin1Char('.') + key.fromTable];
        for (const QString &column : key.fromColumns)
            columns.insert(column);
    }
    QList<QList<ColumnRoles>> roles;
    roles.reserve(snapshot.tables.size());
    for (const TableInfo &table : snapshot.tables) {
        const QSet<QString> referencing = foreignKeyColumns.value(table.qualifiedName());
        QList<ColumnRoles> tableRoles;
        tableRoles.reserve(table.columns.size());
        for (const ColumnInfo &column : table.columns)
            tableRoles.append(rolesWithin(table, column.name, referencing));
        roles.append(tableRoles);
    }
    return roles;
}

SchemaSnapshot neighbourhood(const SchemaSnapshot &snapshot, const QString &schema,
                             const QString &table, int depth)
{
    const int start = snapshot.indexOf(schema, table);
    if (start < 0)
        return SchemaSnapshot { snapshot.database, {}, {}, {} };
    QHash<QString, int> indexByName;
    for (int i = 0; i < snapshot.tables.size(); ++i)
        indexByName.insert(snapshot.tables.at(i).qualifiedName(), i);
    QHash<int, QList<int>> adjacent;
    for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
        const int from = indexByName.value(key.fromSchema + QLatin1Char('.') + key.fromTable, -1);
        const int to = indexByName.value(key.toSchema + QLatin1Char('.') + key.toTable, -1);
        if (from < 0 || to < 0)
            continue;
        adjacent[from].append(to);
        adjacent[to].append(from);
    }
    QSet<int> reached { start };
    QList<int> frontier { start };
    for (int hop = 0; hop < depth && !frontier.isEmpty(); ++hop) {
        QList<int> next;
        for (int node : std::as_const(frontier)) {
            for (int neighbour : adjacent.value(node)) {
                if (!reached.contains(neighbour)) {
                    reached.insert(neighbour);
                    next.append(neighbour);
                }
            }
        }
        frontier = next;
    }
    return subset(snapshot, reached);
}

SchemaSnapshot onlySchema(const SchemaSnapshot &snapshot, const QString &schema)
{
    QSet<int> keep;
    for (int i = 0; i < snapshot.tables.size(); ++i) {
        if (snapshot.tables.at(i).schema == schema)
            keep.insert(i);
    }
    SchemaSnapshot result = subset(snapshot, keep);
    if (snapshot.schemas.contains(schema) && !result.schemas.contains(schema))
        result.schemas.append(schema);
    return result;
}

std::pair<QString, QString> splitQualifiedName(const QString &text, const QString &defaultSchema)
{
    const QString trimmed = text.trimmed();
    qsizetype pos = 0;
    const QString first = readIdentifier(trimmed, pos);
    if (pos < trimmed.size() && trimmed.at(pos) == QLatin1Char('.')) {
        ++pos;
        return { first, readIdentifier(trimmed, pos) };
    }
    return { defaultSchema, first };
}

} // namespace bridgescope
