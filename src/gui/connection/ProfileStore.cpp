#include "connection/ProfileStore.h"

#include <QSettings>

namespace bridgescope {

namespace {
const QString kGroup = QStringLiteral("profiles");
const QString kPassword = QStringLiteral("password");

// QSettings treats '/' in a key as a group separator: keep names flat.
QString keyFor(const QString &name)
{
    return QString::fromLatin1(name.toUtf8().toPercentEncoding());
}
} // namespace

ProfileStore::ProfileStore(QSettings &settings)
    : m_settings(settings)
{ }

QStringList ProfileStore::names() const
{
    m_settings.beginGroup(kGroup);
    QStringList names;
    for (const QString &key : m_settings.childGroups())
        names << QString::fromUtf8(QByteArray::fromPercentEncoding(key.toLatin1()));
    m_settings.endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

ConnectionProfile ProfileStore::load(const QString &name) const
{
    ConnectionProfile profile;
    m_settings.beginGroup(kGroup + QLatin1Char('/') + keyFor(name));
    for (const QString &keyword : m_settings.childKeys()) {
        if (keyword != kPassword)
            profile.setValue(keyword, m_settings.value(keyword).toString());
    }
    m_settings.endGroup();
    return profile;
}

void ProfileStore::save(const QString &name, const ConnectionProfile &profile)
{
    const QString group = kGroup + QLatin1Char('/') + keyFor(name);
    m_settings.remove(group);
    m_settings.beginGroup(group);
    for (auto it = profile.values().cbegin(); it != profile.values().cend(); ++it) {
        if (it.key() != kPassword)
            m_settings.setValue(it.key(), it.value());
    }
    m_settings.endGroup();
    m_settings.sync();
}

void ProfileStore::remove(const QString &name)
{
    m_settings.remove(kGroup + QLatin1Char('/') + keyFor(name));
    m_settings.sync();
}

QString ProfileStore::lastUsed() const
{
    return m_settings.value(QStringLiteral("lastProfile")).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings.setValue(QStringLiteral("lastProfile"), name);
}

} // namespace bridgescope
