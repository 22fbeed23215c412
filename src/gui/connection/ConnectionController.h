#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"

#include <QObject>

class QWidget;

namespace bridgescope {

class DbWorker;
class PasswordVault;

// One attempt at a connection, from the keyring to an open session: the saved password read
// (when the profile has a name and none of its own), the server asked who it is, the password
// asked for when the server wants one, and asked again when it was wrong. The window's current
// connection is none of its business: the window keeps it until connected() hands over the new
// one, and keeps it when the attempt fails or the user cancels the prompt.
class ConnectionController : public QObject
{
    Q_OBJECT
public:
    ConnectionController(PasswordVault &vault, QWidget *dialogParent);
    ~ConnectionController() override;

    // Starts an attempt; an earlier one still running is dropped (its answer never comes).
    void connectTo(const ConnectionProfile &profile, const QString &profileName = {});
    void abandon(); // no attempt runs any more (a demo start, a disconnect)
    bool isConnecting() const { return m_trial != nullptr || m_waiting; }

signals:
    // The new connection is open: the worker (its session open, reparented to the receiver's
    // care: it retires it), the profile that opened it (with the password given), the server.
    void connected(DbWorker *worker, const ConnectionProfile &profile, const ServerInfo &server);
    void failed(const Error &error);
    void cancelled(const QString &reason); // the password prompt was closed

private:
    void attempt(const ConnectionProfile &profile, const QString &profileName, quint64 serial);
    void askForPassword(const ConnectionProfile &profile, const QString &profileName,
                        const QString &reason, quint64 serial);
    void dropTrial();

    PasswordVault &m_vault;
    QWidget *m_dialogParent = nullptr;
    DbWorker *m_trial = nullptr;
    bool m_waiting = false; // on the keyring or the prompt
    quint64 m_serial = 0;
};

} // namespace bridgescope
