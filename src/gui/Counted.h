#pragma once

#include <QLocale>
#include <QString>

namespace bridgescope {

// "1 table", "1,000 tables": English plurals without a translation catalogue (tr()'s %n needs
// one, or it shows "table(s)").
inline QString counted(qsizetype count, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(count), count == 1 ? one : many);
}

} // namespace bridgescope
