#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace bridgescope {

// Passwords in the desktop keyring (Secret Service, KWallet) through QtKeychain. Every call is
// asynchronous; where no keyring answers (no session bus, a headless machine) reads give
// nothing and writes report that they failed, and the caller falls back to ~/.pgpass or a prompt.
class PasswordVault : public QObject
{
    Q_OBJECT
public:
    explicit PasswordVault(QObject *parent = nullptr);

    // Whether this build has keyring support at all.
    static bool isCompiledIn();

    void read(const QString &profileName, std::function<void(std::optional<QString>)> done);
    void write(const QString &profileName, const QString &password,
               std::function<void(bool stored, QString error)> done = {});
    void forget(const QString &profileName);
};

} // namespace bridgescope
