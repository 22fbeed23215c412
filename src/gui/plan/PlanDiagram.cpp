#include "plan/PlanDiagram.h"

#include "plan/PlanReport.h"

#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>
#include <functional>

namespace bridgescope {

namespace {

constexpr qreal kGapX = 18;
constexpr qreal kGapY = 40;

QString milliseconds(double ms)
{
    return QLocale().toString(ms, 'f', ms < 10 ? 2 : ms < 100 ? 1 : 0) + QStringLiteral(" ms");
}

QString shortCount(double value)
{
    if (value >= 1e9)
        return QLocale().toString(value / 1e9, 'f', 1) + QStringLiteral(" G");
    if (value >= 1e6)
        return QLocale().toString(value / 1e6, 'f', 1) + QStringLiteral(" M");
    if (value >= 1e4)
        return QLocale().toString(value / 1e3, 'f', 0) + QStringLiteral(" k");
    return QLocale().toString(qint64(std::llround(value)));
}

double metricOf(const PlanNode &node, PlanMetric metric)
{
    switch (metric) {
    case PlanMetric::ExclusiveTime:
        return node.exclusiveMs;
    case PlanMetric::Rows:
        return node.analyzed ? node.actualRowsTotal : node.planRowsTotal;
    case PlanMetric::ExclusiveCost:
        return node.exclusiveCost;
    }
    return 0;
}

// One node's box: painted from the node's figures.
class NodeBox : public QGraphicsRectItem
{
public:
    NodeBox(const PlanNode &node, double share, double barShare, bool selected)
        : QGraphicsRectItem(0, 0, PlanDiagram::kBoxWidth, PlanDiagram::kBoxHeight)
        , m_node(node)
        , m_share(share)
        , m_barShare(barShare)
        , m_selected(selected)
    {
        setData(0, node.id);
        setToolTip(tooltip());
    }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const QRectF box = rect();
        const bool grey = m_node.neverExecuted;
        const QColor edge = m_selected ? QColor(0x1f, 0x6f, 0xd1) : planShareColour(m_share);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(edge.isValid() ? edge : QColor(0x9a, 0x9a, 0x9a),
                             m_selected || edge.isValid() ? 2.5 : 1));
        painter->setBrush(grey ? QColor(0xee, 0xee, 0xee) : QColor(Qt::white));
        painter->drawRoundedRect(box.adjusted(1, 1, -1, -1), 5, 5);
        const QColor ink = grey ? QColor(0x99, 0x99, 0x99) : QColor(0x20, 0x20, 0x20);
        QFont bold = painter->font();
        bold.setBold(true);
        const QRectF inner = box.adjusted(8, 5, -8, -5);
        painter->setFont(bold);
        painter->setPen(ink);
        const QFontMetricsF boldMetrics(bold);
        painter->drawText(QPointF(inner.left(), inner.top() + boldMetrics.ascent()),
                          boldMetrics.elidedText(m_node.label, Qt::ElideRight, inner.width() - 58));
        // Its share, top right.
        if (m_node.timed && !grey) {
            painter->drawText(
                QRectF(inner.right() - 56, inner.top(), 56, boldMetrics.height()), Qt::AlignRight,
                QStringLiteral("%1 %").arg(QLocale().toString(m_share * 100, 'f', 0)));
        }
        QFont plain = painter->font();
        plain.setBold(false);
        painter->setFont(plain);
        const QFontMetricsF metrics(plain);
        qreal y = inner.top() + boldMetrics.height() + metrics.ascent();
        const QString target = planNodeTitle(m_node).mid(m_node.label.size()).trimmed();
        painter->setPen(grey ? ink : QColor(0x2b, 0x5c, 0x99));
        painter->drawText(QPointF(inner.left(), y),
                          metrics.elidedText(target, Qt::ElideMiddle, inner.width()));
        y += metrics.height();
        painter->setPen(grey ? ink : QColor(0x55, 0x55, 0x55));
        if (!m_node.condition.isEmpty())
            painter->drawText(QPointF(inner.left(), y),
                              metrics.elidedText(m_node.condition, Qt::ElideRight, inner.width()));
        y += metrics.height() - metrics.ascent() + 3;
        // The metric's bar.
        const QRectF bar(inner.left(), y, inner.width(), 5);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe4, 0xe4, 0xe4));
        painter->drawRect(bar);
        painter->setBrush(grey ? QColor(0xbb, 0xbb, 0xbb) : QColor(0x3d, 0x7e, 0xd6));
        painter->drawRect(QRectF(bar.topLeft(),
                                 QSizeF(bar.width() * qBound(0.0, m_barShare, 1.0), bar.height())));
        y += 8 + metrics.ascent();
        painter->setPen(ink);
        painter->drawText(QPointF(inner.left(), y),
                          metrics.elidedText(figures(), Qt::ElideRight, inner.width()));
        // Marks: a misestimate, rows removed.
        QStringList marks;
        if (m_node.misestimate != Misestimate::None && m_node.misestimateFactor >= 10)
            marks << (m_node.misestimate == Misestimate::Under ? QStringLiteral("▲")
                                                               : QStringLiteral("▼"))
                    + (m_node.misestimateFactor >= 1000      ? QStringLiteral("1000×")
                           : m_node.misestimateFactor >= 100 ? QStringLiteral("100×")
                                                             : QStringLiteral("10×"));
        if (m_node.removedShare >= 0.5)
            marks << QStringLiteral("⊘%1 %").arg(
                QLocale().toString(m_node.removedShare * 100, 'f',
                                   m_node.removedShare >= 0.99 && m_node.removedShare < 1 ? 1 : 0));
        if (!marks.isEmpty()) {
            const QString text = marks.join(QLatin1Char(' '));
            const qreal width = metrics.horizontalAdvance(text) + 8;
            const QRectF badge(box.right() - width - 4, box.bottom() - metrics.height() - 4, width,
                               metrics.height() + 2);
            painter->setPen(Qt::NoPen);
            const bool severe = m_node.misestimateFactor >= 1000 || m_node.removedShare >= 0.9;
            painter->setBrush(severe ? QColor(0xc6, 0x28, 0x28) : QColor(0xe0, 0x8a, 0x00));
            painter->drawRoundedRect(badge, 3, 3);
            painter->setPen(Qt::white);
            painter->drawText(badge, Qt::AlignCenter, text);
        }
    }

    void setSelected(bool selected)
    {
        if (selected != m_selected) {
            m_selected = selected;
            update();
        }
    }
    void setBarShare(double share)
    {
        m_barShare = share;
        update();
    }

