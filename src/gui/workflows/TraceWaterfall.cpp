#include "workflows/TraceWaterfall.h"

#include "workflows/WorkflowFormat.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

namespace bridgescope {

namespace {

constexpr int kNameWidth = 220;
constexpr int kAxisHeight = 34; // the time axis and transition labels at the top
constexpr int kEventLaneHeight = 18; // the events' ticks at the bottom

} // namespace

QColor statusColour(const QString &status)
{
    if (status == QLatin1String("COMPLETED"))
        return QColor(0x2e, 0xa0, 0x43);
    if (status == QLatin1String("FAILED"))
        return QColor(0xd0, 0x2f, 0x2f);
    if (status == QLatin1String("RUNNING") || status == QLatin1String("PROCESSING"))
        return QColor(0x1c, 0x71, 0xd8);
    if (status == QLatin1String("SKIPPED"))
        return QColor(0x9a, 0x9a, 0x9a);
    return QColor(0xc6, 0x8a, 0x00); // PENDING
}

TraceWaterfall::TraceWaterfall(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setMouseTracking(true);
    verticalScrollBar()->setSingleStep(1);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(),
            qOverload<>(&QWidget::update));
}

int TraceWaterfall::rowHeight() const
{
    return fontMetrics().height() + 8;
}

void TraceWaterfall::clear()
{
    setTrace({});
}

void TraceWaterfall::setTrace(const WorkflowTrace &trace)
{
    m_steps = trace.steps;
    m_transitions = trace.transitions;
    m_eventTimes.clear();
    m_eventTimes.reserve(trace.events.size());
    for (const TraceEvent &event : trace.events)
        m_eventTimes << event.at;
    m_axisStart = trace.axisStart();
    m_axisEnd = trace.axisEnd();
    m_emptyText = !m_axisStart.isValid() ? tr("Find a workflow to trace it.")
        : trace.unreadable.contains(QLatin1String("workflow_steps"))
        ? tr("The role you connected as may not read workflow_steps.")
        : tr("This workflow has no steps.");
    if (m_axisStart.isValid() && m_axisEnd <= m_axisStart)
        m_axisEnd = m_axisStart.addMSecs(1);
    m_current = m_current < m_steps.size() ? m_current : -1;
    updateScrollBar();
    viewport()->update();
}

void TraceWaterfall::setCurrentStep(int index)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_current = index;
    const int visible
        = qMax(1, (viewport()->height() - kAxisHeight - kEventLaneHeight) / rowHeight());
    QScrollBar *bar = verticalScrollBar();
    if (index < bar->value() || index >= bar->value() + visible)
        bar->setValue(qMax(0, index - visible / 2));
    viewport()->update();
    emit stepSelected(index);
}

void TraceWaterfall::updateScrollBar()
{
    const int visible
        = qMax(1, (viewport()->height() - kAxisHeight - kEventLaneHeight) / rowHeight());
    verticalScrollBar()->setRange(0, qMax(0, int(m_steps.size()) - visible));
    verticalScrollBar()->setPageStep(visible);
}

void TraceWaterfall::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

QRect TraceWaterfall::laneRect() const
{
    const QRect area = viewport()->rect();
    return QRect(kNameWidth, kAxisHeight, qMax(10, area.width() - kNameWidth - 12),
                 qMax(0, area.height() - kAxisHeight - kEventLaneHeight));
}

double TraceWaterfall::xOf(const QDateTime &at, const QRect &lane) const
{
    const double span = double(m_axisStart.msecsTo(m_axisEnd));
    const double offset = double(m_axisStart.msecsTo(at));
    return lane.left() + (span > 0 ? offset / span : 0) * lane.width();
}

int TraceWaterfall::stepAt(const QPoint &point) const
{
    const QRect lane = laneRect();
    if (point.y() < lane.top() || point.y() >= lane.bottom())
        return -1;
    const int index = verticalScrollBar()->value() + (point.y() - lane.top()) / rowHeight();
    return index < m_steps.size() ? index : -1;
}

