#include "catalog/SchemaJson.h"

#include <QJsonArray>
#include <QLocale>
#include <QTextStream>

namespace bridgescope {

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue countOrNull(qint64 value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(double(value));
}

QJsonObject constraintToJson(const ConstraintInfo &constraint)
{
    return { { QStringLiteral("name"), constraint.name },
             { QStringLiteral("columns"), QJsonArray::fromStringList(constraint.columns) },
             { QStringLiteral("definition"), constraint.definition } };
}

QJsonObject tableToJson(const TableInfo &table)
{
    QJsonArray columns;
    for (const ColumnInfo &column : table.columns) {
        columns.append(QJsonObject {
            { QStringLiteral("name"), column.name },
            { QStringLiteral("type"), column.type },
            { QStringLiteral("not_null"), column.notNull },
            { QStringLiteral("default"), textOrNull(column.defaultExpression) },
            { QStringLiteral("identity"), textOrNull(column.identity) },
            { QStringLiteral("generated"), column.isGenerated() },
            { QStringLiteral("generated_kind"), textOrNull(column.generated) },
            { QStringLiteral("generation_expression"), textOrNull(column.generationExpression) },
            { QStringLiteral("not_null_constraint"), textOrNull(column.notNullConstraint) },
            { QStringLiteral("comment"), textOrNull(column.comment) },
        });
    }
    QJsonArray uniques;
    for (const ConstraintInfo &unique : table.uniqueConstraints)
        uniques.append(constraintToJson(unique));
    QJsonArray checks;
    for (const ConstraintInfo &check : table.checkConstraints)
        checks.append(constraintToJson(check));
    QJsonArray indexes;
    for (const IndexInfo &index : table.indexes) {
        indexes.append(QJsonObject {
            { QStringLiteral("name"), index.name },
            { QStringLiteral("method"), index.method },
            { QStringLiteral("keys"), QJsonArray::fromStringList(index.keys) },
            { QStringLiteral("predicate"), textOrNull(index.predicate) },
            { QStringLiteral("unique"), index.unique },
            { QStringLiteral("primary"), index.primary },
            { QStringLiteral("definition"), index.definition },
        });
    }
    return {
        { QStringLiteral("schema"), table.schema },
        { QStringLiteral("name"), table.name },
        { QStringLiteral("kind"), relationKindName(table.kind) },
        { QStringLiteral("comment"), textOrNull(table.comment) },
        { QStringLiteral("estimated_rows"), countOrNull(table.estimatedRows) },
        { QStringLiteral("total_bytes"), countOrNull(table.totalBytes) },
        { QStringLiteral("readable"), table.readable },
        { QStringLiteral("partitions"), QJsonArray::fromStringList(table.partitionNames()) },
        { QStringLiteral("columns"), columns },
        { QStringLiteral("primary_key"),
          table.primaryKey.name.isEmpty() ? QJsonValue(QJsonValue::Null)
                                          : QJsonValue(constraintToJson(table.primaryKey)) },
        { QStringLiteral("unique_constraints"), uniques },
        { QStringLiteral("check_constraints"), checks },
        { QStringLiteral("indexes"), indexes },
    };
}

QJsonObject keyEndToJson(const QString &schema, const QString &table, const QStringList &columns)
{
    return { { QStringLiteral("schema"), schema },
             { QStringLiteral("table"), table },
             { QStringLiteral("columns"), QJsonArray::fromStringList(columns) } };
}

// A key's columns as its definition writes them: a temporal key's last one with PERIOD.
QString keyColumns(const QStringList &columns, bool period)
{
    QStringList written = columns;
    if (period && !written.isEmpty())
        written.last().prepend(QStringLiteral("PERIOD "));
    return written.join(QStringLiteral(", "));
}

QString describeSize(qint64 bytes)
{
    return bytes < 0 ? QString() : QLocale::c().formattedDataSize(bytes);
}

} // namespace

