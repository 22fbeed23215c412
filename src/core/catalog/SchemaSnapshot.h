#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace bridgescope {

// The live catalog as plain values: what the ER diagram draws and `bridgescope schema`
// prints. Read by CatalogReader; nothing here touches the database.

struct ColumnInfo
{
    QString name;
    QString type; // as PostgreSQL formats it: "character varying(255)", "uuid[]"
    bool notNull = false;
    QString defaultExpression; // empty when none (and for a generated column)
    QString comment;
    QString identity; // "ALWAYS", "BY DEFAULT" or empty
    // A generated column: "STORED" or "VIRTUAL" (PostgreSQL 18), and its expression; else empty.
    QString generated;
    QString generationExpression;
    // PostgreSQL 18 records NOT NULL as a constraint: its name where the user chose one (not the
    // "<table>_<column>_not_null" the server gives). Empty otherwise, and before 18.
    QString notNullConstraint;

    bool isGenerated() const { return !generated.isEmpty(); }
    // How the column gets its value, in the words of CREATE TABLE: "default now()", "generated
    // always as identity", "generated always as (price * 2) stored"; empty when none.
    QString valueSource() const;
};

struct IndexInfo
{
    QString name;
    QString method; // "btree", "gin", "gist", "hash", "brin", …
    QStringList keys; // column names or expressions, with " DESC" / " NULLS FIRST" as declared
    QString predicate; // a partial index's WHERE, empty otherwise
    bool unique = false;
    bool primary = false;
    QString definition; // pg_get_indexdef
};

struct ConstraintInfo
{
    QString name;
    QStringList columns;
    QString definition; // pg_get_constraintdef: "CHECK ((status)::text = ANY (…))"
};

// A relation by schema and name, for the partitions folded under a table.
struct RelationName
{
    QString schema;
    QString name;

    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
    bool operator==(const RelationName &) const = default;
};

struct ForeignKeyInfo
{
    QString name;
    QString fromSchema, fromTable;
    QStringList fromColumns;
    QString toSchema, toTable;
    QStringList toColumns;
    QString onDelete; // "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"
    QString onUpdate;
    // A temporal key (PostgreSQL 18): the last columns are compared with PERIOD, as ranges.
    bool period = false;
    // A key that partitions declare themselves (not inherited from the partitioned table) is
    // folded onto the partitioned table; these are the partitions that declare it. Empty for a
    // key declared on the table itself. A referenced partition is folded onto its root too.
    QList<RelationName> declaredOn;

    bool isSelfReference() const { return fromSchema == toSchema && fromTable == toTable; }
};

enum class RelationKind { Table, PartitionedTable, View, MaterializedView, ForeignTable };

QString relationKindName(RelationKind kind); // "table", "partitioned table", "view", …

struct TableInfo
{
    QString schema;
    QString name;
    RelationKind kind = RelationKind::Table;
    QString comment;
    QList<ColumnInfo> columns;
    ConstraintInfo primaryKey; // name empty when the table has none
    QList<ConstraintInfo> uniqueConstraints;
    QList<ConstraintInfo> checkConstraints;
    QList<IndexInfo> indexes;
    QList<RelationName> partitions; // each partition folded under this table, by name
    QStringList partitionNames() const; // "schema.name" of each
    qint64 estimatedRows = -1; // pg_class.reltuples; -1 when never analyzed
    qint64 totalBytes = -1; // heap, indexes and TOAST (of every partition); -1 for views
    bool readable = true; // the current user may SELECT from it

    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
    const ColumnInfo *column(const QString &columnName) const;
};

struct SchemaSnapshot
{
    QString database;
    QStringList schemas; // the user schemas read, sorted
    QList<TableInfo> tables; // sorted by schema, then name
    QList<ForeignKeyInfo> foreignKeys; // sorted by referencing table, then name

    const TableInfo *table(const QString &schema, const QString &name) const;
    // The table that schema.name is folded under as a partition; nullptr when it is none.
    const TableInfo *partitionRoot(const QString &schema, const QString &name) const;
    int indexOf(const QString &schema, const QString &name) const; // -1 when absent
};

// What a column is to its table, for the diagram's badges.
struct ColumnRoles
{
    bool primaryKey = false;
    bool foreignKey = false;
    bool unique = false; // in a unique constraint or a unique index
    bool indexed = false; // a key of any index (other than the primary key's)
};
ColumnRoles columnRoles(const SchemaSnapshot &snapshot, const TableInfo &table,
                        const QString &column);
// The roles of every column of every table, in snapshot order: one pass over the keys instead
// of one per column (a 1,000-table, 2,000-key schema has ~10,000 columns).
QList<QList<ColumnRoles>> allColumnRoles(const SchemaSnapshot &snapshot);

// The tables within `depth` foreign-key hops of schema.table (either direction) and the keys
// between them; an empty snapshot when the table is not there.
SchemaSnapshot neighbourhood(const SchemaSnapshot &snapshot, const QString &schema,
                             const QString &table, int depth);

// The keys as the diagram draws them: keys that several partitions declare alike (same columns,
// same referenced table and columns, same actions) become one, with every partition in
// declaredOn. Keys declared on tables themselves are kept as they are. Order is kept.
QList<ForeignKeyInfo> distinctForeignKeys(const QList<ForeignKeyInfo> &keys);

// Only the tables of one schema, and the keys among them.
SchemaSnapshot onlySchema(const SchemaSnapshot &snapshot, const QString &schema);

// "public.workflow_steps" or "public.\"Odd Name\"" split into (schema, name); a bare name
// gets `defaultSchema`. Quotes are honoured as PostgreSQL would read them.
std::pair<QString, QString>
splitQualifiedName(const QString &text, const QString &defaultSchema = QStringLiteral("public"));

} // namespace bridgescope
