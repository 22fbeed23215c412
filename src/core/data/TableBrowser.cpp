#include "data/TableBrowser.h"

#include "catalog/CatalogReader.h"
#include "connection/Session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace bridgescope {

namespace {

void collectIndexNames(const QJsonObject &node, QStringList &names, bool &scans)
{
    const QString name = node.value(QLatin1String("Index Name")).toString();
    if (!name.isEmpty() && !names.contains(name))
        names << name;
    if (node.value(QLatin1String("Node Type")).toString() == QLatin1String("Seq Scan"))
        scans = true;
    const QJsonArray children = node.value(QLatin1String("Plans")).toArray();
    for (const QJsonValue &child : children)
        collectIndexNames(child.toObject(), names, scans);
}

// EXPLAIN (FORMAT JSON) of the filtered rows, with the filter values bound.
Result<QJsonObject> explainFilter(Session &session, const BrowseSpec &spec)
{
    BoundSql statement;
    Result<QString> where = whereSql(spec, statement);
    if (!where)
        return std::unexpected(where.error());
    statement.sql = QStringLiteral("EXPLAIN (FORMAT JSON) SELECT 1 FROM %1%2")
                        .arg(spec.table.fromSql(), *where);
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->rows.isEmpty() || !rows->rows.first().first())
        return fail(Error::Kind::Generic, QStringLiteral("EXPLAIN returned no plan."));
    const QJsonDocument plan = QJsonDocument::fromJson(*rows->rows.first().first());
    return plan.array().first().toObject().value(QLatin1String("Plan")).toObject();
}

// A role may hold SELECT on some of a table's columns only (GRANT SELECT (a, b) ON t): then
// `SELECT *` is refused, while the columns it may read can be browsed. Those are kept and the
// rest named in unreadableColumns. A role with no column at all keeps them all, so that the
// first read says "permission denied" in words.
Status keepReadableColumns(Session &session, BrowseTable &browse)
{
    BoundSql statement { QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = "
                                        "$1::regclass AND attnum > 0 AND NOT attisdropped AND NOT "
                                        "has_table_privilege(attrelid, 'SELECT') AND NOT "
                                        "has_column_privilege(attrelid, attnum, 'SELECT')"),
                         {} };
    statement.params << browse.qualifiedName();
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    QStringList unreadable;
    for (const QList<SqlText> &row : std::as_const(rows->rows))
        unreadable << QString::fromUtf8(row.first().value_or(QByteArray()));
    if (unreadable.isEmpty() || unreadable.size() >= browse.columns.size())
        return {};
    browse.unreadableColumns = unreadable;
    browse.columns.removeIf(
        [&](const BrowseColumn &column) { return unreadable.contains(column.name); });
    // System columns (ctid, tableoid) need SELECT on the whole table, as does a key with a
    // column it may not read: such a table is paged by OFFSET.
    const bool keyReadable = !browse.primaryKey.isEmpty()
        && std::ranges::none_of(browse.primaryKey,
                                [&](const QString &name) { return unreadable.contains(name); });
    if (!keyReadable) {
        browse.key.clear();
        browse.primaryKey.clear();
    }
    // A link follows values of its columns; one through a hidden column cannot be followed.
    const auto hides = [&](const ForeignKeyInfo &key, bool outgoing) {
        const QStringList &columns = outgoing ? key.fromColumns : key.toColumns;
        return std::ranges::any_of(columns,
                                   [&](const QString &name) { return unreadable.contains(name); });
    };
    browse.references.removeIf([&](const ForeignKeyInfo &key) { return hides(key, true); });
    browse.referencedBy.removeIf([&](const ForeignKeyInfo &key) { return hides(key, false); });
    return {};
}

// The table as the catalog describes it, before the role's column rights are applied.
Result<BrowseTable> loadTableAsCataloged(Session &session, const QString &schema,
                                         const QString &table)
{
    Result<SchemaSnapshot> snapshot = readSchema(session, CatalogReadOptions { schema });
    if (!snapshot)
        return std::unexpected(snapshot.error());
    if (const TableInfo *info = snapshot->table(schema, table))
        return browseTableFrom(*info, snapshot->foreignKeys);

    // A partition is folded under its partitioned table, which may live in another schema.
    const TableInfo *root = snapshot->partitionRoot(schema, table);
    if (!root) {
        snapshot = readSchema(session);
        if (!snapshot)
            return std::unexpected(snapshot.error());
        root = snapshot->partitionRoot(schema, table);
    }
    if (!root)
        return fail(Error::Kind::Usage,
                    QStringLiteral("There is no table or view %1.%2.").arg(schema, table));
    BrowseTable browse
        = browsePartition(*root, RelationName { schema, table }, snapshot->foreignKeys);
    // A table attached as a partition may keep its own column order; SELECT * and psql's \copy
    // of it follow that order, and so does the grid.
    BoundSql order { QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = "
                                    "$1::regclass AND attnum > 0 AND NOT attisdropped "
                                    "ORDER BY attnum"),
                     {} };
    order.params << browse.qualifiedName();
    Result<RowSet> names = queryRows(session, order);
    if (!names)
        return std::unexpected(names.error());
    QList<BrowseColumn> ordered;
    for (const QList<SqlText> &row : std::as_const(names->rows)) {
        const int index
            = browse.columnIndex(row.first() ? QString::fromUtf8(*row.first()) : QString());
        if (index >= 0)
            ordered << browse.columns.at(index);
    }
    if (ordered.size() == browse.columns.size())
        browse.columns = ordered;
    return browse;
}

} // namespace

