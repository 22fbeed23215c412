#pragma once

#include "Error.h"
#include "catalog/SchemaSnapshot.h"
#include "connection/PgQuery.h"
#include "data/ColumnKind.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace bridgescope {

struct BrowseColumn
{
    QString name;
    QString type; // format_type(): also the cast a bound value gets
    ColumnKind kind = ColumnKind::Text;
    bool notNull = false;
};

// What makes a row's position unique in the order: the primary key, or where there is none
// the physical position (ctid; with tableoid for a partitioned table). A view has neither and
// is paged by OFFSET.
struct RowKeyPart
{
    QString expression; // SQL on the relation's alias r: "\"id\"", "ctid", "tableoid"
    QString type; // the cast for a bound value: "uuid", "tid", "oid"
};

struct BrowseTable
{
    QString schema;
    QString name;
    QList<BrowseColumn> columns;
    QList<RowKeyPart> key; // empty: paged by OFFSET
    QStringList primaryKey; // column names; empty when the table has none
    QList<ForeignKeyInfo> references; // this table's foreign keys
    QList<ForeignKeyInfo> referencedBy; // foreign keys (in the same schema) that point here
    QList<RelationName> partitions; // a partitioned table's partitions (a partition's siblings)
    RelationName partitionOf; // for a partition, the partitioned table it belongs to
    // Columns the role may not read (it holds SELECT on some columns only): left out of the grid.
    QStringList unreadableColumns;

    int columnIndex(const QString &column) const; // -1 when absent
    QString qualifiedName() const; // quoted, for SQL
    QString fromSql() const; // "schema"."name" AS r: columns are referred to as r."col"
    // For the status bar: "paged by primary key (id)", "no primary key: paged by ctid …".
    QString pagingDescription() const;
};

BrowseTable browseTableFrom(const TableInfo &table, const QList<ForeignKeyInfo> &foreignKeys = {});
// One partition of `root` on its own: the root's columns and key, its own foreign keys and the
// root's, partitionOf set, and the root's partitions (its siblings and itself) in partitions.
BrowseTable browsePartition(const TableInfo &root, const RelationName &partition,
                            const QList<ForeignKeyInfo> &foreignKeys);

enum class FilterOp {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    IsNull,
    IsNotNull,
    Contains, // text contains, case-insensitive (ILIKE with the value's wildcards escaped)
    Between, // a half-open range [value, value2): timestamps and numbers
    JsonContains, // jsonb @> value
    JsonPathExists, // jsonb @? value
    ArrayContains, // array @> value
    ArrayOverlaps, // array && value
};

QString filterOpLabel(FilterOp op); // "=", "is null", "contains", "in range", "@>", "@?", "&&"
int filterOpValueCount(FilterOp op); // 0, 1 or 2
QList<FilterOp> filterOpsFor(ColumnKind kind);

struct Filter
{
    QString column;
    FilterOp op = FilterOp::Equal;
    QString value;
    QString value2; // the end of a Between range
    QString describe() const; // "status = 'FAILED'", "metadata @> {…}"
};

struct SortOrder
{
    QString column;
    bool descending = false;
};

struct BrowseSpec
{
    BrowseTable table;
    std::optional<SortOrder> sort; // none: the key's order
    QList<Filter> filters; // all must hold
};

// "WHERE …" (empty without filters) with every value bound into `statement`. A filter that
// cannot work (unknown column, operator unfit for the type, JSON that does not parse, an
// array literal that does not close) is an Error of kind Usage naming the filter.
Result<QString> whereSql(const BrowseSpec &spec, BoundSql &statement);

// The SELECT a person would type for what the grid shows (every column, the filters with their
// values written in as literals, the sort and then the primary key): "Open in console".
Result<QString> browseSqlText(const BrowseSpec &spec);

// "a, b, c d" or "{a,b,\"c d\"}" → a PostgreSQL array literal with each element quoted.
QString arrayLiteral(const QString &text);

// A row's place in the order: the sort column's value and the key's, in text format.
struct RowKey
{
    SqlText sort; // unused when there is no sort column
    QList<QByteArray> key;
};

// Where a block starts: after (or at) a row, or at an offset from the start of the order.
struct BlockStart
{
    std::optional<RowKey> after;
    bool inclusive = false;
    qint64 offset = 0; // used without `after`
};

// The statements that read one block: keyset paging runs a sort column's non-NULL and NULL
// rows as two segments (PostgreSQL puts NULLs last ascending, first descending), each of
// which an index on (column) or (column, key) serves; without a key it is OFFSET paging.
// `backward` reads toward the start (for the end of the table and scrolling up).
struct BlockQuery
{
    QList<BoundSql> segments; // run in order, each with " LIMIT n", until a block is read
    qint64 offset = 0; // for the first segment
};
// Preview: each cell cut on the server (kPreviewChars, bytea to its length and first bytes), for
// the grid. Whole: every value as it is (bytea as \x hex), for Copy.
enum class CellValues { Preview, Whole };
Result<BlockQuery> blockQuery(const BrowseSpec &spec, const BlockStart &start, bool backward,
                              CellValues values = CellValues::Preview);

// The columns a block's rows hold, in order: one preview per table column, then the sort
// value (when sorted by a column) and the key parts.
int previewColumnCount(const BrowseSpec &spec);
RowKey rowKeyOf(const BrowseSpec &spec, const CellTable &rows, int row);

// A cell's preview is cut to this many characters on the server; the detail panel reads all.
constexpr int kPreviewChars = 1000;
constexpr int kByteaPreviewBytes = 32;

} // namespace bridgescope
