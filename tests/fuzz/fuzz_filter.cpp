// The Data tab's filters on every column kind and operator with any values: whereSql either
// refuses in words or builds SQL in which the values never appear: each is bound to a
// placeholder, so no value can change the statement.
#include "FuzzInput.h"
#include "connection/PgQuery.h"
#include "data/BrowseQuery.h"

using namespace bridgescope;

namespace {

// One column of each kind, as format_type() writes their types.
const QList<BrowseColumn> &columns()
{
    static const QList<BrowseColumn> all = [] {
        QList<BrowseColumn> list;
        for (const char *type :
             { "text", "character varying(20)", "integer", "numeric(10,2)", "boolean",
               "timestamp without time zone", "timestamp with time zone", "date",
               "time without time zone", "uuid", "json", "jsonb", "bytea", "text[]", "uuid[]",
               "integer[]", "inet", "interval", "\"Odd \"\"type\"\"\"" }) {
            const QString name = QString::fromLatin1(type);
            list << BrowseColumn { QStringLiteral("c ") + name, name, columnKindOf(name), false };
        }
        return list;
    }();
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    BrowseSpec spec;
    spec.table.schema = QStringLiteral("public");
    spec.table.name = QStringLiteral("t");
    spec.table.columns = columns();
    const BrowseColumn &column = columns()[data[0] % columns().size()];
    const QList<FilterOp> ops = filterOpsFor(column.kind);
    if (ops.isEmpty())
        return 0;
    const QStringList values = fuzz::fields(data + 2, size - 2);
    Filter filter { column.name, ops[data[1] % ops.size()], values.value(0), values.value(1) };
    spec.filters << filter;
    filter.describe();
    BoundSql statement;
    Result<QString> where = whereSql(spec, statement);
    if (!where) {
        if (where.error().message.isEmpty())
            fuzz::broken("a refused filter without words", filter.value);
        return 0;
    }
    // The SQL is made of the column, the operator, casts and placeholders: a value long enough
    // to be told apart must not be in it.
    for (const QString &value : { filter.value, filter.value2 })
        if (value.size() >= 6 && where->contains(value))
            fuzz::broken("a filter value inside the SQL text", *where);
    if (statement.params.isEmpty() && filterOpValueCount(filter.op) > 0)
        fuzz::broken("a filter with a value and nothing bound", *where);
    return 0;
}
