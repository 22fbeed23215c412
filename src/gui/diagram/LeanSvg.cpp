#include "diagram/LeanSvg.h"

#include <QGuiApplication>
#include <QPaintEngine>
#include <QPainterPath>
#include <QScreen>
#include <QTextItem>

#include <climits>
#include <cmath>

namespace bridgescope {

namespace {

// "12.5", "-3", "0": two decimals at most, no trailing zeros, never an exponent.
QByteArray number(qreal value)
{
    if (std::abs(value) < 0.005)
        return QByteArrayLiteral("0");
    QByteArray text = QByteArray::number(value, 'f', 2);
    while (text.endsWith('0'))
        text.chop(1);
    if (text.endsWith('.'))
        text.chop(1);
    return text;
}

QByteArray colorText(const QColor &color)
{
    return color.name(QColor::HexRgb).toLatin1();
}

// Text for XML, attribute or content: the five specials escaped, and the control characters
// XML 1.0 does not allow dropped.
QByteArray xmlText(const QString &text)
{
    QString clean;
    clean.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() >= 0x20 || c == QLatin1Char('\t'))
            clean.append(c);
    }
    return clean.toHtmlEscaped().replace(QLatin1Char('\''), QLatin1String("&#39;")).toUtf8();
}

} // namespace

class LeanSvgEngine : public QPaintEngine
{
public:
    LeanSvgEngine(QSizeF size, QString title)
        : QPaintEngine(AllFeatures)
        , m_size(size)
        , m_title(std::move(title))
    { }

    bool begin(QPaintDevice *) override
    {
        m_body.clear();
        m_body.reserve(1 << 20);
        return true;
    }
    bool end() override { return true; }
    Type type() const override { return QPaintEngine::User; }

    void updateState(const QPaintEngineState &state) override
    {
        const DirtyFlags flags = state.state();
        if (flags & DirtyPen)
            m_pen = state.pen();
        if (flags & DirtyBrush)
            m_brush = state.brush();
        if (flags & DirtyTransform)
            m_transform = state.transform();
        if (flags & DirtyOpacity)
            m_opacity = state.opacity();
    }

    void drawRects(const QRectF *rects, int count) override
    {
        const bool plain = m_transform.type() <= QTransform::TxScale;
        for (int i = 0; i < count; ++i) {
            if (!plain) {
                QPainterPath path;
                path.addRect(rects[i]);
                drawPath(path);
                continue;
            }
            const QRectF r = m_transform.mapRect(rects[i]);
            m_body += "<rect x=\"" + number(r.x()) + "\" y=\"" + number(r.y()) + "\" width=\""
                + number(r.width()) + "\" height=\"" + number(r.height()) + '"';
            writeFillAndStroke(true);
            m_body += "/>\n";
        }
    }

    void drawLines(const QLineF *lines, int count) override
    {
        if (m_pen.style() == Qt::NoPen)
            return;
        for (int i = 0; i < count; ++i) {
            const QLineF line = m_transform.map(lines[i]);
            m_body += "<line x1=\"" + number(line.x1()) + "\" y1=\"" + number(line.y1())
                + "\" x2=\"" + number(line.x2()) + "\" y2=\"" + number(line.y2()) + '"';
            writeFillAndStroke(false);
            m_body += "/>\n";
        }
    }

    void drawPolygon(const QPointF *points, int count, PolygonDrawMode mode) override
    {
        QPainterPath path;
        path.setFillRule(mode == WindingMode ? Qt::WindingFill : Qt::OddEvenFill);
        path.moveTo(points[0]);
        for (int i = 1; i < count; ++i)
            path.lineTo(points[i]);
        if (mode != PolylineMode)
            path.closeSubpath();
        const QBrush brush = m_brush;
        if (mode == PolylineMode)
            m_brush = Qt::NoBrush;
        drawPath(path);
        m_brush = brush;
    }

    void drawPath(const QPainterPath &source) override
    {
        const QPainterPath path = m_transform.map(source);
        QByteArray d;
        d.reserve(path.elementCount() * 16);
        for (int i = 0; i < path.elementCount(); ++i) {
            const QPainterPath::Element e = path.elementAt(i);
            if (e.type == QPainterPath::MoveToElement) {
                d += (d.isEmpty() ? "M" : " M") + number(e.x) + ',' + number(e.y);
            } else if (e.type == QPainterPath::LineToElement) {
                d += " L" + number(e.x) + ',' + number(e.y);
            } else if (e.type == QPainterPath::CurveToElement && i + 2 < path.elementCount()) {
                const QPainterPath::Element c2 = path.elementAt(i + 1);
                const QPainterPath::Element end = path.elementAt(i + 2);
                d += " C" + number(e.x) + ',' + number(e.y) + ' ' + number(c2.x) + ','
                    + number(c2.y) + ' ' + number(end.x) + ',' + number(end.y);
                i += 2;
            }
        }
        m_body += "<path d=\"" + d + '"';
        if (path.fillRule() == Qt::WindingFill)
            m_body += " fill-rule=\"nonzero\"";
        else if (m_brush.style() != Qt::NoBrush)
            m_body += " fill-rule=\"evenodd\"";
        writeFillAndStroke(true);
        m_body += "/>\n";
    }

