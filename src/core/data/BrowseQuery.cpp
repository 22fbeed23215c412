#include "data/BrowseQuery.h"

#include "catalog/SchemaSnapshot.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace bridgescope {

namespace {

// Every reference goes through the relation's alias: in ORDER BY a bare name would mean the
// select list's column of that name (a text preview), not the table's.
QString columnSql(const QString &name)
{
    return QStringLiteral("r.") + quoteIdentifier(name);
}

QString keySql(const RowKeyPart &part)
{
    return QStringLiteral("r.") + part.expression;
}

Error filterError(const Filter &filter, const QString &problem)
{
    return Error::make(Error::Kind::Usage,
                       QStringLiteral("Filter on %1: %2").arg(filter.column, problem));
}

// Qt's parser wants a document; wrapping the value in [ ] lets it check a scalar too.
std::optional<QString> jsonProblem(const QString &text)
{
    if (text.trimmed().isEmpty())
        return QStringLiteral("a JSON value is needed, such as {\"key\": \"value\"}.");
    QJsonParseError error;
    QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error == QJsonParseError::NoError)
        return std::nullopt;
    return QStringLiteral("the value is not valid JSON (%1 near character %2).")
        .arg(error.errorString())
        .arg(qMax(1, error.offset));
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

QString comparisonSymbol(FilterOp op)
{
    switch (op) {
    case FilterOp::Equal:
        return QStringLiteral("=");
    case FilterOp::NotEqual:
        return QStringLiteral("<>");
    case FilterOp::Less:
        return QStringLiteral("<");
    case FilterOp::LessOrEqual:
        return QStringLiteral("<=");
    case FilterOp::Greater:
        return QStringLiteral(">");
    case FilterOp::GreaterOrEqual:
        return QStringLiteral(">=");
    case FilterOp::JsonContains:
    case FilterOp::ArrayContains:
        return QStringLiteral("@>");
    case FilterOp::JsonPathExists:
        return QStringLiteral("@?");
    case FilterOp::ArrayOverlaps:
        return QStringLiteral("&&");
    default:
        return {};
    }
}

Result<QString> filterSql(const BrowseTable &table, const Filter &filter, BoundSql &statement)
{
    const int index = table.columnIndex(filter.column);
    if (index < 0)
        return std::unexpected(filterError(filter, QStringLiteral("there is no such column.")));
    const BrowseColumn &column = table.columns[index];
    if (!filterOpsFor(column.kind).contains(filter.op))
        return std::unexpected(filterError(filter,
                                           QStringLiteral("\"%1\" does not apply to a %2 column.")
                                               .arg(filterOpLabel(filter.op), column.type)));
    const QString name = columnSql(column.name);
    const QString cast = QStringLiteral("::") + column.type;
    switch (filter.op) {
    case FilterOp::IsNull:
        return name + QStringLiteral(" IS NULL");
    case FilterOp::IsNotNull:
        return name + QStringLiteral(" IS NOT NULL");
    case FilterOp::Contains:
        return QStringLiteral("%1::text ILIKE %2")
            .arg(name, statement.bind(likePattern(filter.value)));
    case FilterOp::Between: {
        if (filter.value.trimmed().isEmpty() && filter.value2.trimmed().isEmpty())
            return std::unexpected(
                filterError(filter, QStringLiteral("give a start, an end, or both.")));
        QStringList parts;
        if (!filter.value.trimmed().isEmpty())
            parts << QStringLiteral("%1 >= %2%3").arg(name, statement.bind(filter.value), cast);
        if (!filter.value2.trimmed().isEmpty())
            parts << QStringLiteral("%1 < %2%3").arg(name, statement.bind(filter.value2), cast);
        return parts.join(QStringLiteral(" AND "));
    }
    case FilterOp::JsonContains:
        if (auto problem = jsonProblem(filter.value))
            return std::unexpected(filterError(filter, *problem));
        return QStringLiteral("%1 @> %2::jsonb").arg(name, statement.bind(filter.value));
    case FilterOp::JsonPathExists:
        if (filter.value.trimmed().isEmpty())
            return std::unexpected(filterError(
                filter, QStringLiteral("a JSON path is needed, such as $.retries ? (@ > 2).")));
        return QStringLiteral("%1 @? %2::jsonpath").arg(name, statement.bind(filter.value));
    case FilterOp::ArrayContains:
    case FilterOp::ArrayOverlaps: {
        const QString literal = arrayLiteral(filter.value);
        if (literal.isEmpty())
            return std::unexpected(filterError(
                filter, QStringLiteral("list the values, separated by commas: a, b, c.")));
        return QStringLiteral("%1 %2 %3%4")
            .arg(name, comparisonSymbol(filter.op), statement.bind(literal), cast);
    }
    default:
        if (column.kind == ColumnKind::Jsonb)
            if (auto problem = jsonProblem(filter.value))
                return std::unexpected(filterError(filter, *problem));
        return QStringLiteral("%1 %2 %3%4")
            .arg(name, comparisonSymbol(filter.op), statement.bind(filter.value), cast);
    }
}

QString directionSql(bool ascending)
{
    return ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
}

// varchar(n) and char(n) with n within the preview: never cut, so left() would only cost the
// server time (a fifth of a scan of workflow_executions).
bool fitsPreview(const QString &type)
{
    static const QRegularExpression bounded(
        QStringLiteral("^(character varying|character|bit varying|bit)\\((\\d+)\\)$"));
    const QRegularExpressionMatch match = bounded.match(type);
    return match.hasMatch() && match.captured(2).toInt() <= kPreviewChars;
}

QString previewSql(const BrowseColumn &column)
{
    const QString name = columnSql(column.name);
    if (column.kind == ColumnKind::Bytea)
        return QStringLiteral("octet_length(%1)::text || ':' || encode(substring(%1 from 1 for "
                              "%2), 'hex')")
            .arg(name)
            .arg(kByteaPreviewBytes);
    if (mayBeLarge(column.kind) && !fitsPreview(column.type))
        return QStringLiteral("left(%1::text, %2)").arg(name).arg(kPreviewChars + 1);
    return name + QStringLiteral("::text");
}

// The session may have bytea_output = escape (Qt's driver sets it): hex is spelt out.
QString wholeSql(const BrowseColumn &column)
{
    const QString name = columnSql(column.name);
    if (column.kind == ColumnKind::Bytea)
        return QStringLiteral("'\\x' || encode(%1, 'hex')").arg(name);
    return name + QStringLiteral("::text");
}

} // namespace

