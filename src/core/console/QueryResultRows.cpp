#include "console/QueryResultRows.h"

#include "SavedFile.h"
#include "connection/DbWorker.h"
#include "console/ResultOrder.h"
#include "data/ColumnKind.h"
#include "data/CsvWriter.h"

#include <QDir>
#include <QLocale>

#include <thread>

namespace bridgescope {

ResultSpool::ResultSpool(qint64 byteLimit)
    : m_file(QDir::tempPath() + QStringLiteral("/bridgescope-result-XXXXXX"))
    , m_byteLimit(byteLimit)
{
    m_open = m_file.open();
    m_starts << 0;
}

std::optional<QString> ResultSpool::append(const CellTable &block)
{
    const QByteArray bytes = block.serialized();
    const std::lock_guard lock(m_mutex);
    if (!m_open)
        return m_file.errorString();
    if (m_byteLimit > 0 && m_starts.last() + bytes.size() > m_byteLimit)
        return QStringLiteral("the result passed the %1 MiB the console keeps of one result")
            .arg(m_byteLimit >> 20);
    if (!m_file.seek(m_starts.last()))
        return m_file.errorString();
    if (std::optional<QString> problem = writeFully(m_file, bytes.constData(), bytes.size()))
        return problem;
    if (std::optional<QString> problem = flushFully(m_file))
        return problem;
    m_starts << m_starts.last() + bytes.size();
    m_rows += block.rowCount();
    return std::nullopt;
}

qint64 ResultSpool::rowCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_rows;
}

qint64 ResultSpool::byteSize() const
{
    const std::lock_guard lock(m_mutex);
    return m_starts.last();
}

CellTable ResultSpool::block(qint64 index) const
{
    const std::lock_guard lock(m_mutex);
    if (index < 0 || index + 1 >= m_starts.size() || !m_file.seek(m_starts[index]))
        return {};
    return CellTable::deserialized(m_file.read(m_starts[index + 1] - m_starts[index]));
}

QueryResultRows::QueryResultRows(const QList<ResultColumn> &columns,
                                 std::shared_ptr<ResultSpool> spool, QObject *parent)
    : RowSource(parent)
    , m_columns(columns)
    , m_spool(std::move(spool))
{
    for (const ResultColumn &column : columns)
        m_table.columns << BrowseColumn { column.name, column.type, columnKindOf(column.type) };
}

QueryResultRows::~QueryResultRows()
{
    if (m_sortStop)
        m_sortStop->store(true); // an unfinished sort's thread ends early
}

SqlText QueryResultRows::rawValue(qint64 row, int column) const
{
    if (!isRowLoaded(row))
        return std::nullopt;
    if (!m_order.empty() && row < qint64(m_order.size()))
        row = m_order[size_t(row)];
    return storedValue(row, column);
}

SqlText QueryResultRows::storedValue(qint64 row, int column) const
{
    const qint64 index = row / ResultSpool::kBlockRows;
    auto found = m_blocks.find(index);
    if (found == m_blocks.end()) {
        // A block read from the local spool (a few hundred rows, no server): the oldest goes.
        if (m_blocks.size() >= kMaxCachedBlocks) {
            auto oldest = m_blocks.begin();
            for (auto it = m_blocks.begin(); it != m_blocks.end(); ++it)
                if (it->lastUse < oldest->lastUse)
                    oldest = it;
            m_blocks.erase(oldest);
        }
        found = m_blocks.insert(index, Cached { m_spool->block(index), 0 });
    }
    found->lastUse = ++m_clock;
    return found->cells.cell(int(row % ResultSpool::kBlockRows), column);
}

void QueryResultRows::takeArrivedRows()
{
    const qint64 rows = m_spool->rowCount();
    if (rows == m_rows)
        return;
    const qint64 first = m_rows;
    // The last block may have grown (it was cut short before): read it again.
    m_blocks.remove(first / ResultSpool::kBlockRows);
    m_rows = rows;
    emit rowCountChanged(m_rows, m_finished);
    emit rowsLoaded(first, rows - first);
}

Status QueryResultRows::writeCsv(QIODevice &out) const
{
    if (!m_finished)
        return fail(Error::Kind::Usage,
                    QStringLiteral("The statement is still sending rows: export once all are in."));
    const CsvWriter writer(int(m_columns.size()));
    QByteArray bytes;
    QStringList names;
    for (const ResultColumn &column : m_columns)
        names << column.name;
    writer.appendHeader(bytes, names);
    const qint64 blocks = (m_rows + ResultSpool::kBlockRows - 1) / ResultSpool::kBlockRows;
    for (qint64 index = 0; index <= blocks; ++index) {
        if (index < blocks) {
            const CellTable block = m_spool->block(index);
            for (int row = 0; row < block.rowCount(); ++row)
                writer.appendRow(bytes, block, row);
        }
        if (bytes.size() >= (1 << 20) || index == blocks) {
            if (std::optional<QString> problem = writeFully(out, bytes.constData(), bytes.size()))
                return fail(Error::Kind::Environment, *problem);
            bytes.clear();
        }
    }
    return {};
}

std::optional<QString> QueryResultRows::sortBy(int column, bool descending)
{
    if (!m_finished)
        return tr("The statement is still sending rows: sort once all are in.");
    if (m_rows > kMostSortedRows)
        return tr("Sorting here takes at most %1 rows and this result has %2: add ORDER BY to "
                  "the statement and run it again.")
            .arg(QLocale().toString(kMostSortedRows), QLocale().toString(m_rows));
    if (m_sortStop)
        m_sortStop->store(true);
    if (column < 0 || column >= m_columns.size()) {
        m_sorting = false;
        m_sortStop.reset();
        m_sortColumn = -1;
        m_order.clear();
        emit orderChanged();
        return std::nullopt;
    }
    // The order comes back through a relay, queued to this object's thread: once this object
    // is gone, Qt has dropped the connection and the answer goes nowhere.
    auto stop = std::make_shared<std::atomic<bool>>(false);
    m_sortStop = stop;
    m_sorting = true;
    auto made = std::make_shared<std::optional<std::vector<quint32>>>();
    auto relay = std::make_shared<JobRelay>();
    connect(
        relay.get(), &JobRelay::finished, this,
        [this, stop, made, column, descending] {
            if (stop->load())
                return; // replaced by a newer sort
            m_sorting = false;
            m_sortStop.reset();
            if (!*made)
                return;
            m_order = std::move(**made);
            m_sortColumn = column;
            m_sortDescending = descending;
            emit orderChanged();
        },
        Qt::QueuedConnection);
    std::thread([relay, made, stop, spool = m_spool, rows = quint32(m_rows), column, descending,
                 kind = m_table.columns[column].kind] {
        CellTable block;
        qint64 blockIndex = -1;
        *made = sortedRowOrder(
            rows, kind, descending,
            [&](quint32 row) -> SqlText {
                const qint64 index = row / ResultSpool::kBlockRows;
                if (index != blockIndex) {
                    block = spool->block(index);
                    blockIndex = index;
                }
                return block.cell(int(row % ResultSpool::kBlockRows), column);
            },
            stop.get());
        emit relay->finished();
    }).detach();
    return std::nullopt;
}

void QueryResultRows::finish()
{
    takeArrivedRows();
    m_finished = true;
    emit rowCountChanged(m_rows, true);
    emit fetchingChanged(false);
}

} // namespace bridgescope
