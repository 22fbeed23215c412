#pragma once

#include "connection/ConnectionProfile.h"

#include <QStringList>

class QSettings;

namespace bridgescope {

// Named connection profiles kept in QSettings. Passwords are never written here: they live in
// the desktop keyring (PasswordVault), ~/.pgpass, or are asked for.
class ProfileStore
{
public:
    explicit ProfileStore(QSettings &settings);

    QStringList names() const;
    ConnectionProfile load(const QString &name) const;
    void save(const QString &name, const ConnectionProfile &profile);
    void remove(const QString &name);

    QString lastUsed() const;
    void setLastUsed(const QString &name);

private:
    QSettings &m_settings;
};

} // namespace bridgescope
