#pragma once

#include <QGraphicsView>

namespace bridgescope {

// The canvas: wheel zooms around the cursor (Ctrl not needed), dragging the background pans,
// dragging a table moves it. Zoom is kept between 2% and 400%. After fitAll() the diagram stays
// fitted as the window is shown or resized, until the user zooms or pans.
class DiagramView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit DiagramView(QWidget *parent = nullptr);

    qreal zoom() const { return transform().m11(); }
    void setZoom(qreal zoom); // about the view's centre
    void zoomBy(qreal factor);
    void fitAll(); // the whole diagram, never above 100%
    bool isFitting() const { return m_fitting; }
    void stopFitting() { m_fitting = false; } // the view was moved to show something
    QRectF visibleSceneRect() const;

signals:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void applyZoom(qreal zoom);
    void fit();

    bool m_fitting = false;
    static constexpr qreal kMinZoom = 0.02;
    static constexpr qreal kMaxZoom = 4.0;
};

} // namespace bridgescope
