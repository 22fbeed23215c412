#include "data/DataTableModel.h"

#include "connection/DbWorker.h"
#include "data/CellFormat.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace bridgescope {

namespace {

constexpr int kWantedBlocks = 4; // a fast scroll reads where it stops, not where it passed

bool isFkColumn(const BrowseSpec &spec, const QString &column)
{
    for (const ForeignKeyInfo &key : spec.table.references)
        if (key.fromColumns.contains(column))
            return true;
    return false;
}

} // namespace

DataTableModel::DataTableModel(DbWorker *worker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_worker(worker)
{ }

void DataTableModel::reset(const BrowseSpec &spec, Block first, qint64 rowCount, bool exact)
{
    beginResetModel();
    ++m_generation;
    m_spec = spec;
    // Painting asks for every visible cell's colour and font: which columns are links is
    // worked out once per table.
    m_linkColumns.clear();
    for (const BrowseColumn &column : m_spec.table.columns)
        m_linkColumns << isFkColumn(m_spec, column.name);
    m_head.clear();
    m_tail.clear();
    m_headBoundary.clear();
    m_tailBoundary.clear();
    m_wanted.clear();
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
        m_headBoundary.insert(0, rowKeyOf(m_spec, first.rows, read - 1));
        m_head.insert(0, Cached { std::move(first.rows), ++m_clock });
    }
    endResetModel();
    emit rowCountChanged(m_rowCount, m_exact);
}

void DataTableModel::clear()
{
    reset(BrowseSpec {}, Block { {}, true }, 0, true);
}

void DataTableModel::setExactRowCount(qint64 rows)
{
    resize(rows, true, false);
}

int DataTableModel::rowCount(const QModelIndex &parent) const
{
    // A view holds at most INT_MAX rows; a bigger table is shown to that many.
    return parent.isValid() ? 0 : int(qMin<qint64>(m_rowCount, std::numeric_limits<int>::max()));
}

int DataTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_spec.table.columns.size());
}

DataTableModel::BlockId DataTableModel::blockFor(int row) const
{
    const BlockId head { false, row / kBlockSize };
    const BlockId tail { true, int((m_rowCount - 1 - row) / kBlockSize) };
    // Carry on a chain where one reaches this row (keyset from the block before), so a scroll
    // down from the top never reads by OFFSET, nor one up from the bottom.
    if (head.index == 0 || m_headBoundary.contains(head.index - 1))
        return head;
    if (tail.index == 0 || m_tailBoundary.contains(tail.index - 1))
        return tail;
    // A jump: from the nearer end.
    return row < m_rowCount / 2 ? head : tail;
}

std::optional<DataTableModel::RowRef> DataTableModel::rowData(int row) const
{
    auto look = [&](QHash<int, Cached> &cache, int block, qint64 at) -> std::optional<RowRef> {
        auto found = cache.find(block);
        if (found == cache.end() || at >= found->rows.rowCount())
            return std::nullopt;
        found->lastUse = ++m_clock;
        return RowRef { &found->rows, int(at) };
    };
    // Rows from the start are where they are; rows from the end are placed by the count, so
    // with an estimated count they are the second choice.
    if (const auto found = look(m_head, row / kBlockSize, row % kBlockSize))
        return found;
    const qint64 fromEnd = m_rowCount - 1 - row;
    return look(m_tail, int(fromEnd / kBlockSize), fromEnd % kBlockSize);
}

std::optional<RowKey> DataTableModel::rowKey(int row) const
{
    const std::optional<RowRef> cells = rowData(row);
    if (!cells)
        return std::nullopt;
    return rowKeyOf(m_spec, *cells->cells, cells->row);
}

SqlText DataTableModel::rawValue(int row, int column) const
{
    const std::optional<RowRef> cells = rowData(row);
    return cells ? cells->cell(column) : SqlText();
}

QVariant DataTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() >= m_spec.table.columns.size())
        return {};
    const std::optional<RowRef> cells = rowData(index.row());
    const BrowseColumn &column = m_spec.table.columns[index.column()];
    if (role == LoadedRole)
        return cells.has_value();
    if (!cells) {
        if (role == Qt::DisplayRole) {
            want(blockFor(index.row()));
            return QStringLiteral("\u2026");
        }
        if (role == Qt::ForegroundRole)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }
    const SqlText raw = cells->cell(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return formatCell(column.kind, raw).text;
    case RawRole:
        return raw ? QVariant(*raw) : QVariant();
    case Qt::ToolTipRole: {
        const CellText cell = formatCell(column.kind, raw, 400);
        if (cell.isNull)
            return tr("NULL (no value)");
        if (raw->isEmpty())
            return tr("An empty string (not NULL)");
        return cell.truncated ? cell.text + tr("\n\nCut short: the detail panel shows it whole.")
                              : QVariant();
    }
    case Qt::ForegroundRole:
        if (!raw)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        if (m_linkColumns.value(index.column()))
            return QGuiApplication::palette().brush(QPalette::Link);
        return {};
    case Qt::FontRole: {
        if (raw && !m_linkColumns.value(index.column()))
            return {};
        QFont font;
        font.setItalic(!raw);
        font.setUnderline(bool(raw));
        return font;
    }
    case Qt::TextAlignmentRole:
        if (column.kind == ColumnKind::Number)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant DataTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (section >= m_spec.table.columns.size())
        return {};
    const BrowseColumn &column = m_spec.table.columns[section];
    if (role == Qt::DisplayRole)
        return column.name;
    if (role == Qt::ToolTipRole) {
        QString tip = QStringLiteral("%1 %2%3").arg(
            column.name, column.type, column.notNull ? QStringLiteral(" NOT NULL") : QString());
        if (m_spec.table.primaryKey.contains(column.name))
            tip += tr("\nPrimary key");
        for (const ForeignKeyInfo &key : m_spec.table.references)
            if (key.fromColumns.contains(column.name))
                tip += tr("\nReferences %1.%2 (double-click a value to open it)")
                           .arg(key.toSchema, key.toTable);
        return tip;
    }
    return {};
}

