#pragma once

#include "catalog/SchemaSnapshot.h"

#include <QFont>
#include <QGraphicsItem>

namespace bridgescope {

class EdgeItem;

// Fonts and sizes every box shares, measured once per scene.
struct DiagramMetrics
{
    explicit DiagramMetrics(const QFont &base);
    QFont font, bold, italic, small, overview;
    qreal rowHeight = 0;
    qreal headerHeight = 0;
    qreal badgeWidth = 0; // one of "PK", "FK", …
    qreal padding = 6;
    // Past this width types are elided (whole in the tooltip). Names never are: PostgreSQL
    // caps an identifier at 63 bytes, so the widest name is a bounded box.
    qreal maxWidth = 460;
};

// One table (or view) as a box: a header with its whole name (and, on a line of its own, its
// kind when it is not a plain table), a row per column with PK/FK/UK/IX badges and its type.
// A table of more than kCollapseAbove columns shows its key columns and its first ones, then
// "… N more columns", which a click expands (and collapses again). Zoomed out far enough that
// the rows cannot be read, it draws only its name, large. Dragging moves the box; its edges are
// rerouted when it is dropped.
class TableItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    TableItem(const TableInfo &table, QList<ColumnRoles> roles, const DiagramMetrics &metrics,
              bool showSchema);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const TableInfo &table() const { return m_table; }
    QSizeF size() const { return m_size; }

    // Where an edge meets a column's row, on the left or right side, in scene coordinates.
    // A column that is not there (-1) anchors on the header.
    QPointF anchor(int column, bool rightSide) const;
    int columnIndex(const QString &name) const;

    void addEdge(EdgeItem *edge) { m_edges.append(edge); }
    const QList<EdgeItem *> &edges() const { return m_edges; }

    void setDimmed(bool dimmed);
    // Marked as a search match (at every zoom), by its name (column -1) or a column.
    void setMatch(bool matched, int column = -1);
    bool isMatch() const { return m_matched; }
    int matchedColumn() const { return m_matchedColumn; }

    static constexpr qreal kOverviewScale = 0.45; // below this zoom, names only
    // The name's lines at a zoom below kOverviewScale, and the font they fit in: broken after
    // '_' or '.' only, never inside a word, and never cut.
    QStringList overviewLines(qreal scale, QFont *fitted = nullptr) const;
    static constexpr int kCollapseAbove = 30; // columns; more are collapsed at first
    static constexpr int kShownCollapsed = 20; // key columns first, then the first ones

    // Wide tables: whether every column is shown. Resizes the box and reroutes its edges.
    bool isCollapsible() const { return m_table.columns.size() > kCollapseAbove; }
    bool isExpanded() const { return m_expanded; }
    void setExpanded(bool expanded);
    int shownColumnCount() const { return int(m_shown.size()); }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    static constexpr int kMoreRow = -3;
    // The column index under `local`, -1 for the header, kMoreRow for "… N more columns".
    int rowAt(QPointF local) const;
    void layOut(); // m_shown, sizes and positions from m_expanded
    qreal moreRowTop() const;
    QString tableToolTip() const;
    QString columnToolTip(int column) const;
    void paintOverview(QPainter *painter, qreal scale) const;
    mutable qreal m_overviewScale = -1; // the zoom m_overviewLines were made for
    mutable QStringList m_overviewLines;
    mutable QFont m_overviewFont;

    TableInfo m_table;
    QList<ColumnRoles> m_roles;
    const DiagramMetrics &m_metrics;
    bool m_showSchema = false;
    QSizeF m_size;
    QString m_title; // the name, never elided
    QString m_subtitle; // "partitioned table", "view", "no access", …; empty for a table
    qreal m_headerHeight = 0;
    qreal m_nameX = 0;
    qreal m_typeColumnX = 0;
    QList<int> m_shown; // the column indices drawn, in table order
    bool m_expanded = false;
    QList<EdgeItem *> m_edges;
    int m_matchedColumn = -1;
    bool m_matched = false;
    int m_hoverRow = -2;
    bool m_moved = false;
};

} // namespace bridgescope