private:
    QString figures() const
    {
        if (m_node.neverExecuted)
            return QObject::tr("never executed");
        if (!m_node.analyzed)
            return QObject::tr("cost %1 · rows %2")
                .arg(QLocale().toString(m_node.exclusiveCost, 'f', 1), shortCount(m_node.planRows));
        QStringList parts;
        if (m_node.timed)
            parts << QObject::tr("%1 own").arg(milliseconds(m_node.exclusiveMs));
        parts << QObject::tr("rows %1 of %2")
                     .arg(shortCount(m_node.actualRowsTotal), shortCount(m_node.planRowsTotal));
        if (m_node.loops > 1)
            parts << QObject::tr("×%1").arg(QLocale().toString(m_node.loops));
        return parts.join(QStringLiteral(" · "));
    }

    QString tooltip() const
    {
        QStringList lines { planNodeTitle(m_node).toHtmlEscaped() };
        if (!m_node.condition.isEmpty())
            lines << QStringLiteral("%1: %2").arg(m_node.conditionKind,
                                                  m_node.condition.toHtmlEscaped());
        if (m_node.timed)
            lines << QObject::tr("Time: %1 own, %2 in all")
                         .arg(milliseconds(m_node.exclusiveMs), milliseconds(m_node.inclusiveMs));
        if (m_node.analyzed)
            lines << QObject::tr("Rows: %1 actual, %2 planned%3")
                         .arg(QLocale().toString(m_node.actualRowsTotal, 'f', 0),
                              QLocale().toString(m_node.planRowsTotal, 'f', 0),
                              m_node.misestimate == Misestimate::None
                                  ? QString()
                                  : QObject::tr(" (%1× %2)")
                                        .arg(std::isinf(m_node.misestimateFactor)
                                                 ? QStringLiteral("∞")
                                                 : QLocale().toString(m_node.misestimateFactor, 'f',
                                                                      1),
                                             m_node.misestimate == Misestimate::Under
                                                 ? QObject::tr("under")
                                                 : QObject::tr("over")));
        if (m_node.removedShare >= 0)
            lines << QObject::tr("Removed by filter or recheck: %1 rows (%2 %)")
                         .arg(QLocale().toString(m_node.removedByFilterTotal
                                                     + m_node.removedByRecheckTotal,
                                                 'f', 0),
                              QLocale().toString(m_node.removedShare * 100, 'f', 1));
        const PlanBuffers &b = m_node.exclusiveBuffers;
        if (b.sharedHit || b.sharedRead || b.tempRead || b.tempWritten)
            lines << QObject::tr("Buffers (own): shared hit %1, read %2, dirtied %3, written %4; "
                                 "temp read %5, written %6")
                         .arg(b.sharedHit)
                         .arg(b.sharedRead)
                         .arg(b.sharedDirtied)
                         .arg(b.sharedWritten)
                         .arg(b.tempRead)
                         .arg(b.tempWritten);
        if (!m_node.sortMethod.isEmpty())
            lines << QObject::tr("Sort: %1, %2 %3 kB")
                         .arg(m_node.sortMethod, m_node.sortSpaceType)
                         .arg(m_node.sortSpaceKb);
        if (m_node.hashBatches >= 0)
            lines << QObject::tr("Hash: %1 batches (planned %2), %3 kB")
                         .arg(m_node.hashBatches)
                         .arg(m_node.originalHashBatches)
                         .arg(m_node.peakMemoryKb);
        if (m_node.workersPlanned >= 0)
            lines << QObject::tr("Workers: %1 planned, %2 launched")
                         .arg(m_node.workersPlanned)
                         .arg(m_node.workersLaunched);
        return lines.join(QStringLiteral("<br>"));
    }

    PlanNode m_node;
    double m_share;
    double m_barShare;
    bool m_selected;
};

} // namespace

