#pragma once

#include "Error.h"

#include <QRectF>
#include <QString>

class QGraphicsScene;

namespace bridgescope {

// Writes `source` (scene coordinates) of the scene to FILE.svg (vector, text kept as text) or
// FILE.png (twice the scene's scale, reduced where it would pass 16,384 pixels a side or
// 40 megapixels). The
// format follows the extension; anything else is refused before a file is touched.
Status exportDiagram(QGraphicsScene &scene, const QRectF &source, const QString &path);

// Whether exportDiagram() takes this path's extension.
bool isDiagramExportPath(const QString &path);

} // namespace bridgescope
