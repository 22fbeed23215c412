#include "diagram/DiagramExport.h"

#include "SavedFile.h"
#include "diagram/LeanSvg.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>

#include <cmath>

namespace bridgescope {

namespace {

constexpr qreal kPngScale = 2.0;
constexpr int kPngMaxSide = 16384;
// 40 megapixels (160 MB while drawn): a 1,000-table overview still shows every name, and the
// export takes seconds, not the minute an antialiased 16k × 12k image would.
constexpr qreal kPngMaxPixels = 40e6;

QString suffixOf(const QString &path)
{
    return QFileInfo(path).suffix().toLower();
}

Status writeSvg(QGraphicsScene &scene, const QRectF &source, const QString &path)
{
    // The items paint on a LeanSvg as on the screen; the document goes to a temporary moved
    // into place, so that a failure leaves an existing file as it was.
    LeanSvg svg(source.size(), QStringLiteral("BridgeScope ER diagram"));
    {
        QPainter painter(&svg);
        scene.render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    }
    return saveFile(path, svg.document());
}

Status writePng(QGraphicsScene &scene, const QRectF &source, const QString &path)
{
    const qreal longest = std::max(source.width(), source.height());
    const qreal scale = std::min({ kPngScale, kPngMaxSide / longest,
                                   std::sqrt(kPngMaxPixels / (source.width() * source.height())) });
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return fail(Error::Kind::Environment,
                    QStringLiteral("Not enough memory for a %1×%2 image.")
                        .arg(int(source.width() * scale))
                        .arg(int(source.height() * scale)));
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), source);
    }
    // Encoded in memory first: libpng reports a short write only as "Write Error".
    QByteArray png;
    QBuffer buffer(&png);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
        return fail(Error::Kind::Environment, QStringLiteral("Cannot encode %1 as PNG.").arg(path));
    return saveFile(path, png);
}

// Items that cache themselves as pixmaps would land in an SVG as images; the export paints
// every item afresh, as vectors and text.
class UncachedWhileAlive
{
public:
    explicit UncachedWhileAlive(QGraphicsScene &scene)
    {
        for (QGraphicsItem *item : scene.items()) {
            if (item->cacheMode() != QGraphicsItem::NoCache) {
                m_cached.append({ item, item->cacheMode() });
                item->setCacheMode(QGraphicsItem::NoCache);
            }
        }
    }
    ~UncachedWhileAlive()
    {
        for (const auto &[item, mode] : std::as_const(m_cached))
            item->setCacheMode(mode);
    }

private:
    QList<std::pair<QGraphicsItem *, QGraphicsItem::CacheMode>> m_cached;
};

} // namespace

bool isDiagramExportPath(const QString &path)
{
    const QString suffix = suffixOf(path);
    return suffix == QLatin1String("svg") || suffix == QLatin1String("png");
}

Status exportDiagram(QGraphicsScene &scene, const QRectF &source, const QString &path)
{
    if (!isDiagramExportPath(path))
        return fail(
            Error::Kind::Usage,
            QStringLiteral("Cannot tell the format of \"%1\": name it .svg or .png.").arg(path));
    if (source.isEmpty())
        return fail(Error::Kind::Usage, QStringLiteral("There is nothing to export."));
    const UncachedWhileAlive uncached(scene);
    return suffixOf(path) == QLatin1String("svg") ? writeSvg(scene, source, path)
                                                  : writePng(scene, source, path);
}

} // namespace bridgescope
