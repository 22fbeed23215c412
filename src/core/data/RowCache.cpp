#include "data/RowCache.h"

#include "connection/DbWorker.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bridgescope {

namespace {

constexpr int kWantedBlocks = 4; // a fast scroll reads where it stops, not where it passed
constexpr int kLongestRun = 32; // blocks in one statement when reading straight through
// A jump this near an end is read by OFFSET, exactly: skipping 20,000 rows costs milliseconds,
// and a histogram's step (a hundredth of the table) is coarser than that on most tables.
constexpr qint64 kCheapOffset = 20'000;
// How long a stream at its budget waits for the reader to look at what came (the GUI thread
// may be painting) before it ends and leaves the worker to others.
constexpr std::chrono::milliseconds kReaderPatience { 250 };

CellTable reversedRows(const CellTable &rows)
{
    CellTable reversed;
    for (int row = rows.rowCount() - 1; row >= 0; --row)
        reversed.appendRows(rows.rows(row, 1));
    return reversed;
}

} // namespace

RowCache::RowCache(QObject *parent)
    : RowSource(parent)
{ }

void RowCache::reset(const BrowseSpec &spec, Block first, qint64 rowCount, bool exact)
{
    ++m_generation;
    stopStream(); // its rows are of the old view; it ends after its statement
    m_spec = spec;
    m_head.clear();
    m_tail.clear();
    m_headBoundary.clear();
    m_tailBoundary.clear();
    m_wanted.clear();
    m_jumps = {};
    m_lastRead.reset();
    m_run = 1;
    const int read = first.rows.rowCount();
    if (first.reachedEnd) {
        rowCount = read;
        exact = true;
    }
    m_rowCount = qMax<qint64>(rowCount, read);
    if (!exact && m_rowCount <= read)
        m_rowCount = read + kBlockSize; // more follow: the estimate was low
    m_exact = exact;
    if (read > 0) {
        m_headBoundary.insert(0, Boundary { rowKeyOf(m_spec, first.rows, read - 1), false });
        m_head.insert(0, Cached { std::move(first.rows), ++m_clock });
        m_lastRead = BlockId { false, 0 };
    }
    emit rowCountChanged(m_rowCount, m_exact);
}

void RowCache::setExactRowCount(qint64 rows)
{
    resize(rows, true);
}

RowCache::BlockId RowCache::blockFor(qint64 row) const
{
    const BlockId head { false, row / kBlockSize };
    const BlockId tail { true, (m_rowCount - 1 - row) / kBlockSize };
    // Carry on a chain where one reaches this row (keyset from the block before), so a scroll
    // down from the top never reads by OFFSET, nor one up from the bottom.
    if (head.index == 0 || m_headBoundary.contains(head.index - 1))
        return head;
    if (tail.index == 0 || m_tailBoundary.contains(tail.index - 1))
        return tail;
    // A jump: from the nearer end.
    return row < m_rowCount / 2 ? head : tail;
}

std::optional<RowCache::RowRef> RowCache::rowData(qint64 row) const
{
    if (row < 0 || row >= m_rowCount)
        return std::nullopt;
    auto look
        = [&](QHash<qint64, Cached> &cache, qint64 block, qint64 at) -> std::optional<RowRef> {
        auto found = cache.find(block);
        if (found == cache.end())
            return std::nullopt;
        at -= found->lead;
        if (at < 0 || at >= found->rows.rowCount())
            return std::nullopt;
        found->lastUse = ++m_clock;
        extendStream(&cache == &m_tail, block);
        return RowRef { &found->rows, int(at), found->approximate };
    };
    // Rows from the start are where they are; rows from the end are placed by the count, so
    // with an estimated count they are the second choice.
    if (const auto found = look(m_head, row / kBlockSize, row % kBlockSize))
        return found;
    const qint64 fromEnd = m_rowCount - 1 - row;
    return look(m_tail, fromEnd / kBlockSize, fromEnd % kBlockSize);
}

std::optional<RowKey> RowCache::rowKey(qint64 row) const
{
    const std::optional<RowRef> cells = rowData(row);
    if (!cells)
        return std::nullopt;
    return rowKeyOf(m_spec, *cells->cells, cells->row);
}

bool RowCache::isRowApproximate(qint64 row) const
{
    const std::optional<RowRef> cells = rowData(row);
    return cells && cells->approximate;
}

SqlText RowCache::rawValue(qint64 row, int column) const
{
    const std::optional<RowRef> cells = rowData(row);
    return cells ? cells->cell(column) : SqlText();
}

