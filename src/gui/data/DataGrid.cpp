#include "data/DataGrid.h"

#include "data/CellFormat.h"
#include "data/DataTableModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLocale>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>

namespace bridgescope {

namespace {

// A flag raised for a scope: the grid's own changes to the view are not the user's.
class ScopedFlag
{
public:
    explicit ScopedFlag(bool &flag)
        : m_flag(flag)
        , m_was(flag)
    {
        m_flag = true;
    }
    ~ScopedFlag() { m_flag = m_was; }

private:
    bool &m_flag;
    bool m_was;
};

CellRange spanning(qint64 rowA, int columnA, qint64 rowB, int columnB)
{
    return CellRange { qMin(rowA, rowB), qMax(rowA, rowB), qMin(columnA, columnB),
                       qMax(columnA, columnB) };
}

} // namespace

DataGrid::DataGrid(QWidget *parent)
    : QTableView(parent)
{
    // Always there: the bar's range is set by the grid, not by QTableView's row count, and a
    // bar that came and went with it would resize the viewport while it is laid out.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollMode(ScrollPerItem);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // never measures rows
    verticalScrollBar()->installEventFilter(this);
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this, &DataGrid::barAction);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &DataGrid::barMoved);
    setAutoScroll(false);
    // The look every grid of rows has (the Data tab, the console's results).
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setWordWrap(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setDefaultSectionSize(150);
    // A double-click on a header edge fits the column to the rows on screen only: the default
    // (1000 rows) would read five blocks nobody asked for.
    horizontalHeader()->setResizeContentsPrecision(0);
    m_dragScroll.setInterval(40);
    connect(&m_dragScroll, &QTimer::timeout, this, &DataGrid::dragScroll);
}

void DataGrid::showSortArrow(int section, bool descending)
{
    // QHeaderView draws AscendingOrder as a downward arrow; the status line's ↑ (and most
    // users) mean ascending by an upward one: the indicator gets the order whose arrow agrees.
    horizontalHeader()->setSortIndicatorShown(true);
    horizontalHeader()->setSortIndicator(section,
                                         descending ? Qt::AscendingOrder : Qt::DescendingOrder);
}

void DataGrid::fitColumns()
{
    // From the first rows' text, not the view's measuring: that would ask for rows the view
    // has not laid out yet, and read blocks for them.
    if (!m_model)
        return;
    const QFontMetrics metrics = fontMetrics();
    const QFontMetrics headerMetrics(horizontalHeader()->font());
    // The first rows and, where they are at hand, the last (numbers and ids grow).
    QList<qint64> sample;
    const qint64 total = m_model->totalRows();
    for (qint64 row = 0; row < qMin<qint64>(total, 60); ++row)
        sample << row;
    for (qint64 row = qMax<qint64>(60, total - 60); row < total; ++row)
        sample << row;
    const QList<BrowseColumn> &columns = m_model->table().columns;
    for (int column = 0; column < columns.size(); ++column) {
        const BrowseColumn &info = columns[column];
        int width = headerMetrics.horizontalAdvance(info.name) + 24;
        for (const qint64 row : std::as_const(sample))
            if (m_model->isRowLoaded(row))
                width = qMax(width,
                             metrics.horizontalAdvance(
                                 formatCell(info.kind, m_model->rawValue(row, column)).text)
                                 + 12);
        setColumnWidth(column, qBound(48, width, 320));
    }
}