QColor planShareColour(double share)
{
    if (share > 0.9)
        return QColor(0xc6, 0x28, 0x28);
    if (share > 0.4)
        return QColor(0xe6, 0x6a, 0x00);
    if (share > 0.1)
        return QColor(0xe0, 0xb0, 0x00);
    return QColor();
}

PlanDiagram::PlanDiagram(QWidget *parent)
    : QGraphicsView(parent)
    , m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setBackgroundBrush(QColor(0xf6, 0xf7, 0xf9));
}

void PlanDiagram::showPlan(const Plan &plan)
{
    m_plan = plan;
    m_selected = -1;
    layOut();
    draw();
    // A small tree fits the view; a large one opens at a readable size on its top node.
    resetTransform();
    const QRectF scene = m_scene->sceneRect();
    const qreal fit = qMin(viewport()->width() / qMax<qreal>(1, scene.width()),
                           viewport()->height() / qMax<qreal>(1, scene.height()));
    const qreal zoom = qBound<qreal>(0.6, fit, 1.0);
    scale(zoom, zoom);
    if (fit >= 0.6)
        centerOn(scene.center());
    else
        centerOn(nodeRect(0).center().x(),
                 nodeRect(0).top() + viewport()->height() / (2 * zoom) - 30);
}

void PlanDiagram::setMetric(PlanMetric metric)
{
    m_metric = metric;
    showBars(); // the boxes stay; their bars change
}

void PlanDiagram::selectNode(int id)
{
    if (id < 0 || id >= m_plan.nodes.size())
        return;
    // Two boxes change, not the scene: a 5,000-node plan is not drawn again on a click.
    if (m_selected >= 0 && m_selected < m_boxes.size())
        static_cast<NodeBox *>(m_boxes[m_selected])->setSelected(false);
    m_selected = id;
    if (id < m_boxes.size())
        static_cast<NodeBox *>(m_boxes[id])->setSelected(true);
    ensureVisible(nodeRect(id), 40, 40);
    emit nodeSelected(id);
}

