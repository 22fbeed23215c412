#pragma once

#include "catalog/SchemaSnapshot.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace bridgescope {

class TableItem;

// A foreign key: from the referencing column's row (the "many" end, a crow's foot) to the
// referenced column's row (the "one" end, a bar), coloured by its ON DELETE action, which is
// written at the referencing end unless it is NO ACTION.
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
};

} // namespace bridgescope
