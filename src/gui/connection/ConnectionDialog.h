#pragma once

#include "connection/ConnectionProfile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ConnectionDialog;
}

namespace bridgescope {

class DbWorker;
class PasswordVault;
class ProfileStore;

// Edits a connection: saved profiles on the left, libpq's settings on the right, a field that
// takes a whole URI or key=value string, and Test Connection (run on a worker thread).
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionDialog(ProfileStore &store, PasswordVault &vault, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // What the fields say now, with the password if one was typed.
    Result<ConnectionProfile> profile() const;
    QString profileName() const;
    bool rememberPassword() const;

    void selectProfile(const QString &name);
    void setProfile(const ConnectionProfile &profile);

    // The text of the result line under the form (for tests and screen readers).
    QString statusText() const;

signals:
    void testFinished(bool ok);

private:
    void reloadProfileList();
    void applyConnectionString();
    void saveProfile();
    void deleteProfile();
    void testConnection();
    void showStatus(bool ok, const QString &text);

    std::unique_ptr<Ui::ConnectionDialog> m_ui;
    ProfileStore &m_store;
    PasswordVault &m_vault;
    ConnectionProfile m_otherOptions; // keywords without a field (options, sslrootcert, …)
    DbWorker *m_testWorker = nullptr;
    quint64 m_testGeneration = 0;
};

} // namespace bridgescope