QRectF PlanDiagram::nodeRect(int id) const
{
    if (id < 0 || id >= m_places.size())
        return {};
    return QRectF(m_places[id], QSizeF(kBoxWidth, kBoxHeight));
}

// A tidy tree: each leaf takes the next column, a parent sits over the middle of its
// children; the depth gives the row.
void PlanDiagram::layOut()
{
    m_places = QList<QPointF>(m_plan.nodes.size());
    qreal nextColumn = 0;
    // Depth first from the end: children are placed before their parent (ids grow with depth).
    std::function<qreal(int)> place = [&](int id) -> qreal {
        const PlanNode &node = m_plan.nodes[id];
        qreal x = 0;
        if (node.children.isEmpty()) {
            x = nextColumn;
            nextColumn += kBoxWidth + kGapX;
        } else {
            qreal first = 0;
            qreal last = 0;
            for (qsizetype i = 0; i < node.children.size(); ++i) {
                const qreal childX = place(node.children[i]);
                if (i == 0)
                    first = childX;
                last = childX;
            }
            x = (first + last) / 2;
        }
        m_places[id] = QPointF(x, node.depth * (kBoxHeight + kGapY));
        return x;
    };
    if (!m_plan.nodes.isEmpty())
        place(0);
}

void PlanDiagram::draw()
{
    m_scene->clear();
    if (m_plan.nodes.isEmpty())
        return;
    const double total = m_plan.totalMs();
    QPen line(QColor(0x9a, 0xa5, 0xb1), 1.5);
    for (const PlanNode &node : std::as_const(m_plan.nodes)) {
        if (node.parent < 0)
            continue;
        const QRectF child = nodeRect(node.id);
        const QRectF parent = nodeRect(node.parent);
        // Rows flow up: the line is thicker for more rows.
        const double rows = node.analyzed ? node.actualRowsTotal : node.planRowsTotal;
        line.setWidthF(1.2 + qMin(6.0, std::log10(qMax(1.0, rows))));
        line.setStyle(node.parentRelationship == QLatin1String("InitPlan")
                              || node.parentRelationship == QLatin1String("SubPlan")
                          ? Qt::DashLine
                          : Qt::SolidLine);
        const qreal midY = parent.bottom() + kGapY / 2;
        QPainterPath path(QPointF(child.center().x(), child.top()));
        path.lineTo(child.center().x(), midY);
        path.lineTo(parent.center().x(), midY);
        path.lineTo(parent.center().x(), parent.bottom());
        m_scene->addPath(path, line);
        if (!node.subplanName.isEmpty()) {
            QGraphicsSimpleTextItem *label = m_scene->addSimpleText(node.subplanName);
            label->setBrush(QColor(0x55, 0x55, 0x55));
            label->setPos(child.left() + 4, child.top() - 16);
        }
    }
    m_boxes.clear();
    for (const PlanNode &node : std::as_const(m_plan.nodes)) {
        const double share = total > 0 && node.timed ? node.exclusiveMs / total : 0;
        auto *box = new NodeBox(node, share, 0, node.id == m_selected);
        box->setPos(m_places[node.id]);
        m_scene->addItem(box);
        m_boxes << box;
    }
    showBars();
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-20, -30, 20, 20));
}

void PlanDiagram::showBars()
{
    double largest = 0;
    for (const PlanNode &node : std::as_const(m_plan.nodes))
        largest = qMax(largest, metricOf(node, m_metric));
    for (qsizetype id = 0; id < m_boxes.size(); ++id)
        static_cast<NodeBox *>(m_boxes[id])
            ->setBarShare(largest > 0 ? metricOf(m_plan.nodes[id], m_metric) / largest : 0);
}

void PlanDiagram::mousePressEvent(QMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->position().toPoint())) {
        const QVariant id = item->data(0);
        if (id.isValid()) {
            selectNode(id.toInt());
            break;
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void PlanDiagram::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(factor, factor);
        return;
    }
    QGraphicsView::wheelEvent(event);
}

} // namespace bridgescope
