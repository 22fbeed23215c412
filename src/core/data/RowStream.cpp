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

void StreamControl::allow(qint64 rows)
{
    {
        std::lock_guard lock(m_mutex);
        m_allowed = rows;
    }
    m_wake.notify_all();
}

void StreamControl::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
}

bool StreamControl::waitForRoom(qint64 sent, std::chrono::milliseconds patience,
                                const std::function<bool()> &yield)
{
    // Another job's arrival is not signalled here (the worker knows nothing of streams): it is
    // looked at again after this long.
    constexpr std::chrono::milliseconds kYieldLook { 10 };
    const auto deadline = std::chrono::steady_clock::now() + patience;
    std::unique_lock lock(m_mutex);
    m_waiting = true;
    bool room = false;
    while (!m_stop && !(yield && yield())) {
        if (m_allowed > sent) {
            room = true;
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            break;
        m_wake.wait_for(lock,
                        std::min<std::chrono::steady_clock::duration>(deadline - now, kYieldLook));
    }
    m_waiting = false;
    return room;
}

namespace {

constexpr int kAtBudget = -1; // what sendNext says when the reader has not looked far enough

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
    // Sends the next statement if the reader still wants rows: the rows it asks for, 0 where
    // the stream ends, kAtBudget where the reader has not looked far enough yet.
    auto sendNext = [&](const RowKey &after) -> Result<int> {
        if (read.control.isStopped() || (read.shouldYield && read.shouldYield()))
            return 0;
        const qint64 allowed = read.control.allowedRows();
        if (sent >= allowed)
            return kAtBudget;
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
    RowKey last = read.after;
    Result<int> asked = sendNext(last);
    while (asked && *asked != 0) {
        if (*asked == kAtBudget) {
            // Nothing on its way and the reader behind: wait for it to look on.
            if (!read.control.waitForRoom(sent, read.patience, read.shouldYield))
                break;
            asked = sendNext(last);
            continue;
        }
        Result<PgResultPtr> result = receiveResult(session);
        if (!result)
            return std::unexpected(result.error());
        const int got = PQntuples(result->get());
        const bool ended = got < *asked;
        // The next statement goes out before these rows are converted.
        asked = 0;
        if (!ended) {
            last = rowKeyOf(read.spec, cellsOf(result->get(), got - 1, 1), 0);
            asked = sendNext(last);
            if (!asked)
                return std::unexpected(asked.error());
        }
        Block block;
        block.rows = cellsOf(result->get());
        block.reachedEnd = ended;
        result->reset();
        deliver(std::move(block));
    }
    if (!asked)
        return std::unexpected(asked.error());
    return statements;
}

} // namespace bridgescope
