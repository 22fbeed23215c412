#include "connection/ConnectionController.h"

#include "connection/DbWorker.h"
#include "connection/PasswordVault.h"
#include "connection/Replication.h"

#include <QInputDialog>
#include <QLineEdit>

namespace bridgescope {

ConnectionController::ConnectionController(PasswordVault &vault, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_vault(vault)
    , m_dialogParent(dialogParent)
{ }

ConnectionController::~ConnectionController()
{
    dropTrial();
}

void ConnectionController::dropTrial()
{
    if (m_trial) {
        m_trial->retire();
        m_trial = nullptr;
    }
}

void ConnectionController::abandon()
{
    ++m_serial;
    m_waiting = false;
    dropTrial();
}

void ConnectionController::connectTo(const ConnectionProfile &profile, const QString &profileName)
{
    abandon();
    const quint64 serial = m_serial;
    const bool mayAskKeyring = !profileName.isEmpty() && !profile.has(QStringLiteral("password"));
    if (!mayAskKeyring) {
        attempt(profile, profileName, serial);
        return;
    }
    m_waiting = true;
    m_vault.read(profileName, [this, profile, profileName, serial](std::optional<QString> stored) {
        if (serial != m_serial)
            return;
        m_waiting = false;
        ConnectionProfile withPassword = profile;
        if (stored)
            withPassword.setValue(QStringLiteral("password"), *stored);
        attempt(withPassword, profileName, serial);
    });
}

void ConnectionController::attempt(const ConnectionProfile &profile, const QString &profileName,
                                   quint64 serial)
{
    m_trial = new DbWorker(profile, SessionOptions {}, QStringLiteral("main"), this);
    m_trial->run<ServerInfo>(
        [](Session &session) -> Result<ServerInfo> {
            Result<ServerInfo> info = session.serverInfo();
            // A standby says so (and how far behind it is); a primary names its standbys.
            if (Result<ReplicationRole> role = readReplicationRole(session); info && role)
                info->replication = role->describe();
            return info;
        },
        this,
        [this, profile, profileName, serial](Result<ServerInfo> info) {
            if (serial != m_serial)
                return; // the user moved on
            if (!info) {
                dropTrial();
                const Error &error = info.error();
                const bool passwordProblem = error.kind == Error::Kind::PasswordRequired
                    || (error.kind == Error::Kind::AuthenticationFailed
                        && error.detail.contains(QLatin1String("password")));
                if (passwordProblem) {
                    askForPassword(profile, profileName, error.message, serial);
                    return;
                }
                emit failed(error);
                return;
            }
            DbWorker *worker = m_trial;
            m_trial = nullptr;
            worker->setParent(nullptr); // the receiver's now
            emit connected(worker, profile, *info);
        });
}

void ConnectionController::askForPassword(const ConnectionProfile &profile,
                                          const QString &profileName, const QString &reason,
                                          quint64 serial)
{
    m_waiting = true;
    auto *prompt = new QInputDialog(m_dialogParent);
    prompt->setObjectName(QStringLiteral("passwordPrompt"));
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    prompt->setWindowTitle(tr("Password"));
    prompt->setLabelText(tr("%1\n\nPassword for %2:").arg(reason, profile.displayName()));
    prompt->setTextEchoMode(QLineEdit::Password);
    connect(prompt, &QInputDialog::textValueSelected, this,
            [this, profile, profileName, serial](const QString &password) {
                if (serial != m_serial)
                    return;
                ConnectionProfile withPassword = profile;
                withPassword.setValue(QStringLiteral("password"), password);
                connectTo(withPassword, profileName);
            });
    connect(prompt, &QDialog::rejected, this, [this, reason, serial] {
        if (serial != m_serial)
            return;
        m_waiting = false;
        emit cancelled(reason);
    });
    prompt->open();
}

} // namespace bridgescope
