#pragma once

#include "plan/Plan.h"

#include <QGraphicsView>

class QGraphicsRectItem;
class QGraphicsScene;

namespace bridgescope {

// What each node's bar measures.
enum class PlanMetric { ExclusiveTime, Rows, ExclusiveCost };

// The plan tree drawn, the top node at the top: one box per node with its name, its relation
// or index, its condition, a bar for the chosen metric against the largest, its own and total
// time, rows actual against planned. The box's edge says its share of the time (past 10 %,
// 40 %, 90 %); a misestimate past 10×, 100×, 1000× and rows removed past 50 % and 90 % are
// marked; a node never executed is grey. A click selects a node (nodeSelected).
class PlanDiagram : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr qreal kBoxWidth = 250;
    static constexpr qreal kBoxHeight = 86;

    explicit PlanDiagram(QWidget *parent = nullptr);

    void showPlan(const Plan &plan);
    void setMetric(PlanMetric metric);
    PlanMetric metric() const { return m_metric; }
    void selectNode(int id); // and scroll to it
    int selectedNode() const { return m_selected; }
    // Where a node's box is in the scene (for tests: boxes do not overlap, children below).
    QRectF nodeRect(int id) const;

signals:
    void nodeSelected(int id);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void layOut();
    void draw(); // the scene, once per plan
    void showBars(); // each box's bar for the metric

    QGraphicsScene *m_scene = nullptr;
    Plan m_plan;
    QList<QPointF> m_places; // each node's box, top left
    PlanMetric m_metric = PlanMetric::ExclusiveTime;
    int m_selected = -1;
    QList<QGraphicsRectItem *> m_boxes; // by node id, owned by the scene
};

// A node's share of the plan's time as a colour: none under 10 %, then yellow, orange, red
// (past 10 %, 40 %, 90 %), as PEV2 marks them.
QColor planShareColour(double share);

} // namespace bridgescope