void TraceWaterfall::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QPalette &pal = palette();
    painter.fillRect(viewport()->rect(), pal.base());
    if (m_steps.isEmpty() && m_transitions.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter, m_emptyText);
        return;
    }
    const QRect lane = laneRect();
    const int row = rowHeight();
    const int first = verticalScrollBar()->value();
    const int last = qMin(int(m_steps.size()), first + lane.height() / row + 1);

    // The axis: a few ticks with the time since the start.
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(lane.left(), lane.top() - 1, lane.right(), lane.top() - 1);
    const qint64 span = m_axisStart.msecsTo(m_axisEnd);
    for (int tick = 0; tick <= 4; ++tick) {
        const int x = lane.left() + lane.width() * tick / 4;
        painter.setPen(pal.color(QPalette::Midlight));
        painter.drawLine(x, lane.top(), x, lane.bottom());
        painter.setPen(pal.color(QPalette::Text));
        const QString label = QStringLiteral("+") + formatDuration(span * tick / 4);
        const int width = fontMetrics().horizontalAdvance(label);
        painter.drawText(qMin(x, lane.right() - width), lane.top() - 4, label);
    }

    for (int i = first; i < last; ++i) {
        const TraceStep &step = m_steps.at(i);
        const int y = lane.top() + (i - first) * row;
        const QRect rowRect(0, y, viewport()->width(), row);
        if (i == m_current)
            painter.fillRect(rowRect, pal.highlight().color().lighter(170));
        else if (i % 2)
            painter.fillRect(rowRect, pal.alternateBase());
        painter.setPen(step.status == QLatin1String("FAILED") ? statusColour(step.status)
                                                              : pal.color(QPalette::Text));
        const QString name = QStringLiteral("%1  %2").arg(step.order).arg(step.name);
        painter.drawText(QRect(6, y, kNameWidth - 12, row), Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(name, Qt::ElideRight, kNameWidth - 12));
        const double x0 = xOf(step.barStart, lane);
        const double x1 = qMax(x0 + 2, xOf(step.barEnd, lane));
        const QRectF bar(x0, y + 4, x1 - x0, row - 8);
        const QColor colour = statusColour(step.status);
        painter.fillRect(bar, colour);
        if (step.estimated)
            painter.fillRect(bar, QBrush(colour.darker(150), Qt::BDiagPattern));
        if (!step.contradiction.isEmpty()) {
            painter.setPen(QPen(QColor(0xd0, 0x2f, 0x2f), 2, Qt::DashLine));
            painter.drawRect(bar.adjusted(-1, -1, 1, 1));
        }
        painter.setPen(pal.color(QPalette::Text));
        const QString text = formatDuration(step.barStart.msecsTo(step.barEnd))
            + (step.estimated ? tr(" (estimated)") : QString());
        const int textWidth = fontMetrics().horizontalAdvance(text);
        const double textX = x1 + 4 + textWidth < lane.right() ? x1 + 4 : x0 - textWidth - 4;
        painter.drawText(QPointF(qMax<double>(kNameWidth, textX), y + row - 6), text);
    }

    // FSM transitions: a marker line across the lane, labelled at the top.
    for (const TraceTransition &transition : m_transitions) {
        const double x = xOf(transition.at, lane);
        const QColor colour = statusColour(transition.toState);
        painter.setPen(QPen(colour, 1, Qt::DashLine));
        painter.drawLine(QPointF(x, lane.top() - 12), QPointF(x, lane.bottom()));
        painter.setBrush(colour);
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPointF(x, lane.top() - 14), 4, 4);
    }
    // Events: ticks in their own lane.
    const int eventsTop = lane.bottom() + 2;
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRect(6, eventsTop, kNameWidth - 12, kEventLaneHeight),
                     Qt::AlignVCenter | Qt::AlignLeft, tr("events (%1)").arg(m_eventTimes.size()));
    painter.setPen(QColor(0x61, 0x35, 0x83));
    int lastX = -1;
    for (const QDateTime &at : m_eventTimes) {
        const int x = int(xOf(at, lane));
        if (x == lastX)
            continue; // 100,000 events in 1,000 pixels: one line per pixel is enough
        lastX = x;
        painter.drawLine(x, eventsTop + 3, x, eventsTop + kEventLaneHeight - 3);
    }
}

QString TraceWaterfall::tooltipFor(int index) const
{
    const TraceStep &step = m_steps.at(index);
    QStringList lines { QStringLiteral("<b>%1 %2</b> — %3")
                            .arg(step.order)
                            .arg(step.name.toHtmlEscaped(), step.status) };
    lines << tr("from %1 to %2 (%3)")
                 .arg(step.barStart.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                      step.barEnd.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                      formatDuration(step.barStart.msecsTo(step.barEnd)));
    if (step.estimated)
        lines << tr("estimated: started_at or completed_at was not recorded");
    if (!step.contradiction.isEmpty())
        lines
            << tr("<span style='color:#d02f2f'>times disagree: %1</span>").arg(step.contradiction);
    if (!step.errorMessage.isEmpty())
        lines << step.errorMessage.toHtmlEscaped();
    return lines.join(QLatin1String("<br>"));
}

bool TraceWaterfall::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = stepAt(help->pos());
        QString text = index >= 0 ? tooltipFor(index) : QString();
        if (help->pos().y() < kAxisHeight) {
            // Near a transition's marker: what changed, and when.
            const QRect lane = laneRect();
            for (const TraceTransition &t : m_transitions) {
                if (qAbs(xOf(t.at, lane) - help->pos().x()) <= 6)
                    text += (text.isEmpty() ? QString() : QStringLiteral("<br>"))
                        + tr("%1 → %2 (%3) at %4")
                              .arg(t.fromState.isEmpty() ? QStringLiteral("·") : t.fromState,
                                   t.toState, t.event,
                                   t.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
            }
        }
        if (!text.isEmpty())
            QToolTip::showText(help->globalPos(), text, viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TraceWaterfall::mousePressEvent(QMouseEvent *event)
{
    const int index = stepAt(event->position().toPoint());
    if (index >= 0)
        setCurrentStep(index);
}

void TraceWaterfall::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int index = stepAt(event->position().toPoint());
    if (index >= 0)
        emit stepActivated(index);
}

void TraceWaterfall::keyPressEvent(QKeyEvent *event)
{
    if (m_steps.isEmpty())
        return QAbstractScrollArea::keyPressEvent(event);
    const int page = verticalScrollBar()->pageStep();
    switch (event->key()) {
    case Qt::Key_Down:
        setCurrentStep(qMin(int(m_steps.size()) - 1, m_current + 1));
        break;
    case Qt::Key_Up:
        setCurrentStep(qMax(0, m_current - 1));
        break;
    case Qt::Key_PageDown:
        setCurrentStep(qMin(int(m_steps.size()) - 1, m_current + page));
        break;
    case Qt::Key_PageUp:
        setCurrentStep(qMax(0, m_current - page));
        break;
    case Qt::Key_Home:
        setCurrentStep(0);
        break;
    case Qt::Key_End:
        setCurrentStep(int(m_steps.size()) - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current >= 0)
            emit stepActivated(m_current);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

} // namespace bridgescope