void DataGrid::setModel(QAbstractItemModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    QTableView::setModel(model);
    m_model = qobject_cast<DataTableModel *>(model);
    Q_ASSERT(m_model);
    connect(m_model, &DataTableModel::originChanged, this, &DataGrid::windowMoved);
    connect(m_model, &DataTableModel::rowCountChanged, this, [this] {
        // Room for the widest row number; the header would otherwise size to the window's.
        const QString widest = QStringLiteral("\u2248 ") + QLocale().toString(m_model->totalRows());
        verticalHeader()->setMinimumWidth(verticalHeader()->fontMetrics().horizontalAdvance(widest)
                                          + 16);
        updateBar();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &DataGrid::forgetSelection);
    fitWindow();
}

RowScale DataGrid::scale() const
{
    return RowScale { m_model ? m_model->maxOrigin() : 0 };
}

void DataGrid::fitWindow()
{
    if (!m_model)
        return;
    const int rowHeight = qMax(1, verticalHeader()->defaultSectionSize());
    m_model->setWindowRows(qMax(1, viewport()->height() / rowHeight));
    updateBar();
}

void DataGrid::updateBar()
{
    if (!m_model)
        return;
    const ScopedFlag syncing(m_syncing);
    const RowScale rows = scale();
    QScrollBar *bar = verticalScrollBar();
    bar->setRange(0, rows.maximum());
    bar->setSingleStep(1);
    bar->setPageStep(
        qMax(1, rows.isScaled() ? rows.valueFor(m_model->windowRows()) : m_model->windowRows()));
    bar->setValue(rows.valueFor(m_model->origin()));
}

void DataGrid::barAction(int action)
{
    if (!m_model || m_syncing)
        return;
    const qint64 page = qMax(1, m_model->windowRows() - 1);
    switch (action) {
    case QAbstractSlider::SliderSingleStepAdd:
        return scrollRows(1);
    case QAbstractSlider::SliderSingleStepSub:
        return scrollRows(-1);
    case QAbstractSlider::SliderPageStepAdd:
        return scrollRows(page);
    case QAbstractSlider::SliderPageStepSub:
        return scrollRows(-page);
    case QAbstractSlider::SliderToMinimum:
        return m_model->setOrigin(0);
    case QAbstractSlider::SliderToMaximum:
        return m_model->setOrigin(m_model->maxOrigin());
    default:
        return; // a drag: barMoved follows the value
    }
}

void DataGrid::barMoved(int value)
{
    if (!m_model || m_syncing)
        return;
    m_model->setOrigin(scale().originFor(value));
}

void DataGrid::scrollRows(qint64 rows)
{
    if (m_model)
        m_model->setOrigin(m_model->origin() + rows);
}

void DataGrid::scrollToRow(qint64 row, ScrollHint hint)
{
    if (!m_model || row < 0)
        return;
    const qint64 shown = m_model->windowRows();
    qint64 origin = m_model->origin();
    switch (hint) {
    case EnsureVisible:
        if (row < origin)
            origin = row;
        else if (row >= origin + shown)
            origin = row - shown + 1;
        break;
    case PositionAtTop:
        origin = row;
        break;
    case PositionAtBottom:
        origin = row - shown + 1;
        break;
    case PositionAtCenter:
        origin = row - shown / 2;
        break;
    }
    m_model->setOrigin(origin);
}

void DataGrid::setCurrentCell(qint64 row, int column)
{
    if (!m_model || row < 0 || row >= m_model->totalRows())
        return;
    scrollToRow(row);
    setCurrent(Cell { row, column });
    m_anchor = m_current;
    m_committed.clear();
    m_open = spanning(row, column, row, column);
    showSelection();
}

QList<CellRange> DataGrid::selectedRanges() const
{
    QList<CellRange> ranges = m_committed;
    if (m_open)
        ranges << *m_open;
    return ranges;
}

void DataGrid::selectAll()
{
    if (!m_model || m_model->totalRows() == 0 || m_model->columnCount() == 0)
        return;
    m_committed = { CellRange { 0, m_model->totalRows() - 1, 0, m_model->columnCount() - 1 } };
    m_open.reset();
    showSelection();
}

void DataGrid::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitWindow();
}

void DataGrid::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0 || !m_model) {
        QTableView::wheelEvent(event);
        return;
    }
    // 120 is one notch: wheelScrollLines rows, as a QTableView scrolls per item.
    m_wheelRemainder += delta;
    const int notches = m_wheelRemainder / 120;
    m_wheelRemainder -= notches * 120;
    scrollRows(-qint64(notches) * QApplication::wheelScrollLines());
    event->accept();
}

bool DataGrid::eventFilter(QObject *watched, QEvent *event)
{
    // The wheel over the bar moves by rows too: a step of a scaled bar is many rows.
    if (watched == verticalScrollBar() && event->type() == QEvent::Wheel) {
        wheelEvent(static_cast<QWheelEvent *>(event));
        return true;
    }
    return QTableView::eventFilter(watched, event);
}

void DataGrid::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        emit copyRequested(); // the whole selection, not QAbstractItemView's one cell
        event->accept();
        return;
    }
    const ScopedFlag extending(m_extending);
    m_extending = event->modifiers().testFlag(Qt::ShiftModifier);
    QTableView::keyPressEvent(event);
}