bool RowCache::streamCovers(qint64 row) const
{
    if (!m_stream || m_stream->generation != m_generation)
        return false;
    const qint64 block = (m_stream->start.fromEnd ? m_rowCount - 1 - row : row) / kBlockSize;
    return block >= m_stream->next.index && block < m_stream->limit;
}

void RowCache::extendStream(bool fromEnd, qint64 block) const
{
    // Rows looked at let the stream read on: up to half the cache past the furthest of them, in
    // whole statements. Then every statement after the first few is full length, however the
    // GUI thread and the worker interleave, instead of a short one whenever the worker asks
    // before the GUI has looked at what came.
    if (!m_stream || m_stream->start.fromEnd != fromEnd)
        return;
    const qint64 step = streamStep();
    const qint64 reach = (block + 1 + streamAhead() - m_stream->start.index) / step * step;
    if (m_stream->start.index + reach <= m_stream->limit)
        return;
    m_stream->limit = m_stream->start.index + reach;
    m_stream->shared->control.allow(reach * kBlockSize);
}

std::optional<RowKey> RowCache::jumpStart(BlockId id) const
{
    if (m_jumps.isEmpty() || id.index * kBlockSize <= kCheapOffset)
        return std::nullopt;
    // A head block's first row, or a tail block's last, as a fraction of the rows in the order
    // shown; the jump map counts in ascending order with NULLs last, which a descending sort
    // shows the other way round.
    const double fromItsEnd = double(id.index * kBlockSize) / double(qMax<qint64>(m_rowCount, 1));
    const double shown = id.fromEnd ? 1 - fromItsEnd : fromItsEnd;
    return m_jumps.startAt(m_spec.sort && m_spec.sort->descending ? 1 - shown : shown);
}

int RowCache::streamStep() const
{
    // Half the reach: when a statement's rows arrive, the reader has looked at the rows before
    // them, so the next statement is within reach and goes out at once. A statement as long as
    // the reach would wait for its own rows to be looked at: one statement per job, the server
    // idle while the client converts and starts the next.
    return qMax(1, qMin(kLongestRun, streamAhead() / 2));
}

void RowCache::stopStream() const
{
    if (m_stream)
        m_stream->shared->control.stop();
}

void RowCache::want(qint64 row) const
{
    if (row < 0 || row >= m_rowCount || isRowLoaded(row))
        return;
    if (streamCovers(row)) {
        m_stream->waiting = row; // on its way
        return;
    }
    stopStream(); // the user looks elsewhere
    const BlockId id = blockFor(row);
    if ((m_inFlight && *m_inFlight == id) || (id.fromEnd ? m_tail : m_head).contains(id.index))
        return;
    m_wanted.removeAll(id);
    m_wanted.append(id);
    while (m_wanted.size() > kWantedBlocks)
        m_wanted.removeFirst();
    if (!m_inFlight)
        QMetaObject::invokeMethod(const_cast<RowCache *>(this), &RowCache::dispatch,
                                  Qt::QueuedConnection);
}

void RowCache::dispatch()
{
    if (m_inFlight || m_wanted.isEmpty() || !m_worker)
        return;
    const BlockId id = m_wanted.takeLast();
    if ((id.fromEnd ? m_tail : m_head).contains(id.index))
        return dispatch();
    const QHash<qint64, Boundary> &boundaries = id.fromEnd ? m_tailBoundary : m_headBoundary;
    const QHash<qint64, Cached> &cache = id.fromEnd ? m_tail : m_head;
    BlockStart start;
    bool approximate = false;
    bool againstOrder = false; // read toward the chain's start, from the block after this one
    if (id.index > 0) {
        const auto next = cache.constFind(id.index + 1);
        if (!m_spec.table.key.isEmpty() && boundaries.contains(id.index - 1)) {
            const Boundary &before = boundaries[id.index - 1];
            start.after = before.key;
            approximate = before.approximate;
        } else if (!m_spec.table.key.isEmpty() && next != cache.constEnd()
                   && !next->rows.isEmpty()) {
            // Scrolling back from where a jump landed: the rows just before that block's
            // first, not another jump (which could land on the same rows).
            start.after = rowKeyOf(m_spec, next->rows, 0);
            approximate = next->approximate;
            againstOrder = true;
        } else if (const std::optional<RowKey> jump = jumpStart(id)) {
            // A jump: from the value or key at this place in the order (for a tail block its
            // last row, read backward from there).
            start.after = *jump;
            start.inclusive = true;
            approximate = true;
            ++m_keyJumps;
        } else {
            start.offset = id.index * kBlockSize; // a jump: no key to start after
            ++m_offsetReads;
        }
    }
    // Straight through (the block after the one read last, by keyset): a stream where one can
    // serve; otherwise read further ahead in one statement, doubling up to kLongestRun blocks.
    // Anything else starts again at one.
    const bool straight
        = start.after && m_lastRead && *m_lastRead == BlockId { id.fromEnd, id.index - 1 };
    if (straight && !againstOrder && isStreamable(m_spec))
        return startStream(id, *start.after, approximate);
    m_run = straight ? qMin(m_run * 2, qMin(kLongestRun, m_maxBlocks / 2)) : 1;
    const int blocks = qMax(m_run, 1);
    m_inFlight = id;
    ++m_reads;
    emit fetchingChanged(true);
    const quint64 generation = m_generation;
    m_worker->run<Block>(
        [spec = m_spec, start, backward = id.fromEnd != againstOrder, againstOrder,
         limit = blocks * kBlockSize](Session &session) -> Result<Block> {
            Result<Block> block = fetchBlock(session, spec, start, limit, backward);
            if (block && againstOrder) { // into the chain's order
                block->rows = reversedRows(block->rows);
                block->reachedEnd = false; // the chain's start, not its end
            }
            return block;
        },
        this,
        [this, id, blocks, generation, approximate, againstOrder](Result<Block> block) {
            m_inFlight.reset();
            if (generation == m_generation) {
                if (block)
                    store(id, blocks, std::move(*block), approximate, againstOrder);
                else
                    emit fetchFailed(block.error());
            }
            emit fetchingChanged(false);
            dispatch();
        });
}

