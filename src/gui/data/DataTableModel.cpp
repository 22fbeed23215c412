#include "data/DataTableModel.h"

#include "data/CellFormat.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace bridgescope {

namespace {

bool isFkColumn(const BrowseTable &table, const QString &column)
{
    for (const ForeignKeyInfo &key : table.references)
        if (key.fromColumns.contains(column))
            return true;
    return false;
}

} // namespace

DataTableModel::DataTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void DataTableModel::setSource(RowSource *source)
{
    if (m_source)
        m_source->disconnect(this);
    resetWith([this, source] { m_source = source; });
    if (!m_source)
        return;
    connect(m_source, &RowSource::rowsLoaded, this, &DataTableModel::rowsArrived);
    connect(m_source, &RowSource::fetchFailed, this, &DataTableModel::fetchFailed);
    connect(m_source, &RowSource::fetchingChanged, this, &DataTableModel::fetchingChanged);
    connect(m_source, &RowSource::rowCountChanged, this, [this](qint64 rows, bool exact) {
        place(m_origin);
        emit rowCountChanged(rows, exact);
    });
    connect(m_source, &QObject::destroyed, this, [this] { setSource(nullptr); });
}

void DataTableModel::resetWith(const std::function<void()> &change)
{
    beginResetModel();
    if (m_source) {
        const QSignalBlocker quiet(m_source); // the reset says it all
        change();
    } else {
        change();
    }
    takeColumns();
    m_origin = 0;
    m_shown = int(qMin<qint64>(m_capacity, totalRows()));
    endResetModel();
    emit originChanged(m_origin);
    emit rowCountChanged(totalRows(), isCountExact());
}

const BrowseTable &DataTableModel::table() const
{
    static const BrowseTable none;
    return m_source ? m_source->table() : none;
}

void DataTableModel::takeColumns()
{
    // Painting asks for every visible cell's colour and font: which columns are links is
    // worked out once per source.
    m_linkColumns.clear();
    for (const BrowseColumn &column : table().columns)
        m_linkColumns << isFkColumn(table(), column.name);
}

void DataTableModel::setWindowRows(int rows)
{
    rows = qMax(rows, 1);
    if (rows == m_capacity)
        return;
    m_capacity = rows;
    place(m_origin);
}

void DataTableModel::setOrigin(qint64 origin)
{
    place(origin);
}

int DataTableModel::viewRow(qint64 row) const
{
    return row >= m_origin && row < m_origin + m_shown ? int(row - m_origin) : -1;
}

void DataTableModel::place(qint64 origin)
{
    origin = std::clamp<qint64>(origin, 0, maxOrigin());
    const int shown = int(std::clamp<qint64>(totalRows() - origin, 0, m_capacity));
    const bool moved = origin != m_origin;
    m_origin = origin;
    if (shown > m_shown) {
        beginInsertRows({}, m_shown, shown - 1);
        m_shown = shown;
        endInsertRows();
    } else if (shown < m_shown) {
        beginRemoveRows({}, shown, m_shown - 1);
        m_shown = shown;
        endRemoveRows();
    }
    if (!moved)
        return;
    if (m_shown > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(m_shown - 1, columnCount() - 1));
    if (m_shown > 0)
        emit headerDataChanged(Qt::Vertical, 0, m_shown - 1);
    emit originChanged(m_origin);
}

void DataTableModel::rowsArrived(qint64 first, qint64 count)
{
    // Only the rows in the window that just arrived (placeholders become values).
    const qint64 from = qMax(first, m_origin);
    const qint64 to = qMin(first + count, m_origin + m_shown) - 1;
    if (to >= from && columnCount() > 0) {
        emit dataChanged(index(int(from - m_origin), 0),
                         index(int(to - m_origin), columnCount() - 1), { Qt::DisplayRole });
        // Their numbers may have lost or gained the mark of a place that is only about right.
        emit headerDataChanged(Qt::Vertical, int(from - m_origin), int(to - m_origin));
    }
    emit blockLoaded();
}

int DataTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int DataTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(table().columns.size());
}

QVariant DataTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() >= table().columns.size())
        return {};
    const qint64 row = absoluteRow(index.row());
    const SqlText raw = m_source->rawValue(row, index.column());
    const bool loaded = raw || m_source->isRowLoaded(row);
    const BrowseColumn &column = table().columns[index.column()];
    if (role == LoadedRole)
        return loaded;
    if (!loaded) {
        if (role == Qt::DisplayRole) {
            m_source->want(row);
            return QStringLiteral("\u2026");
        }
        if (role == Qt::ForegroundRole)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }
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
        // The row's number in the table (from 1), grouped: 2,147,483,648 reads at a glance.
        // A row a jump placed is only about there: its number says so.
        if (role == Qt::DisplayRole)
            return (m_source && m_source->isRowApproximate(absoluteRow(section))
                        ? QStringLiteral("\u2248 ")
                        : QString())
                + QLocale().toString(absoluteRow(section) + 1);
        if (role == Qt::ToolTipRole && m_source && m_source->isRowApproximate(absoluteRow(section)))
            return tr("About here: the jump read from the column's statistics, not by counting "
                      "every row before it.");
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (section >= table().columns.size())
        return {};
    const BrowseColumn &column = table().columns[section];
    if (role == Qt::DisplayRole)
        return column.name;
    if (role == Qt::ToolTipRole) {
        QString tip = QStringLiteral("%1 %2%3").arg(
            column.name, column.type, column.notNull ? QStringLiteral(" NOT NULL") : QString());
        if (table().primaryKey.contains(column.name))
            tip += tr("\nPrimary key");
        for (const ForeignKeyInfo &key : table().references)
            if (key.fromColumns.contains(column.name))
                tip += tr("\nReferences %1.%2 (double-click a value to open it)")
                           .arg(key.toSchema, key.toTable);
        return tip;
    }
    return {};
}

} // namespace bridgescope
