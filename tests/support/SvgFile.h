#pragma once

#include <QString>
#include <QStringList>

namespace bridgescope::test {

// Every piece of text in an SVG file, as a reader of the file would find it.
QStringList svgTexts(const QString &path);

// The drawn foreign keys: each is one path of a straight stub, one curve and a straight stub
// ("M … L … C … L …"); nothing else in the diagram has that shape. -1 when unreadable.
int svgEdgeCount(const QString &path);

} // namespace bridgescope::test
