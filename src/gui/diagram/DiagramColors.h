#pragma once

#include <QColor>
#include <QString>

namespace bridgescope::diagramcolors {

// The diagram has its own light page, whatever the desktop theme, so that an exported SVG or
// PNG looks the same as the tab.
inline QColor page()
{
    return QColor(0xf7, 0xf8, 0xfa);
}
inline QColor boxFill()
{
    return QColor(0xff, 0xff, 0xff);
}
inline QColor boxBorder()
{
    return QColor(0x8a, 0x94, 0xa6);
}
inline QColor header(bool view)
{
    return view ? QColor(0x5f, 0x7a, 0x61) : QColor(0x33, 0x5c, 0x8c);
}
inline QColor headerText()
{
    return QColor(0xff, 0xff, 0xff);
}
inline QColor text()
{
    return QColor(0x1f, 0x23, 0x28);
}
inline QColor typeText()
{
    return QColor(0x6a, 0x73, 0x7d);
}
inline QColor match()
{
    return QColor(0xff, 0xe0, 0x82);
}
inline QColor selection()
{
    return QColor(0xf0, 0x8c, 0x00);
}
inline QColor groupFill()
{
    return QColor(0xe9, 0xee, 0xf5);
}
inline QColor groupText()
{
    return QColor(0x55, 0x60, 0x70);
}
inline QColor badge(const QString &kind)
{
    if (kind == QLatin1String("PK"))
        return QColor(0xc9, 0x8d, 0x00);
    if (kind == QLatin1String("FK"))
        return QColor(0x2f, 0x80, 0xc4);
    if (kind == QLatin1String("UK"))
        return QColor(0x7a, 0x4f, 0xb0);
    return QColor(0x6f, 0x7a, 0x86); // IX
}

// ON DELETE at a glance: CASCADE deletes rows, SET NULL blanks them, the rest refuse.
inline QColor edge(const QString &onDelete)
{
    if (onDelete == QLatin1String("CASCADE"))
        return QColor(0xc6, 0x28, 0x28);
    if (onDelete == QLatin1String("SET NULL") || onDelete == QLatin1String("SET DEFAULT"))
        return QColor(0xd9, 0x82, 0x00);
    return QColor(0x6a, 0x73, 0x7d);
}

} // namespace bridgescope::diagramcolors