void RowCache::startStream(BlockId id, const RowKey &after, bool approximate)
{
    auto shared = std::make_shared<Stream::Shared>();
    m_stream = Stream { shared, m_generation, id, id, id.index + streamAhead(), approximate };
    shared->control.allow(qint64(streamAhead()) * kBlockSize);
    ++m_streams;
    m_inFlight = id;
    emit fetchingChanged(true);
    // Each statement's rows wait in `arrived` and a queued signal brings them here.
    auto relay = std::make_shared<JobRelay>();
    connect(
        relay.get(), &JobRelay::finished, this, [this, shared] { takeStreamed(shared); },
        Qt::QueuedConnection);
    DbWorker *worker = m_worker;
    const int longest = streamStep() * kBlockSize;
    // A stream that goes on where one ended starts where that one's statements had grown to.
    const int first = qMin(2 * m_run * kBlockSize, longest);
    m_worker->run<int>(
        [spec = m_spec, after, backward = id.fromEnd, shared, relay, worker, first,
         longest](Session &session) -> Result<int> {
            const StreamRead read { spec,
                                    after,
                                    backward,
                                    first,
                                    longest,
                                    shared->control,
                                    [worker] { return worker->waitingJobs() > 0; },
                                    kReaderPatience };
            return streamRows(session, read, [&](Block block) {
                {
                    std::lock_guard lock(shared->mutex);
                    shared->arrived.push_back(std::move(block));
                }
                emit relay->finished();
            });
        },
        this,
        [this, shared](Result<int> statements) {
            takeStreamed(shared);
            std::optional<qint64> waiting;
            if (m_stream && m_stream->shared == shared) {
                if (m_stream->generation == m_generation) {
                    if (!statements)
                        emit fetchFailed(statements.error());
                    else
                        waiting = m_stream->waiting;
                }
                m_stream.reset();
                m_inFlight.reset();
            }
            emit fetchingChanged(false);
            if (waiting) // the stream stopped at its budget before the row came
                want(*waiting);
            dispatch();
        });
}

void RowCache::takeStreamed(const std::shared_ptr<Stream::Shared> &shared)
{
    std::deque<Block> arrived;
    {
        std::lock_guard lock(shared->mutex);
        arrived.swap(shared->arrived);
    }
    if (!m_stream || m_stream->shared != shared || m_stream->generation != m_generation)
        return; // rows of a view no longer shown
    for (Block &block : arrived) {
        if (!m_stream || m_stream->generation != m_generation)
            return; // a slot of rowsLoaded opened another view
        const int blocks = qMax(1, (block.rows.rowCount() + kBlockSize - 1) / kBlockSize);
        ++m_reads;
        const BlockId at = m_stream->next;
        m_stream->next.index += blocks;
        m_run = qMax(m_run, blocks);
        store(at, blocks, std::move(block), m_stream->approximate, false);
    }
}