void DataTableModel::want(BlockId id) const
{
    if ((m_inFlight && *m_inFlight == id) || (id.fromEnd ? m_tail : m_head).contains(id.index))
        return;
    m_wanted.removeAll(id);
    m_wanted.append(id);
    while (m_wanted.size() > kWantedBlocks)
        m_wanted.removeFirst();
    if (!m_inFlight)
        QMetaObject::invokeMethod(const_cast<DataTableModel *>(this), &DataTableModel::dispatch,
                                  Qt::QueuedConnection);
}

void DataTableModel::dispatch()
{
    if (m_inFlight || m_wanted.isEmpty() || !m_worker)
        return;
    const BlockId id = m_wanted.takeLast();
    if ((id.fromEnd ? m_tail : m_head).contains(id.index))
        return dispatch();
    const QHash<int, RowKey> &boundaries = id.fromEnd ? m_tailBoundary : m_headBoundary;
    BlockStart start;
    if (id.index > 0) {
        if (!m_spec.table.key.isEmpty() && boundaries.contains(id.index - 1))
            start.after = boundaries.value(id.index - 1);
        else {
            start.offset = qint64(id.index) * kBlockSize; // a jump: no key to start after
            ++m_offsetReads;
        }
    }
    m_inFlight = id;
    emit fetchingChanged(true);
    const quint64 generation = m_generation;
    m_worker->run<Block>(
        [spec = m_spec, start, backward = id.fromEnd](Session &session) {
            return fetchBlock(session, spec, start, kBlockSize, backward);
        },
        this,
        [this, id, generation](Result<Block> block) {
            m_inFlight.reset();
            if (generation == m_generation) {
                if (block)
                    store(id, std::move(*block));
                else
                    emit fetchFailed(block.error());
            }
            emit fetchingChanged(false);
            dispatch();
        });
}

void DataTableModel::store(BlockId id, Block block)
{
    const int count = block.rows.rowCount();
    if (count > 0)
        (id.fromEnd ? m_tailBoundary : m_headBoundary)
            .insert(id.index, rowKeyOf(m_spec, block.rows, count - 1));
    (id.fromEnd ? m_tail : m_head).insert(id.index, Cached { std::move(block.rows), ++m_clock });
    if (block.reachedEnd)
        resize(qint64(id.index) * kBlockSize + count, true, id.fromEnd);
    else if (!id.fromEnd && qint64(id.index + 1) * kBlockSize >= m_rowCount && !m_exact)
        // More rows than the estimate: the end is at least one block further.
        resize(qint64(id.index + 2) * kBlockSize, false, false);
    evict();
    // Only the block's rows changed (placeholders became values).
    const qint64 first = id.fromEnd ? m_rowCount - qint64(id.index) * kBlockSize - count
                                    : qint64(id.index) * kBlockSize;
    const qint64 shown = rowCount();
    const int from = int(std::clamp<qint64>(first, 0, shown));
    const int to = int(std::clamp<qint64>(first + count, 0, shown)) - 1;
    if (to >= from && columnCount() > 0)
        emit dataChanged(index(from, 0), index(to, columnCount() - 1), { Qt::DisplayRole });
    emit blockLoaded();
}

void DataTableModel::evict()
{
    while (m_head.size() + m_tail.size() > m_maxBlocks) {
        QHash<int, Cached> *oldestIn = nullptr;
        int oldestKey = 0;
        quint64 oldest = std::numeric_limits<quint64>::max();
        for (QHash<int, Cached> *cache : { &m_head, &m_tail })
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
        int centre = 0;
        quint64 latest = 0;
        for (auto it = cache->cbegin(); it != cache->cend(); ++it)
            if (it->lastUse >= latest) {
                latest = it->lastUse;
                centre = it.key();
            }
        QList<int> keys = boundaries->keys();
        std::sort(keys.begin(), keys.end(),
                  [centre](int a, int b) { return std::abs(a - centre) < std::abs(b - centre); });
        for (qsizetype at = m_maxBoundaries / 2; at < keys.size(); ++at)
            boundaries->remove(keys[at]);
    }
}

void DataTableModel::resize(qint64 rows, bool exact, bool fromEnd)
{
    const int before = rowCount();
    m_exact = exact;
    if (rows != m_rowCount) {
        const int after = int(qMin<qint64>(rows, std::numeric_limits<int>::max()));
        // Rows appear or go where the count was uncertain: at the far end of what was read.
        const int at = fromEnd ? 0 : (m_tail.isEmpty() ? qMin(before, after) : before / 2);
        if (after > before) {
            beginInsertRows({}, at, at + (after - before) - 1);
            m_rowCount = rows;
            endInsertRows();
        } else if (after < before) {
            beginRemoveRows({}, at, at + (before - after) - 1);
            m_rowCount = rows;
            endRemoveRows();
        } else {
            m_rowCount = rows;
        }
    }
    emit rowCountChanged(m_rowCount, m_exact);
}

} // namespace bridgescope