int BrowseTable::columnIndex(const QString &column) const
{
    for (int index = 0; index < columns.size(); ++index)
        if (columns[index].name == column)
            return index;
    return -1;
}

QString BrowseTable::qualifiedName() const
{
    return quoteQualified(schema, name);
}

QString BrowseTable::fromSql() const
{
    return qualifiedName() + QStringLiteral(" AS r");
}

QString BrowseTable::pagingDescription() const
{
    if (!primaryKey.isEmpty())
        return QStringLiteral("paged by primary key (%1)")
            .arg(primaryKey.join(QStringLiteral(", ")));
    if (key.isEmpty() && !unreadableColumns.isEmpty())
        return QStringLiteral("paged by OFFSET, which reads every row before the page: the role "
                              "may not read the table's key");
    if (key.isEmpty())
        return QStringLiteral("no key: paged by OFFSET, which reads every row before the page");
    return QStringLiteral("no primary key: paged by physical row position (%1), which an UPDATE "
                          "changes")
        .arg(key.size() == 1 ? QStringLiteral("ctid") : QStringLiteral("tableoid, ctid"));
}

BrowseTable browseTableFrom(const TableInfo &table, const QList<ForeignKeyInfo> &foreignKeys)
{
    BrowseTable browse;
    browse.schema = table.schema;
    browse.name = table.name;
    for (const ColumnInfo &column : table.columns)
        browse.columns.append(
            { column.name, column.type, columnKindOf(column.type), column.notNull });
    if (!table.primaryKey.name.isEmpty()) {
        browse.primaryKey = table.primaryKey.columns;
        for (const QString &name : table.primaryKey.columns)
            browse.key.append(
                { quoteIdentifier(name),
                  table.column(name) ? table.column(name)->type : QStringLiteral("text") });
    }
    browse.partitions = table.partitions;
    for (const ForeignKeyInfo &key : foreignKeys) {
        if (key.fromSchema == table.schema && key.fromTable == table.name)
            browse.references << key;
        if (key.toSchema == table.schema && key.toTable == table.name)
            browse.referencedBy << key;
    }
    if (!browse.primaryKey.isEmpty())
        return browse;
    if (table.kind == RelationKind::PartitionedTable) {
        browse.key = { { QStringLiteral("tableoid"), QStringLiteral("oid") },
                       { QStringLiteral("ctid"), QStringLiteral("tid") } };
    } else if (table.kind == RelationKind::Table || table.kind == RelationKind::MaterializedView) {
        browse.key = { { QStringLiteral("ctid"), QStringLiteral("tid") } };
    }
    return browse;
}

