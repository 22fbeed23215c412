#pragma once

#include <QGraphicsView>

namespace bridgescope {

// The canvas: wheel zooms around the cursor (Ctrl not needed), dragging the background pans,
// dragging a table moves it. Zoom is kept between 2% and 400%.
class DiagramView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit DiagramView(QWidget *parent = nullptr);

    qreal zoom() const { return transform().m11(); }
    void setZoom(qreal zoom); // about the view's centre
    void zoomBy(qreal factor);
    void fitAll(); // the whole diagram, never above 100%
    QRectF visibleSceneRect() const;

signals:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;

private:
    static constexpr qreal kMinZoom = 0.02;
    static constexpr qreal kMaxZoom = 4.0;
};

} // namespace bridgescope