QJsonObject schemaToJson(const SchemaSnapshot &snapshot)
{
    QJsonArray tables;
    for (const TableInfo &table : snapshot.tables)
        tables.append(tableToJson(table));
    QJsonArray keys;
    for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
        keys.append(QJsonObject {
            { QStringLiteral("name"), key.name },
            { QStringLiteral("from"),
              keyEndToJson(key.fromSchema, key.fromTable, key.fromColumns) },
            { QStringLiteral("to"), keyEndToJson(key.toSchema, key.toTable, key.toColumns) },
            { QStringLiteral("on_delete"), key.onDelete },
            { QStringLiteral("on_update"), key.onUpdate },
            { QStringLiteral("period"), key.period },
            // The partition that declares the key itself; null for a key of the table.
            { QStringLiteral("declared_on"),
              key.declaredOn.isEmpty() ? QJsonValue(QJsonValue::Null)
                                       : QJsonValue(key.declaredOn.first().qualifiedName()) },
        });
    }
    return { { QStringLiteral("format"), 1 },
             { QStringLiteral("database"), snapshot.database },
             { QStringLiteral("schemas"), QJsonArray::fromStringList(snapshot.schemas) },
             { QStringLiteral("tables"), tables },
             { QStringLiteral("foreign_keys"), keys } };
}

QString schemaToText(const SchemaSnapshot &snapshot)
{
    QString text;
    QTextStream out(&text);
    if (snapshot.tables.isEmpty())
        out << "No tables or views in "
            << (snapshot.schemas.isEmpty() ? QStringLiteral("any user schema")
                                           : snapshot.schemas.join(QStringLiteral(", ")))
            << ".\n";
    const QList<QList<ColumnRoles>> roles = allColumnRoles(snapshot);
    for (int t = 0; t < snapshot.tables.size(); ++t) {
        const TableInfo &table = snapshot.tables.at(t);
        QStringList facts { relationKindName(table.kind) };
        if (table.estimatedRows >= 0)
            facts << QStringLiteral("~%1 rows").arg(QLocale::c().toString(table.estimatedRows));
        if (table.totalBytes >= 0)
            facts << describeSize(table.totalBytes);
        if (!table.partitions.isEmpty())
            facts << QStringLiteral("%1 partitions").arg(table.partitions.size());
        if (!table.readable)
            facts << QStringLiteral("no SELECT privilege");
        out << table.qualifiedName() << "  (" << facts.join(QStringLiteral(", ")) << ")\n";
        if (!table.comment.isEmpty())
            out << "  -- " << table.comment << '\n';
        for (int c = 0; c < table.columns.size(); ++c) {
            const ColumnInfo &column = table.columns.at(c);
            const ColumnRoles &role = roles.at(t).at(c);
            QStringList marks;
            if (role.primaryKey)
                marks << QStringLiteral("PK");
            if (role.foreignKey)
                marks << QStringLiteral("FK");
            if (role.unique)
                marks << QStringLiteral("UK");
            out << "  " << column.name.leftJustified(28) << ' ' << column.type.leftJustified(28)
                << (column.notNull ? " not null" : "         ");
            if (!column.notNullConstraint.isEmpty())
                out << " (constraint " << column.notNullConstraint << ')';
            if (const QString source = column.valueSource(); !source.isEmpty())
                out << ' ' << source;
            if (!marks.isEmpty())
                out << "  [" << marks.join(QLatin1Char(' ')) << ']';
            out << '\n';
        }
        // The keys' own definitions: a temporal key's WITHOUT OVERLAPS is in no index's.
        if (!table.primaryKey.name.isEmpty())
            out << "  primary key " << table.primaryKey.name << ' ' << table.primaryKey.definition
                << '\n';
        for (const ConstraintInfo &unique : table.uniqueConstraints)
            out << "  unique " << unique.name << ' ' << unique.definition << '\n';
        for (const IndexInfo &index : table.indexes)
            out << "  index " << index.definition << '\n';
        for (const ConstraintInfo &check : table.checkConstraints)
            out << "  check " << check.name << ' ' << check.definition << '\n';
        for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
            if (key.fromSchema == table.schema && key.fromTable == table.name)
                out << "  fk (" << keyColumns(key.fromColumns, key.period) << ") -> "
                    << key.toSchema << '.' << key.toTable << " ("
                    << keyColumns(key.toColumns, key.period) << ") ON DELETE " << key.onDelete
                    << " ON UPDATE " << key.onUpdate
                    << (key.declaredOn.isEmpty() ? QString()
                                                 : QStringLiteral(" (declared on %1)")
                                                       .arg(key.declaredOn.first().qualifiedName()))
                    << '\n';
        }
        out << '\n';
    }
    return text;
}

} // namespace bridgescope