Result<BrowseTable> loadBrowseTable(Session &session, const QString &schema, const QString &table)
{
    Result<BrowseTable> browse = loadTableAsCataloged(session, schema, table);
    if (!browse)
        return browse;
    if (Status kept = keepReadableColumns(session, *browse); !kept)
        return std::unexpected(kept.error());
    return browse;
}

Result<Block> fetchBlock(Session &session, const BrowseSpec &spec, const BlockStart &start,
                         int limit, bool backward, CellValues values)
{
    Result<BlockQuery> query = blockQuery(spec, start, backward, values);
    if (!query)
        return std::unexpected(query.error());
    Block block;
    for (BoundSql segment : query->segments) {
        const int wanted = limit - block.rows.rowCount();
        if (wanted <= 0)
            break;
        // Later segments ask only for what is still missing.
        segment.sql += QStringLiteral(" LIMIT %1").arg(wanted);
        if (query->offset > 0 && block.rows.isEmpty())
            segment.sql += QStringLiteral(" OFFSET %1").arg(query->offset);
        Result<CellTable> rows = queryCells(session, segment);
        if (!rows)
            return std::unexpected(rows.error());
        if (block.rows.isEmpty())
            block.rows = std::move(*rows);
        else
            block.rows.appendRows(*rows);
    }
    block.reachedEnd = block.rows.rowCount() < limit;
    return block;
}

Result<qint64> estimateRowCount(Session &session, const BrowseSpec &spec)
{
    if (spec.filters.isEmpty()) {
        BoundSql statement { QStringLiteral("SELECT reltuples::bigint FROM pg_class WHERE oid = "
                                            "$1::regclass"),
                             {} };
        statement.params << spec.table.qualifiedName();
        Result<RowSet> rows = queryRows(session, statement);
        if (!rows)
            return std::unexpected(rows.error());
        // A table never vacuumed or analyzed says -1 (PostgreSQL 14+): ask the planner.
        if (!rows->rows.isEmpty() && rows->rows.first().first()
            && rows->rows.first().first()->toLongLong() >= 0)
            return rows->rows.first().first()->toLongLong();
    }
    Result<QJsonObject> plan = explainFilter(session, spec);
    if (!plan)
        return std::unexpected(plan.error());
    return qint64(plan->value(QLatin1String("Plan Rows")).toDouble());
}

Result<qint64> exactRowCount(Session &session, const BrowseSpec &spec)
{
    BoundSql statement;
    Result<QString> where = whereSql(spec, statement);
    if (!where)
        return std::unexpected(where.error());
    statement.sql = QStringLiteral("SELECT count(*) FROM %1%2").arg(spec.table.fromSql(), *where);
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    return rows->rows.first().first()->toLongLong();
}

QString FilterPlan::describe() const
{
    if (indexes.isEmpty())
        return QStringLiteral("the filter reads every row (no index serves it)");
    const QString names = indexes.join(QStringLiteral(", "));
    if (chosen)
        return QStringLiteral("the filter uses index %1").arg(names);
    return QStringLiteral("index %1 could serve the filter; at this size the planner reads the "
                          "table instead")
        .arg(names);
}

Result<FilterPlan> planFilters(Session &session, const BrowseSpec &spec)
{
    FilterPlan result;
    // Nothing to plan without a filter. Planning a scan of a big table also loads the JIT
    // provider (its cost passes jit_above_cost): 30 ms of a 100M-row table's first block.
    if (spec.filters.isEmpty())
        return result;
    Result<QJsonObject> plan = explainFilter(session, spec);
    if (!plan)
        return std::unexpected(plan.error());
    bool scans = false;
    collectIndexNames(*plan, result.indexes, scans);
    result.chosen = !result.indexes.isEmpty();
    if (result.chosen || spec.filters.isEmpty())
        return result;
    // Would an index serve if scans cost more? Asked in a transaction that is rolled back.
    if (Result<RowSet> begun = queryRows(session, QStringLiteral("BEGIN")); !begun)
        return std::unexpected(begun.error());
    queryRows(session, QStringLiteral("SET LOCAL enable_seqscan = off"));
    Result<QJsonObject> forced = explainFilter(session, spec);
    queryRows(session, QStringLiteral("ROLLBACK"));
    if (forced)
        collectIndexNames(*forced, result.indexes, scans);
    return result;
}

Result<std::optional<QString>> readFullValue(Session &session, const BrowseSpec &spec,
                                             const RowKey &row, const QString &column,
                                             qint64 maxBytes)
{
    const int index = spec.table.columnIndex(column);
    if (index < 0)
        return fail(Error::Kind::Usage, QStringLiteral("There is no column \"%1\".").arg(column));
    if (spec.table.key.isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("This relation has no key to find one row by."));
    const BrowseColumn &info = spec.table.columns[index];
    BoundSql statement;
    QStringList match;
    for (int part = 0; part < spec.table.key.size(); ++part)
        match << QStringLiteral("r.%1 = %2::%3")
                     .arg(spec.table.key[part].expression,
                          statement.bind(QString::fromUtf8(row.key.value(part))),
                          spec.table.key[part].type);
    const QString name = QStringLiteral("r.") + quoteIdentifier(column);
    const QString value = info.kind == ColumnKind::Bytea
        ? QStringLiteral("encode(substring(%1 from 1 for %2), 'hex')").arg(name).arg(maxBytes)
        : name + QStringLiteral("::text");
    statement.sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                        .arg(value, spec.table.fromSql(), match.join(QStringLiteral(" AND ")));
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->rows.isEmpty())
        return fail(Error::Kind::Generic,
                    QStringLiteral("The row is gone: it was deleted or its key changed since it "
                                   "was read."));
    const SqlText &text = rows->rows.first().first();
    if (!text)
        return std::optional<QString>();
    return std::optional<QString>(QString::fromUtf8(*text));
}

} // namespace bridgescope
