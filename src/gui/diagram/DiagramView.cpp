#include "diagram/DiagramView.h"

#include "diagram/DiagramScene.h"

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
}

void DiagramView::setZoom(qreal zoom)
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
    const qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    scale(target / zoom(), target / zoom());
    emit zoomChanged(zoom());
}

void DiagramView::fitAll()
{
    auto *diagram = qobject_cast<DiagramScene *>(scene());
    if (!diagram)
        return;
    const QRectF rect = diagram->diagramRect();
    if (rect.isEmpty())
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        setZoom(1.0);
    else if (zoom() < kMinZoom)
        setZoom(kMinZoom);
    centerOn(rect.center());
    emit zoomChanged(zoom());
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
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

} // namespace bridgescope
