#pragma once

#include <QString>
#include <QStringList>

namespace bridgescope {

// A plan as people paste it, without what psql or a GUI put around it: the "QUERY PLAN"
// header, the row count under it, table borders of any linestyle (ascii, old-ascii, unicode
// single or double), and the marks of a continued line (`+`, `↵`). What is left is the plan's
// own lines, their relative indentation kept.
QStringList planLines(const QString &pasted);

} // namespace bridgescope
