#pragma once

#include "health/HealthFigures.h"

#include <QColor>
#include <QDateTime>
#include <QString>
#include <QTreeWidgetItem>

class QWidget;

// What the Health tab's pages share: how a duration, a size or a time reads, and the colours.
namespace bridgescope::health {

inline const QColor kWarningColor { 0xff, 0xd8, 0x8a }; // amber: look at this
inline const QColor kDangerColor { 0xf4, 0xb0, 0xa8 }; // red: act on this

QString seconds(qint64 ms); // "1.5 s", "" for none
QString bytes(qint64 bytes); // "12.4 MiB", "?" for unknown
QString ago(const QDateTime &time); // "3 h ago", "never"

// A row whose columns sort by the number set with setSortValue (sizes, counts, ages), others by
// their text.
class SortableItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    void setSortValue(int column, double value) { setData(column, kSortRole, value); }
    bool operator<(const QTreeWidgetItem &other) const override;

    static constexpr int kSortRole = Qt::UserRole + 7;
};

// The widget under a bold title, as one page section.
QWidget *titled(QWidget *content, const QString &title, QWidget *parent);

} // namespace bridgescope::health
