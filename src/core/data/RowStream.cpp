#include "data/RowStream.h"

#include "connection/PgQuery.h"

#include <libpq-fe.h>

namespace bridgescope {

bool isStreamable(const BrowseSpec &spec)
{
    if (spec.table.key.isEmpty())
        return false;
    if (!spec.sort)
        return true;
    const int column = spec.table.columnIndex(spec.sort->column);
    return column >= 0 && spec.table.columns[column].notNull;
}

namespace {

// The statement for `rows` rows after `after`, or nothing where the rows after it take two
// statements (fetchBlock's segments): the stream ends there and blocks read on.
Result<std::optional<BoundSql>> nextStatement(const StreamRead &read, const RowKey &after, int rows)
{
    Result<BlockQuery> query = blockQuery(read.spec, BlockStart { after, false, 0 }, read.backward);
    if (!query)
        return std::unexpected(query.error());
    if (query->segments.size() != 1)
        return std::optional<BoundSql>();
    BoundSql statement = query->segments.first();
    statement.sql += QStringLiteral(" LIMIT %1").arg(rows);
    return statement;
}

} // namespace

Result<int> streamRows(Session &session, const StreamRead &read,
                       const std::function<void(Block)> &deliver)
{
    qint64 sent = 0; // rows asked for so far
    int statements = 0;
    int length = qMax(1, read.firstStatementRows);
    // Sends the next statement if the reader still wants rows; the rows it asks for.
    auto sendNext = [&](const RowKey &after) -> Result<int> {
        const qint64 allowed = read.control.allowedRows.load();
        if (read.control.stop.load() || sent >= allowed || (read.shouldYield && read.shouldYield()))
            return 0;
        const int rows = int(qMin<qint64>(length, allowed - sent));
        length = qMin(length * 2, qMax(read.longestStatementRows, length));
        Result<std::optional<BoundSql>> statement = nextStatement(read, after, rows);
        if (!statement)
            return std::unexpected(statement.error());
        if (!*statement)
            return 0;
        if (Result<void> ok = sendStatement(session, **statement); !ok)
            return std::unexpected(ok.error());
        sent += rows;
        ++statements;
        return rows;
    };
    Result<int> asked = sendNext(read.after);
    if (!asked)
        return std::unexpected(asked.error());
    while (*asked > 0) {
        Result<PgResultPtr> result = receiveResult(session);
        if (!result)
            return std::unexpected(result.error());
        const int got = PQntuples(result->get());
        const bool ended = got < *asked;
        const int wanted = *asked;
        // The next statement goes out before these rows are converted.
        asked = 0;
        if (!ended) {
            asked = sendNext(rowKeyOf(read.spec, cellsOf(result->get(), got - 1, 1), 0));
            if (!asked)
                return std::unexpected(asked.error());
        }
        Block block;
        block.rows = cellsOf(result->get());
        block.reachedEnd = got < wanted;
        result->reset();
        deliver(std::move(block));
    }
    return statements;
}

} // namespace bridgescope
