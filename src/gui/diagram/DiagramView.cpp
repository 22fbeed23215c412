#include "diagram/DiagramView.h"

#include "diagram/DiagramScene.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

namespace bridgescope {

DiagramView::DiagramView(QWidget *parent)
    : QGraphicsView(parent)
{
    setDragMode(ScrollHandDrag);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    // Boxes cache their own pixmaps; a full repaint of what is visible is cheaper than tracking
    // many small dirty regions while panning a large diagram.
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    // A scroll bar moved by the user pans too (actionTriggered: never for setValue()).
    for (QScrollBar *bar : { horizontalScrollBar(), verticalScrollBar() })
        connect(bar, &QScrollBar::actionTriggered, this, [this] { m_fitting = false; });
}

void DiagramView::setZoom(qreal zoom)
{
    m_fitting = false;
    applyZoom(zoom);
}

void DiagramView::applyZoom(qreal zoom)
{
    const qreal clamped = std::clamp(zoom, kMinZoom, kMaxZoom);
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    setTransform(QTransform::fromScale(clamped, clamped));
    setTransformationAnchor(anchor);
    emit zoomChanged(clamped);
}

void DiagramView::zoomBy(qreal factor)
{
    m_fitting = false;
    const qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    scale(target / zoom(), target / zoom());
    emit zoomChanged(zoom());
}

void DiagramView::fitAll()
{
    m_fitting = true;
    fit();
}

void DiagramView::fit()
{
    auto *diagram = qobject_cast<DiagramScene *>(scene());
    if (!diagram)
        return;
    const QRectF rect = diagram->diagramRect();
    if (rect.isEmpty())
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        applyZoom(1.0);
    else if (zoom() < kMinZoom)
        applyZoom(kMinZoom);
    centerOn(rect.center());
    emit zoomChanged(zoom());
}

void DiagramView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitting)
        fit(); // first shown, or the window resized: still the whole diagram
}

void DiagramView::mouseMoveEvent(QMouseEvent *event)
{
    // Dragging the background pans: from then on the user places the view.
    if ((event->buttons() & Qt::LeftButton) && !scene()->mouseGrabberItem())
        m_fitting = false;
    QGraphicsView::mouseMoveEvent(event);
}

void DiagramView::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    if (key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down
        || key == Qt::Key_PageUp || key == Qt::Key_PageDown || key == Qt::Key_Home
        || key == Qt::Key_End)
        m_fitting = false;
    QGraphicsView::keyPressEvent(event);
}

QRectF DiagramView::visibleSceneRect() const
{
    return mapToScene(viewport()->rect()).boundingRect().intersected(sceneRect());
}

void DiagramView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.0015, delta)); // the user's zoom: fitting ends
    event->accept();
}

} // namespace bridgescope
