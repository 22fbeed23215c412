#include "connection/PasswordVault.h"

#ifdef BRIDGESCOPE_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace bridgescope {

namespace {
const QString kService = QStringLiteral("BridgeScope");
}

PasswordVault::PasswordVault(QObject *parent)
    : QObject(parent)
{ }

bool PasswordVault::isCompiledIn()
{
#ifdef BRIDGESCOPE_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

#ifdef BRIDGESCOPE_HAVE_KEYCHAIN

void PasswordVault::read(const QString &profileName,
                         std::function<void(std::optional<QString>)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(profileName);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                if (readJob->error() == QKeychain::NoError)
                    done(readJob->textData());
                else
                    done(std::nullopt);
            });
    job->start();
}

void PasswordVault::write(const QString &profileName, const QString &password,
                          std::function<void(bool, QString)> done)
{
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(profileName);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) {
                if (done)
                    done(finished->error() == QKeychain::NoError, finished->errorString());
            });
    job->start();
}

void PasswordVault::forget(const QString &profileName)
{
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(profileName);
    job->start();
}

#else

void PasswordVault::read(const QString &, std::function<void(std::optional<QString>)> done)
{
    done(std::nullopt);
}

void PasswordVault::write(const QString &, const QString &, std::function<void(bool, QString)> done)
{
    if (done)
        done(false, tr("This build of BridgeScope has no keyring support."));
}

void PasswordVault::forget(const QString &) { }

#endif

} // namespace bridgescope
