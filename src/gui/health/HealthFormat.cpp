#include "health/HealthFormat.h"

#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope::health {

QString seconds(qint64 ms)
{
    return seconds(ms, QString());
}

QString bytes(qint64 value)
{
    return value < 0 ? QStringLiteral("?") : QLocale().formattedDataSize(value);
}

QString ago(const QDateTime &time)
{
    if (!time.isValid())
        return QObject::tr("never");
    const qint64 secs = time.secsTo(QDateTime::currentDateTime());
    if (secs < 120)
        return QObject::tr("%1 s ago").arg(qMax<qint64>(secs, 0));
    if (secs < 2 * 3600)
        return QObject::tr("%1 min ago").arg(secs / 60);
    if (secs < 2 * 86400)
        return QObject::tr("%1 h ago").arg(secs / 3600);
    return QObject::tr("%1 days ago").arg(secs / 86400);
}

bool SortableItem::operator<(const QTreeWidgetItem &other) const
{
    const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
    const QVariant mine = data(column, kSortRole);
    const QVariant theirs = other.data(column, kSortRole);
    if (mine.isValid() && theirs.isValid())
        return mine.toDouble() < theirs.toDouble();
    return QTreeWidgetItem::operator<(other);
}

QWidget *titled(QWidget *content, const QString &title, QWidget *parent)
{
    auto *pane = new QWidget(parent);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), pane));
    layout->addWidget(content, 1);
    return pane;
}

} // namespace bridgescope::health
