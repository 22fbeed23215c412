#include "diagram/EdgeItem.h"

#include "diagram/DiagramColors.h"
#include "diagram/TableItem.h"

#include <QFontMetricsF>
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

QString declaredOnPartitions(const ForeignKeyInfo &key)
{
    if (key.declaredOn.isEmpty())
        return {};
    QStringList names;
    for (const RelationName &partition : key.declaredOn)
        names << partition.qualifiedName().toHtmlEscaped();
    constexpr int kListed = 12;
    const qsizetype more = names.size() - kListed;
    if (more > 0)
        names = names.mid(0, kListed) << QStringLiteral("and %1 more").arg(more);
    return QStringLiteral("<br><i>Declared per partition, not on the table: on %1 (%2).</i>")
        .arg(key.declaredOn.size() == 1
                 ? QStringLiteral("1 partition")
                 : QStringLiteral("%1 partitions").arg(key.declaredOn.size()),
             names.join(QStringLiteral(", ")));
}

} // namespace

EdgeLabel::EdgeLabel(const QStringList &words, const QColor &color)
    : m_words(words)
    , m_color(color)
{
    setZValue(2); // over the boxes (1) and the edges (0)
    QFont font;
    font.setPointSizeF(7);
    font.setBold(true);
    const QFontMetricsF measure(font);
    qreal widest = 0;
    for (const QString &word : std::as_const(m_words))
        widest = std::max(widest, measure.horizontalAdvance(word));
    m_box = QRectF(0, 0, widest + 6, measure.height() * m_words.size() + 2);
}

void EdgeLabel::placeAbove(const QPointF &point)
{
    setPos(point.x() - m_box.width() / 2, point.y() - 3 - m_box.height());
}

void EdgeLabel::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    // Too small to read when zoomed far out: the colour of the line says it there.
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < TableItem::kOverviewScale)
        return;
    QFont font = painter->font();
    font.setPointSizeF(7);
    font.setBold(true);
    painter->setFont(font);
    painter->setRenderHint(QPainter::Antialiasing);
    // On a patch of the background: between close boxes it sits over a box's edge.
    painter->setPen(Qt::NoPen);
    painter->setBrush(diagramcolors::page());
    painter->drawRoundedRect(m_box, 3, 3);
    painter->setPen(m_color);
    painter->drawText(m_box, Qt::AlignCenter, m_words.join(QLatin1Char('\n')));
}

EdgeItem::EdgeItem(const ForeignKeyInfo &key, TableItem *from, TableItem *to)
    : m_key(key)
    , m_from(from)
    , m_to(to)
{
    QStringList words;
    if (key.onDelete != QLatin1String("NO ACTION"))
        words << key.onDelete;
    if (!key.declaredOn.isEmpty())
        words << QStringLiteral("per partition");
    if (!words.isEmpty())
        m_label = new EdgeLabel(words, diagramcolors::edge(key.onDelete));
    m_fromColumn = from->columnIndex(key.fromColumns.value(0));
    m_toColumn = to->columnIndex(key.toColumns.value(0));
    setZValue(0);
    setAcceptHoverEvents(true);
    setToolTip(
        QStringLiteral("<b>%1</b><br>%2<br>→ %3<br>ON DELETE %4, ON UPDATE %5")
            .arg(key.name.toHtmlEscaped(),
                 qualifiedColumns(key.fromSchema, key.fromTable, key.fromColumns).toHtmlEscaped(),
                 qualifiedColumns(key.toSchema, key.toTable, key.toColumns).toHtmlEscaped(),
                 key.onDelete, key.onUpdate)
        + (key.period ? QStringLiteral("<br>temporal: the last columns match by PERIOD (ranges "
                                       "must be covered)")
                      : QString())
        + declaredOnPartitions(key));
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
    const QPointF c1 = a + m_startDirection * (pull + loop);
    const QPointF c2 = b + m_endDirection * (pull + loop);
    path.cubicTo(c1, c2, b);
    // The curve's point at t = 0.5, where the label goes: QPainterPath::pointAtPercent measures
    // arc length, and asked on every paint it took a fifth of a 1,000-table export.
    m_middle = (a + 3 * c1 + 3 * c2 + b) / 8;
    path.lineTo(m_end);
    m_path = path;
    if (m_label)
        m_label->placeAbove(m_middle);
}

void EdgeItem::setEmphasis(bool emphasised, bool dimmed)
{
    m_emphasised = emphasised;
    setOpacity(dimmed ? 0.15 : 1.0);
    if (m_label)
        m_label->setOpacity(dimmed ? 0.15 : 1.0);
    update();
}

QRectF EdgeItem::boundingRect() const
{
    // Room for the end marks (the label is an item of its own).
    return m_path.boundingRect().adjusted(-14, -14, 14, 14);
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
    // A key the partitions declare each: dashed, and said in words on it.
    const bool perPartition = !m_key.declaredOn.isEmpty();
    if (perPartition)
        pen.setStyle(Qt::DashLine);
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
}

} // namespace bridgescope