void RowCache::store(BlockId id, int blocks, Block block, bool approximate, bool againstOrder)
{
    const int count = block.rows.rowCount();
    // Rows a jump placed that meet an end of the table (read on to the end, or back to the
    // start) were misplaced, unless the statistics were right to the row: where they are is
    // now known only from that end. Out-of-date statistics (a table changed since ANALYZE)
    // do this.
    if (approximate && (block.reachedEnd || (againstOrder && count < blocks * kBlockSize)))
        return forgetMisplacedRows();
    auto &cache = id.fromEnd ? m_tail : m_head;
    auto &boundaries = id.fromEnd ? m_tailBoundary : m_headBoundary;
    // A run of blocks read in one statement is kept block by block, as if read one by one.
    for (int part = 0; part < blocks; ++part) {
        const int first = part * kBlockSize;
        if (first >= count && part > 0)
            break;
        const int rows = qMin(kBlockSize, count - first);
        CellTable cells = blocks == 1 ? std::move(block.rows) : block.rows.rows(first, rows);
        if (rows > 0)
            boundaries.insert(id.index + part,
                              Boundary { rowKeyOf(m_spec, cells, rows - 1), approximate });
        // Read back toward the table's start, a short block ends where the next one begins.
        const int lead = againstOrder ? kBlockSize - rows : 0;
        cache.insert(id.index + part, Cached { std::move(cells), ++m_clock, approximate, lead });
        m_lastRead = BlockId { id.fromEnd, id.index + part };
    }
    // Rows a jump placed say nothing of the count: where they are is a guess.
    if (!approximate) {
        if (block.reachedEnd)
            resize(id.index * kBlockSize + count, true);
        else if (!id.fromEnd && (id.index + blocks) * kBlockSize >= m_rowCount && !m_exact)
            // More rows than the estimate: the end is at least one block further.
            resize((id.index + blocks + 1) * kBlockSize, false);
    }
    evict();
    const qint64 first = id.fromEnd
        ? m_rowCount - id.index * kBlockSize - count
        : id.index * kBlockSize + (againstOrder ? kBlockSize - count : 0);
    emit rowsLoaded(first, count);
}

void RowCache::forgetMisplacedRows()
{
    // Every row placed by the statistics goes, and so do the statistics: the rows shown are
    // read again from the nearer end, by keyset or once by OFFSET, and numbered exactly.
    ++m_misledJumps;
    m_jumps = {};
    stopStream();
    for (auto [cache, boundaries] :
         { std::pair { &m_head, &m_headBoundary }, std::pair { &m_tail, &m_tailBoundary } }) {
        cache->removeIf([](QHash<qint64, Cached>::iterator it) { return it->approximate; });
        boundaries->removeIf([](QHash<qint64, Boundary>::iterator it) { return it->approximate; });
    }
    m_lastRead.reset();
    emit rowsLoaded(0, m_rowCount); // what is shown is asked for again
}

void RowCache::evict()
{
    while (m_head.size() + m_tail.size() > m_maxBlocks) {
        QHash<qint64, Cached> *oldestIn = nullptr;
        qint64 oldestKey = 0;
        quint64 oldest = std::numeric_limits<quint64>::max();
        for (QHash<qint64, Cached> *cache : { &m_head, &m_tail })
            for (auto it = cache->cbegin(); it != cache->cend(); ++it)
                if (it->lastUse < oldest) {
                    oldest = it->lastUse;
                    oldestIn = cache;
                    oldestKey = it.key();
                }
        oldestIn->remove(oldestKey);
    }
    // Boundaries are small, but a long scroll through 10M rows would still pile them up: keep
    // those nearest where the user reads (the chain goes on from there, both ways).
    for (auto [boundaries, cache] :
         { std::pair { &m_headBoundary, &m_head }, std::pair { &m_tailBoundary, &m_tail } }) {
        if (boundaries->size() <= m_maxBoundaries)
            continue;
        qint64 centre = 0;
        quint64 latest = 0;
        for (auto it = cache->cbegin(); it != cache->cend(); ++it)
            if (it->lastUse >= latest) {
                latest = it->lastUse;
                centre = it.key();
            }
        QList<qint64> keys = boundaries->keys();
        std::sort(keys.begin(), keys.end(), [centre](qint64 a, qint64 b) {
            return std::abs(a - centre) < std::abs(b - centre);
        });
        for (qsizetype at = m_maxBoundaries / 2; at < keys.size(); ++at)
            boundaries->remove(keys[at]);
    }
}

void RowCache::resize(qint64 rows, bool exact)
{
    m_exact = exact;
    m_rowCount = rows;
    emit rowCountChanged(m_rowCount, m_exact);
}

} // namespace bridgescope