void DataGrid::mousePressEvent(QMouseEvent *event)
{
    const ScopedFlag extending(m_extending);
    m_extending = event->modifiers().testFlag(Qt::ShiftModifier);
    QTableView::mousePressEvent(event);
    m_dragSelecting
        = event->button() == Qt::LeftButton && indexAt(event->position().toPoint()).isValid();
}

void DataGrid::mouseMoveEvent(QMouseEvent *event)
{
    const ScopedFlag extending(m_extending);
    m_extending = event->buttons() != Qt::NoButton;
    QTableView::mouseMoveEvent(event);
    m_dragPoint = event->position().toPoint();
    const bool pastAnEdge = m_dragPoint.y() < 0 || m_dragPoint.y() >= viewport()->height();
    if (m_dragSelecting && event->buttons().testFlag(Qt::LeftButton) && pastAnEdge) {
        if (!m_dragScroll.isActive()) {
            dragScroll(); // at once, then while it is held there
            m_dragScroll.start();
        }
    } else {
        m_dragScroll.stop();
    }
}

void DataGrid::mouseReleaseEvent(QMouseEvent *event)
{
    m_dragSelecting = false;
    m_dragScroll.stop();
    QTableView::mouseReleaseEvent(event);
}

void DataGrid::dragScroll()
{
    if (!m_model || !m_dragSelecting || m_model->totalRows() == 0) {
        m_dragScroll.stop();
        return;
    }
    // Faster the further past the edge, as spreadsheets do: a row per row height beyond it.
    const bool up = m_dragPoint.y() < 0;
    const int beyond = up ? -m_dragPoint.y() : m_dragPoint.y() - viewport()->height() + 1;
    const int rowHeight = qMax(1, verticalHeader()->defaultSectionSize());
    const qint64 shown = qMax<qint64>(1, m_model->windowRows());
    const qint64 step = qMin<qint64>(beyond / rowHeight + 1, shown);
    scrollRows(up ? -step : step);
    // The selection reaches the row at the edge the mouse is past, in the column under it.
    const qint64 edge
        = up ? m_model->origin() : qMin(m_model->origin() + shown - 1, m_model->totalRows() - 1);
    const int column = columnAt(m_dragPoint.x());
    setCurrent(Cell { edge, column >= 0 ? column : qMax(m_current.column, 0) });
    if (m_anchor.row < 0)
        m_anchor = m_current;
    m_open = spanning(m_anchor.row, m_anchor.column, m_current.row, m_current.column);
    showSelection();
}

QModelIndex DataGrid::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    if (!m_model || m_model->totalRows() == 0 || m_model->columnCount() == 0)
        return {};
    const qint64 last = m_model->totalRows() - 1;
    qint64 row = m_current.row >= 0 ? m_current.row : m_model->origin();
    int column = qMax(m_current.column, 0);
    const qint64 page = qMax(1, m_model->windowRows() - 1);
    const bool control = modifiers.testFlag(Qt::ControlModifier);
    switch (action) {
    case MoveUp:
        row -= 1;
        break;
    case MoveDown:
        row += 1;
        break;
    case MovePageUp:
        row -= page;
        break;
    case MovePageDown:
        row += page;
        break;
    case MoveHome:
        column = 0;
        if (control)
            row = 0;
        break;
    case MoveEnd:
        column = m_model->columnCount() - 1;
        if (control)
            row = last;
        break;
    default: {
        // Left, right, Tab: QTableView's own moves within the row, once the row is in view.
        scrollToRow(std::clamp<qint64>(row, 0, last));
        const int inView = m_model->viewRow(row);
        if (inView < 0)
            return {};
        if (!currentIndex().isValid() || currentIndex().row() != inView) {
            const ScopedFlag syncing(m_syncing);
            selectionModel()->setCurrentIndex(m_model->index(inView, column),
                                              QItemSelectionModel::NoUpdate);
        }
        return QTableView::moveCursor(action, modifiers);
    }
    }
    row = std::clamp<qint64>(row, 0, last);
    scrollToRow(row);
    return m_model->index(m_model->viewRow(row), column);
}

void DataGrid::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid() || !m_model)
        return;
    scrollToRow(m_model->absoluteRow(index.row()), hint);
    // QTableView's own scrollTo for the columns; what it does to the rows' bar is undone.
    const ScopedFlag syncing(m_syncing);
    QTableView::scrollTo(
        m_model->index(m_model->viewRow(m_model->absoluteRow(index.row())), index.column()),
        EnsureVisible);
    updateBar();
}

