#pragma once

#include "workflows/WorkflowTrace.h"

#include <QAbstractScrollArea>

namespace bridgescope {

// A workflow's steps as a waterfall on one time axis, in step_order: a bar from each step's start
// to its end, coloured by status, hatched where a time was estimated, outlined in red where its
// times contradict each other; the FSM transitions as markers on the same axis, and the events
// as ticks in a lane at the bottom. Only the rows on screen are painted, so 10,000 steps scroll
// as smoothly as ten. A click selects a step; a double-click asks for its payload.
class TraceWaterfall : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit TraceWaterfall(QWidget *parent = nullptr);

    void setTrace(const WorkflowTrace &trace);
    void clear();

    int currentStep() const { return m_current; } // index into the trace's steps; -1: none
    void setCurrentStep(int index); // selects and scrolls to it
    int stepAt(const QPoint &viewportPoint) const;
    int rowHeight() const;

signals:
    void stepSelected(int index);
    void stepActivated(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override; // tooltips

private:
    void updateScrollBar();
    double xOf(const QDateTime &at, const QRect &lane) const;
    QRect laneRect() const; // where bars go, in viewport coordinates
    QString tooltipFor(int index) const;

    QList<TraceStep> m_steps;
    QList<TraceTransition> m_transitions;
    QList<QDateTime> m_eventTimes;
    QDateTime m_axisStart;
    QString m_emptyText; // what an empty chart says: no steps, or none the role may read
    QDateTime m_axisEnd;
    int m_current = -1;
};

// The colour of a workflow state or step status, as every Workflows view draws it.
QColor statusColour(const QString &status);

} // namespace bridgescope