BrowseTable browsePartition(const TableInfo &root, const RelationName &partition,
                            const QList<ForeignKeyInfo> &foreignKeys)
{
    // A partition has its table's columns, and its key (as a partition of it) and foreign keys
    // apply to its rows. Without a key it is paged by (tableoid, ctid): it may be partitioned
    // itself.
    TableInfo table = root;
    table.schema = partition.schema;
    table.name = partition.name;
    // table.partitions stays: the partition's siblings, offered beside it in the Data tab.
    QList<ForeignKeyInfo> keys;
    for (ForeignKeyInfo key : foreignKeys) {
        const bool fromRoot = key.fromSchema == root.schema && key.fromTable == root.name;
        // A key that other partitions declare does not bind this one's rows.
        if (fromRoot && !key.declaredOn.isEmpty() && !key.declaredOn.contains(partition))
            continue;
        if (fromRoot) {
            key.fromSchema = partition.schema;
            key.fromTable = partition.name;
        }
        keys << key;
    }
    BrowseTable browse = browseTableFrom(table, keys);
    browse.partitionOf = RelationName { root.schema, root.name };
    return browse;
}

QString filterOpLabel(FilterOp op)
{
    switch (op) {
    case FilterOp::IsNull:
        return QStringLiteral("is null");
    case FilterOp::IsNotNull:
        return QStringLiteral("is not null");
    case FilterOp::Contains:
        return QStringLiteral("contains");
    case FilterOp::Between:
        return QStringLiteral("in range");
    default:
        return comparisonSymbol(op);
    }
}

int filterOpValueCount(FilterOp op)
{
    switch (op) {
    case FilterOp::IsNull:
    case FilterOp::IsNotNull:
        return 0;
    case FilterOp::Between:
        return 2;
    default:
        return 1;
    }
}

QList<FilterOp> filterOpsFor(ColumnKind kind)
{
    using F = FilterOp;
    const QList<F> comparisons { F::Equal,       F::NotEqual, F::Less,
                                 F::LessOrEqual, F::Greater,  F::GreaterOrEqual };
    const QList<F> nulls { F::IsNull, F::IsNotNull };
    switch (kind) {
    case ColumnKind::Number:
    case ColumnKind::Date:
    case ColumnKind::Time:
    case ColumnKind::Timestamp:
    case ColumnKind::TimestampTz:
        return comparisons + QList<F> { F::Between } + nulls;
    case ColumnKind::Jsonb:
        return QList<F> { F::JsonContains, F::JsonPathExists, F::Equal, F::NotEqual, F::Contains }
        + nulls;
    case ColumnKind::Json:
        return QList<F> { F::Contains } + nulls;
    case ColumnKind::TextArray:
    case ColumnKind::UuidArray:
    case ColumnKind::OtherArray:
        return QList<F> { F::ArrayContains, F::ArrayOverlaps, F::Equal, F::Contains } + nulls;
    case ColumnKind::Bytea:
        return nulls;
    case ColumnKind::Boolean:
        return QList<F> { F::Equal, F::NotEqual } + nulls;
    default:
        return comparisons + QList<F> { F::Contains } + nulls;
    }
}