void DataGrid::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dy); // the window moves instead: every model row is always on screen
    QTableView::scrollContentsBy(dx, 0);
}

void DataGrid::updateGeometries()
{
    const ScopedFlag syncing(m_syncing);
    QTableView::updateGeometries();
    updateBar();
}

DataGrid::Cell DataGrid::cellAt(const QModelIndex &index) const
{
    if (!index.isValid() || !m_model)
        return {};
    return Cell { m_model->absoluteRow(index.row()), index.column() };
}

void DataGrid::setCurrent(Cell cell)
{
    if (cell == m_current)
        return;
    m_current = cell;
    emit currentCellChanged(cell.row, cell.column);
}

void DataGrid::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    if (m_syncing || !current.isValid())
        return;
    // Auto-scroll is off (a drag scrolls by the grid's own timer), and with it the scroll that
    // keeps a current cell moved by the keyboard on screen: done here, for its column (its row
    // is already in the window).
    scrollTo(current);
    setCurrent(cellAt(current));
    if (!m_extending)
        m_anchor = m_current;
}

void DataGrid::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!m_model || command == QItemSelectionModel::NoUpdate)
        return;
    if (command.testFlag(QItemSelectionModel::Clear))
        m_committed.clear();
    if (command.testFlag(QItemSelectionModel::Current)) {
        // Shift or a drag: from the anchor to the current cell, by table rows (the rectangle
        // QAbstractItemView passes is in view rows, which the window may have moved under).
        if (m_anchor.row < 0)
            m_anchor = m_current;
        m_open = spanning(m_anchor.row, m_anchor.column, m_current.row, m_current.column);
    } else {
        const Cell from = cellAt(indexAt(rect.topLeft()));
        const Cell to = cellAt(indexAt(rect.bottomRight()));
        if (from.row < 0 || to.row < 0) {
            showSelection();
            return;
        }
        if (m_open && !command.testFlag(QItemSelectionModel::Clear))
            m_committed << *m_open;
        const CellRange range = spanning(from.row, from.column, to.row, to.column);
        m_open = range;
        if (command.testFlag(QItemSelectionModel::Toggle) && m_committed.removeAll(range) > 0)
            m_open.reset(); // Ctrl+click on a selected cell takes it out
        m_anchor = m_current;
    }
    showSelection();
}

void DataGrid::selectionChanged(const QItemSelection &selected, const QItemSelection &deselected)
{
    QTableView::selectionChanged(selected, deselected);
    if (m_syncing || !m_model)
        return;
    // Changed by QTableView itself (a plain arrow key, a click on a row number): what the
    // window shows is the whole selection.
    m_committed.clear();
    m_open.reset();
    const QItemSelection now = selectionModel()->selection();
    for (const QItemSelectionRange &range : now)
        m_committed << CellRange { m_model->absoluteRow(range.top()),
                                   m_model->absoluteRow(range.bottom()), range.left(),
                                   range.right() };
}

void DataGrid::showSelection()
{
    if (!m_model || !selectionModel())
        return;
    const ScopedFlag syncing(m_syncing);
    const qint64 first = m_model->origin();
    const qint64 last = first + m_model->rowCount() - 1;
    QItemSelection shown;
    for (const CellRange &range : selectedRanges()) {
        const qint64 top = qMax(range.top, first), bottom = qMin(range.bottom, last);
        if (top <= bottom)
            shown.select(m_model->index(int(top - first), range.left),
                         m_model->index(int(bottom - first), range.right));
    }
    selectionModel()->select(shown, QItemSelectionModel::ClearAndSelect);
    const int row = m_model->viewRow(m_current.row);
    if (row >= 0 && m_current.column >= 0)
        selectionModel()->setCurrentIndex(m_model->index(row, m_current.column),
                                          QItemSelectionModel::NoUpdate);
    else
        selectionModel()->clearCurrentIndex();
    viewport()->update();
}

void DataGrid::windowMoved()
{
    updateBar();
    showSelection();
}

void DataGrid::forgetSelection()
{
    m_current = m_anchor = Cell {};
    m_committed.clear();
    m_open.reset();
    m_wheelRemainder = 0;
    updateBar();
}

} // namespace bridgescope
