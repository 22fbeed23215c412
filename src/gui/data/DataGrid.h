#pragma once

#include "data/RowScale.h"

#include <QList>
#include <QTableView>
#include <QTimer>

namespace bridgescope {

class DataTableModel;

// A rectangle of cells by the rows' numbers in the table (0-based, inclusive).
struct CellRange
{
    qint64 top = 0;
    qint64 bottom = 0;
    int left = 0;
    int right = 0;
    bool contains(qint64 row, int column) const
    {
        return row >= top && row <= bottom && column >= left && column <= right;
    }
    bool operator==(const CellRange &other) const = default;
};

// The Data tab's grid over a DataTableModel's window of rows.
//
// The vertical scrollbar is the grid's own: it stands for the 64-bit position of the window's
// first row (RowScale), and the wheel, the arrow and page keys, Ctrl+Home/End and the bar's
// arrows move the window by rows. The current cell and the selection are kept by the rows'
// numbers in the table, so they stay on their rows while the window moves over them, and a
// selection can reach rows that are not on screen (Shift+Ctrl+End, Select All).
class DataGrid : public QTableView
{
    Q_OBJECT
public:
    explicit DataGrid(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override; // a DataTableModel
    DataTableModel *windowModel() const { return m_model; }

    // Each column as wide as its name and its first rows' text (within bounds).
    void fitColumns();
    // The header's arrow for the rows' order (-1: none): up for ascending, as the status lines
    // say it. The header only shows it; its clicks sort through the grid's owner.
    void showSortArrow(int section, bool descending);
    void scrollToRow(qint64 row, ScrollHint hint = EnsureVisible);
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    qint64 currentRow() const { return m_current.row; } // -1: none
    int currentColumn() const { return m_current.column; }
    void setCurrentCell(qint64 row, int column); // scrolls it into view
    QList<CellRange> selectedRanges() const;
    void selectAll() override;
    bool isDragScrolling() const { return m_dragScroll.isActive(); }

signals:
    void currentCellChanged(qint64 row, int column);
    void copyRequested(); // Ctrl+C

protected:
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    void scrollContentsBy(int dx, int dy) override;
    void updateGeometries() override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;
    void selectionChanged(const QItemSelection &selected,
                          const QItemSelection &deselected) override;

private:
    struct Cell
    {
        qint64 row = -1;
        int column = -1;
        bool operator==(const Cell &other) const = default;
    };
    RowScale scale() const;
    void fitWindow(); // as many rows as the viewport shows whole
    void updateBar();
    void barAction(int action);
    void barMoved(int value);
    void scrollRows(qint64 rows);
    void dragScroll(); // one step of a drag held past the top or bottom edge
    void showSelection(); // the table-row selection and current cell onto the window
    void windowMoved();
    void forgetSelection();
    void setCurrent(Cell cell);
    Cell cellAt(const QModelIndex &index) const;

    DataTableModel *m_model = nullptr;
    Cell m_current;
    Cell m_anchor; // where a Shift selection starts
    QList<CellRange> m_committed; // finished ranges (Ctrl+click adds one)
    std::optional<CellRange> m_open; // the range the anchor spans to the current cell
    bool m_syncing = false; // the grid itself is updating the view's selection or scrollbar
    bool m_extending = false; // the event being handled extends a selection (Shift, a drag)
    int m_wheelRemainder = 0; // angle delta short of a whole row
    // A drag-selection held past the top or bottom edge scrolls the window on, by table rows
    // (QAbstractItemView's own auto-scroll moves a bar that stands for billions of rows).
    QTimer m_dragScroll;
    bool m_dragSelecting = false; // the left button went down on a cell and is held
    QPoint m_dragPoint; // the mouse, in the viewport's coordinates
};

} // namespace bridgescope