QString Filter::describe() const
{
    switch (filterOpValueCount(op)) {
    case 0:
        return QStringLiteral("%1 %2").arg(column, filterOpLabel(op));
    case 2:
        return QStringLiteral("%1 in [%2, %3)")
            .arg(column, value.isEmpty() ? QStringLiteral("…") : value,
                 value2.isEmpty() ? QStringLiteral("…") : value2);
    default:
        return QStringLiteral("%1 %2 %3").arg(column, filterOpLabel(op), value);
    }
}

namespace {

Result<QStringList> filterConditions(const BrowseSpec &spec, BoundSql &statement)
{
    QStringList conditions;
    for (const Filter &filter : spec.filters) {
        Result<QString> condition = filterSql(spec.table, filter, statement);
        if (!condition)
            return std::unexpected(condition.error());
        conditions << QLatin1Char('(') + *condition + QLatin1Char(')');
    }
    return conditions;
}

QString whereOf(const QStringList &conditions)
{
    return conditions.isEmpty()
        ? QString()
        : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

} // namespace

Result<QString> whereSql(const BrowseSpec &spec, BoundSql &statement)
{
    Result<QStringList> conditions = filterConditions(spec, statement);
    if (!conditions)
        return std::unexpected(conditions.error());
    return whereOf(*conditions);
}

Result<QString> browseSqlText(const BrowseSpec &spec)
{
    BoundSql statement;
    Result<QString> where = whereSql(spec, statement);
    if (!where)
        return std::unexpected(where.error());
    QString sql = QStringLiteral("SELECT * FROM ") + spec.table.fromSql();
    if (!where->isEmpty())
        sql += QLatin1Char(' ') + where->trimmed();
    QStringList order;
    if (spec.sort)
        order << QStringLiteral("r.%1%2").arg(quoteIdentifier(spec.sort->column),
                                              spec.sort->descending ? QStringLiteral(" DESC")
                                                                    : QString());
    for (const QString &column : spec.table.primaryKey)
        if (!spec.sort || column != spec.sort->column)
            order << QStringLiteral("r.%1").arg(quoteIdentifier(column));
    if (!order.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
    return inlineParameters(BoundSql { sql, statement.params, {} });
}

QString arrayLiteral(const QString &text)
{
    QString body = text.trimmed();
    QStringList elements;
    if (body.startsWith(QLatin1Char('{'))) {
        if (!body.endsWith(QLatin1Char('}')))
            return {};
        return body; // already PostgreSQL's own syntax: the server checks it
    }
    for (const QString &part : body.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString element = part.trimmed();
        element.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        element.replace(QLatin1Char('"'), QLatin1String("\\\""));
        elements << QLatin1Char('"') + element + QLatin1Char('"');
    }
    if (elements.isEmpty())
        return {};
    return QLatin1Char('{') + elements.join(QLatin1Char(',')) + QLatin1Char('}');
}

int previewColumnCount(const BrowseSpec &spec)
{
    return int(spec.table.columns.size());
}

RowKey rowKeyOf(const BrowseSpec &spec, const CellTable &rows, int row)
{
    RowKey key;
    int at = previewColumnCount(spec);
    if (spec.sort)
        key.sort = rows.cell(row, at++);
    for (int part = 0; part < spec.table.key.size(); ++part)
        key.key.append(rows.cell(row, at++).value_or(QByteArray()));
    return key;
}

Result<BlockQuery> blockQuery(const BrowseSpec &spec, const BlockStart &start, bool backward,
                              CellValues values)
{
    const BrowseTable &table = spec.table;
    QStringList select;
    for (const BrowseColumn &column : table.columns)
        select << (values == CellValues::Preview ? previewSql(column) : wholeSql(column));
    const BrowseColumn *sortColumn = nullptr;
    if (spec.sort) {
        const int index = table.columnIndex(spec.sort->column);
        if (index < 0)
            return fail(
                Error::Kind::Usage,
                QStringLiteral("There is no column \"%1\" to sort by.").arg(spec.sort->column));
        sortColumn = &table.columns[index];
        if (!isSortable(sortColumn->kind, sortColumn->type))
            return fail(
                Error::Kind::Usage,
                QStringLiteral("A %1 column has no order to sort by.").arg(sortColumn->type));
        select << columnSql(sortColumn->name) + QStringLiteral("::text");
    }
    for (const RowKeyPart &part : table.key)
        select << keySql(part) + QStringLiteral("::text");

    const bool ascending = (spec.sort && spec.sort->descending) == backward;
    const QString direction = directionSql(ascending);
    QStringList keyOrder;
    for (const RowKeyPart &part : table.key)
        keyOrder << keySql(part) + QLatin1Char(' ') + direction;
    const QString sortSql = sortColumn ? columnSql(sortColumn->name) : QString();

    const QString from = QStringLiteral("SELECT %1 FROM %2")
                             .arg(select.join(QStringLiteral(", ")), table.fromSql());
    auto finish = [&](BoundSql &statement, const QStringList &conditions,
                      const QStringList &orderBy) {
        statement.sql = from + whereOf(conditions);
        if (!orderBy.isEmpty())
            statement.sql += QStringLiteral(" ORDER BY ") + orderBy.join(QStringLiteral(", "));
    };

    BlockQuery query;
    // No key (a view), or a jump into the middle: one statement with OFFSET.
    if (table.key.isEmpty() || !start.after) {
        BoundSql statement;
        Result<QStringList> conditions = filterConditions(spec, statement);
        if (!conditions)
            return std::unexpected(conditions.error());
        QStringList orderBy;
        if (sortColumn)
            orderBy << sortSql + QLatin1Char(' ') + direction;
        orderBy << keyOrder;
        finish(statement, *conditions, orderBy);
        query.offset = start.offset;
        query.segments << statement;
        return query;
    }

    const RowKey &after = *start.after;
    const QString comparison
        = QLatin1String(ascending ? ">" : "<") + QLatin1String(start.inclusive ? "=" : "");
    auto keyTuple = [&](BoundSql &statement, bool withSort) {
        QStringList columns, values;
        if (withSort) {
            columns << sortSql;
            values << statement.bind(QString::fromUtf8(*after.sort)) + QStringLiteral("::")
                    + sortColumn->type;
        }
        // A jump to a sort value (from its statistics) without a key starts at the first row
        // holding it: the sort column alone, without a key to break the tie.
        const int keyParts = after.key.isEmpty() && withSort ? 0 : int(table.key.size());
        for (int part = 0; part < keyParts; ++part) {
            columns << keySql(table.key[part]);
            values << statement.bind(QString::fromUtf8(after.key.value(part)))
                    + QStringLiteral("::") + table.key[part].type;
        }
        return QStringLiteral("(%1) %2 (%3)")
            .arg(columns.join(QStringLiteral(", ")), comparison, values.join(QStringLiteral(", ")));
    };

    // Segments in the order PostgreSQL returns them: NULLs after the values ascending,
    // before them descending. Each is read from the one holding `after` onward.
    const bool nullable = sortColumn && !sortColumn->notNull;
    enum class Segment { Values, Nulls };
    QList<Segment> order { Segment::Values };
    if (nullable)
        order = ascending ? QList<Segment> { Segment::Values, Segment::Nulls }
                          : QList<Segment> { Segment::Nulls, Segment::Values };
    const Segment startSegment = (sortColumn && !after.sort) ? Segment::Nulls : Segment::Values;
    bool reached = false;
    for (Segment segment : order) {
        const bool first = !reached && segment == startSegment;
        if (!first && !reached)
            continue;
        reached = true;
        BoundSql statement;
        Result<QStringList> conditions = filterConditions(spec, statement);
        if (!conditions)
            return std::unexpected(conditions.error());
        QStringList orderBy;
        if (segment == Segment::Values && sortColumn) {
            if (nullable)
                *conditions << sortSql + QStringLiteral(" IS NOT NULL");
            if (first)
                *conditions << keyTuple(statement, true);
            orderBy << sortSql + QLatin1Char(' ') + direction;
        } else if (segment == Segment::Nulls) {
            *conditions << sortSql + QStringLiteral(" IS NULL");
            if (first && !after.key.isEmpty()) // without a key: a jump to the NULLs' first
                *conditions << keyTuple(statement, false);
        } else if (first) {
            *conditions << keyTuple(statement, false);
        }
        orderBy << keyOrder;
        finish(statement, *conditions, orderBy);
        query.segments << statement;
    }
    return query;
}

} // namespace bridgescope
