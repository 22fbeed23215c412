#include "diagram/EdgeItem.h"

#include "diagram/DiagramColors.h"
#include "diagram/TableItem.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

namespace bridgescope {

namespace {

constexpr qreal kStub = 18; // straight run out of a box before the curve bends

QString qualifiedColumns(const QString &schema, const QString &table, const QStringList &columns)
{
    return QStringLiteral("%1.%2 (%3)").arg(schema, table, columns.join(QStringLiteral(", ")));
}

} // namespace

EdgeItem::EdgeItem(const ForeignKeyInfo &key, TableItem *from, TableItem *to)
    : m_key(key)
    , m_from(from)
    , m_to(to)
{
    m_fromColumn = from->columnIndex(key.fromColumns.value(0));
    m_toColumn = to->columnIndex(key.toColumns.value(0));
    setZValue(0);
    setAcceptHoverEvents(true);
    setToolTip(
        QStringLiteral("<b>%1</b><br>%2<br>→ %3<br>ON DELETE %4, ON UPDATE %5")
            .arg(key.name.toHtmlEscaped(),
                 qualifiedColumns(key.fromSchema, key.fromTable, key.fromColumns).toHtmlEscaped(),
                 qualifiedColumns(key.toSchema, key.toTable, key.toColumns).toHtmlEscaped(),
                 key.onDelete, key.onUpdate));
    reroute();
}

void EdgeItem::reroute()
{
    prepareGeometryChange();
    const QRectF fromBox = m_from->sceneBoundingRect();
    const QRectF toBox = m_to->sceneBoundingRect();
    bool fromRight, toRight;
    if (m_from == m_to) {
        fromRight = toRight = true; // a loop on the right side
    } else if (fromBox.right() + 2 * kStub < toBox.left()) {
        fromRight = true, toRight = false;
    } else if (toBox.right() + 2 * kStub < fromBox.left()) {
        fromRight = false, toRight = true;
    } else {
        // Stacked: leave and arrive on the same side, the one nearer both.
        fromRight = toRight = fromBox.center().x() <= toBox.center().x();
    }
    m_start = m_from->anchor(m_fromColumn, fromRight);
    m_end = m_to->anchor(m_toColumn, toRight);
    m_startDirection = QPointF(fromRight ? 1 : -1, 0);
    m_endDirection = QPointF(toRight ? 1 : -1, 0);

    const QPointF a = m_start + m_startDirection * kStub;
    const QPointF b = m_end + m_endDirection * kStub;
    // A self-reference is a tight loop beside its own box; a key between stacked boxes bows
    // out far enough to clear them.
    const bool sameSide = fromRight == toRight;
    const qreal pull = m_from == m_to ? 28 : std::max<qreal>(40, std::abs(b.x() - a.x()) * 0.45);
    const qreal loop = (sameSide && m_from != m_to) ? 30 + std::abs(b.y() - a.y()) * 0.1 : 0;
    QPainterPath path(m_start);
    path.lineTo(a);
    path.cubicTo(a + m_startDirection * (pull + loop), b + m_endDirection * (pull + loop), b);
    path.lineTo(m_end);
    m_path = path;
}

void EdgeItem::setEmphasis(bool emphasised, bool dimmed)
{
    m_emphasised = emphasised;
    setOpacity(dimmed ? 0.15 : 1.0);
    update();
}

QRectF EdgeItem::boundingRect() const
{
    // Room for the end marks and the action label.
    return m_path.boundingRect()
        .adjusted(-14, -14, 14, 14)
        .united(QRectF(m_start + m_startDirection * 8 - QPointF(70, 16), QSizeF(140, 32)));
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    return stroker.createStroke(m_path);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal scale = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor color = diagramcolors::edge(m_key.onDelete);
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(color, m_emphasised ? 2.6 : 1.3);
    if (scale < TableItem::kOverviewScale)
        pen.setWidthF(pen.widthF() / std::max(scale, 0.05) * 0.5);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (scale < TableItem::kOverviewScale)
        return;

    // The "many" end: a crow's foot at the referencing column.
    const QPointF out = m_startDirection;
    const QPointF across(0, 6);
    const QPointF foot = m_start + out * 12;
    painter->drawLine(foot, m_start + across);
    painter->drawLine(foot, m_start - across);
    painter->drawLine(foot, m_start);
    // The "one" end: a bar across the line at the referenced column.
    const QPointF bar = m_end + m_endDirection * 8;
    painter->drawLine(bar + across, bar - across);

    if (m_key.onDelete != QLatin1String("NO ACTION")) {
        QFont font = painter->font();
        font.setPointSizeF(7);
        font.setBold(true);
        painter->setFont(font);
        const QString label = m_key.onDelete;
        const QRectF textBox(0, 0, 66, 12);
        QRectF placed = textBox;
        placed.moveCenter(m_start + out * 20 + QPointF(out.x() * 26, -9));
        painter->setPen(color);
        painter->drawText(placed, Qt::AlignCenter, label);
    }
}

} // namespace bridgescope