    void drawTextItem(const QPointF &p, const QTextItem &item) override
    {
        const QString text = item.text();
        if (text.trimmed().isEmpty())
            return;
        const QPointF at = m_transform.map(p);
        const QFont font = item.font();
        const qreal scale = std::sqrt(std::abs(m_transform.determinant()));
        // In pixels as the boxes were measured (on the screen's logical DPI), not in points
        // at 72 dpi: the text then fills its box as it does on the screen.
        const qreal size
            = (font.pixelSize() > 0 ? font.pixelSize() : font.pointSizeF() * m_textDpi / 72)
            * scale;
        m_body += "<text x=\"" + number(at.x()) + "\" y=\"" + number(at.y()) + "\" font-family=\""
            + xmlText(font.family()) + "\" font-size=\"" + number(size) + '"';
        if (font.bold())
            m_body += " font-weight=\"bold\"";
        if (font.italic())
            m_body += " font-style=\"italic\"";
        m_body += " fill=\"" + colorText(m_pen.color()) + '"';
        writeOpacity("fill-opacity", m_pen.color());
        m_body += " xml:space=\"preserve\">" + xmlText(text) + "</text>\n";
    }

    // No picture reaches the diagram; a pixmap is left out rather than embedded.
    void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override { }

    QByteArray document() const
    {
        QByteArray svg;
        svg.reserve(m_body.size() + 512);
        svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
            + number(m_size.width()) + "\" height=\"" + number(m_size.height())
            + "\" viewBox=\"0 0 " + number(m_size.width()) + ' ' + number(m_size.height())
            + "\">\n<title>" + xmlText(m_title) + "</title>\n";
        svg += m_body;
        svg += "</svg>\n";
        return svg;
    }

private:
    void writeOpacity(const char *attribute, const QColor &color)
    {
        const qreal opacity = color.alphaF() * m_opacity;
        if (opacity < 0.999)
            m_body += QByteArray(" ") + attribute + "=\"" + number(opacity) + '"';
    }

    void writeFillAndStroke(bool fills)
    {
        if (fills && m_brush.style() != Qt::NoBrush) {
            m_body += " fill=\"" + colorText(m_brush.color()) + '"';
            writeOpacity("fill-opacity", m_brush.color());
        } else if (fills) {
            m_body += " fill=\"none\"";
        }
        if (m_pen.style() == Qt::NoPen)
            return;
        const qreal scale = std::sqrt(std::abs(m_transform.determinant()));
        const qreal width
            = (m_pen.widthF() > 0 ? m_pen.widthF() : 1.0) * (m_pen.isCosmetic() ? 1.0 : scale);
        m_body
            += " stroke=\"" + colorText(m_pen.color()) + "\" stroke-width=\"" + number(width) + '"';
        writeOpacity("stroke-opacity", m_pen.color());
        if (m_pen.style() != Qt::SolidLine) {
            QByteArray dashes;
            for (const qreal dash : m_pen.dashPattern())
                dashes += (dashes.isEmpty() ? "" : ",") + number(dash * width);
            m_body += " stroke-dasharray=\"" + dashes + '"';
        }
    }

    QSizeF m_size;
    QString m_title;
    QByteArray m_body;
    QPen m_pen;
    QBrush m_brush;
    QTransform m_transform;
    qreal m_opacity = 1.0;
    qreal m_textDpi = QGuiApplication::primaryScreen()
        ? QGuiApplication::primaryScreen()->logicalDotsPerInchY()
        : 96.0;
};

LeanSvg::LeanSvg(QSizeF size, const QString &title)
    : m_size(size)
    , m_engine(std::make_unique<LeanSvgEngine>(size, title))
{ }

LeanSvg::~LeanSvg() = default;

QPaintEngine *LeanSvg::paintEngine() const
{
    return m_engine.get();
}

QByteArray LeanSvg::document() const
{
    return m_engine->document();
}

int LeanSvg::metric(PaintDeviceMetric metric) const
{
    // One unit is one point at 72 dpi, as Graphviz measures.
    switch (metric) {
    case PdmWidth:
        return int(std::ceil(m_size.width()));
    case PdmHeight:
        return int(std::ceil(m_size.height()));
    case PdmWidthMM:
        return int(std::ceil(m_size.width() * 25.4 / 72));
    case PdmHeightMM:
        return int(std::ceil(m_size.height() * 25.4 / 72));
    case PdmNumColors:
        return INT_MAX;
    case PdmDepth:
        return 32;
    case PdmDpiX:
    case PdmDpiY:
    case PdmPhysicalDpiX:
    case PdmPhysicalDpiY:
        return 72;
    case PdmDevicePixelRatio:
        return 1;
    case PdmDevicePixelRatioScaled:
        return int(QPaintDevice::devicePixelRatioFScale());
    default:
        return QPaintDevice::metric(metric);
    }
}

} // namespace bridgescope
