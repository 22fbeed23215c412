#include "diagram/DiagramPositions.h"

#include <QCryptographicHash>
#include <QSettings>
#include <QVariantMap>

namespace bridgescope {

DiagramPositions::DiagramPositions(QSettings &settings)
    : m_settings(settings)
{ }

QString DiagramPositions::keyFor(const QString &database)
{
    // QSettings keys may not hold '/' or '\\'; a hash of the database's name keeps them plain.
    return QStringLiteral("diagram/positions-")
        + QString::fromLatin1(
               QCryptographicHash::hash(database.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QHash<QString, QPointF> DiagramPositions::load(const QString &database) const
{
    QHash<QString, QPointF> positions;
    const QVariantMap stored = m_settings.value(keyFor(database)).toMap();
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        positions.insert(it.key(), it.value().toPointF());
    return positions;
}

void DiagramPositions::save(const QString &database, const QHash<QString, QPointF> &positions)
{
    QVariantMap stored;
    for (auto it = positions.cbegin(); it != positions.cend(); ++it)
        stored.insert(it.key(), it.value());
    m_settings.setValue(keyFor(database), stored);
}

void DiagramPositions::forget(const QString &database)
{
    m_settings.remove(keyFor(database));
}

} // namespace bridgescope
