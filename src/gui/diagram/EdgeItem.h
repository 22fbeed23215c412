#pragma once

#include "catalog/SchemaSnapshot.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace bridgescope {

class TableItem;

// A foreign key: from the referencing column's row (the "many" end, a crow's foot) to the
// referenced column's row (the "one" end, a bar), coloured by its ON DELETE action, which is
// written at the referencing end unless it is NO ACTION.
// A key's ON DELETE action (and "per partition") written on it: an item of its own, above the
// boxes, so a neighbouring box never covers it (the edge itself goes under them). The scene
// owns it; its edge places it.
class EdgeLabel : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };
    EdgeLabel(const QStringList &words, const QColor &color);
    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_box; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void placeAbove(const QPointF &point); // its bottom centre just above the point
    QString text() const { return m_words.join(QLatin1Char(' ')); }

private:
    QStringList m_words;
    QColor m_color;
    QRectF m_box;
};

class EdgeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    EdgeItem(const ForeignKeyInfo &key, TableItem *from, TableItem *to);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const ForeignKeyInfo &key() const { return m_key; }
    TableItem *from() const { return m_from; }
    TableItem *to() const { return m_to; }

    // Recomputes the curve from where the two boxes are now.
    void reroute();
    void setEmphasis(bool emphasised, bool dimmed);
    // The words on the edge (ON DELETE, per partition), or null: for the scene to add.
    EdgeLabel *label() const { return m_label; }

private:
    ForeignKeyInfo m_key;
    TableItem *m_from;
    TableItem *m_to;
    int m_fromColumn = -1;
    int m_toColumn = -1;
    QPainterPath m_path;
    QPointF m_start, m_end; // the column anchors
    QPointF m_middle; // the middle of the curve, under the label
    QPointF m_startDirection, m_endDirection; // unit vectors out of the boxes
    bool m_emphasised = false;
    EdgeLabel *m_label = nullptr; // owned by the scene once added
};

} // namespace bridgescope
