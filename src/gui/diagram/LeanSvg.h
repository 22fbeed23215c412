#pragma once

#include <QByteArray>
#include <QPaintDevice>
#include <QSizeF>

#include <memory>

namespace bridgescope {

class LeanSvgEngine;

// A paint device that writes what is painted on it as plain SVG: one element per rectangle,
// path, line or run of text, with its own fill, stroke and font attributes. The diagram's
// items paint themselves on it exactly as on the screen, so the export is what is shown.
//
// Why not QSvgGenerator: it wraps every state change in a <g> of its own, empty or not, and
// spells out each attribute each time; a 1,000-table diagram came out at 17 MB and most of
// the command's time went into writing it (Graphviz's own SVG of the same graph: 0.8 MB).
// Only what the diagram uses is supported: solid fills, solid or dashed pens, paths, lines,
// rectangles, text; transforms that translate and scale. Images are left out.
class LeanSvg : public QPaintDevice
{
public:
    explicit LeanSvg(QSizeF size, const QString &title);
    ~LeanSvg() override;

    QPaintEngine *paintEngine() const override;
    // The document, complete once the painter on it has ended.
    QByteArray document() const;

protected:
    int metric(PaintDeviceMetric metric) const override;

private:
    QSizeF m_size;
    std::unique_ptr<LeanSvgEngine> m_engine;
};

} // namespace bridgescope
