#include "connection/ConnectionDialog.h"

#include "connection/DbWorker.h"
#include "connection/PasswordVault.h"
#include "connection/ProfileStore.h"
#include "ui_ConnectionDialog.h"

#include <QIntValidator>
#include <QPushButton>

namespace bridgescope {

namespace {

// Field ↔ libpq keyword. The rest of a profile's keywords are kept as they were.
struct FieldKeyword
{
    QLineEdit *Ui::ConnectionDialog::*field;
    const char *keyword;
};
constexpr FieldKeyword kFields[] = {
    { &Ui::ConnectionDialog::hostEdit, "host" },
    { &Ui::ConnectionDialog::portEdit, "port" },
    { &Ui::ConnectionDialog::databaseEdit, "dbname" },
    { &Ui::ConnectionDialog::userEdit, "user" },
    { &Ui::ConnectionDialog::passwordEdit, "password" },
};

const QStringList kSslModes { QString(),
                              QStringLiteral("disable"),
                              QStringLiteral("allow"),
                              QStringLiteral("prefer"),
                              QStringLiteral("require"),
                              QStringLiteral("verify-ca"),
                              QStringLiteral("verify-full") };

} // namespace

ConnectionDialog::ConnectionDialog(ProfileStore &store, PasswordVault &vault, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionDialog>())
    , m_store(store)
    , m_vault(vault)
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    m_ui->portEdit->setValidator(new QIntValidator(1, 65535, this));
    for (const QString &mode : kSslModes)
        m_ui->sslModeCombo->addItem(mode.isEmpty() ? tr("default (prefer, or PGSSLMODE)") : mode,
                                    mode);

    // Show what libpq would use for an empty field: PG* variables or its own defaults.
    const ConnectionProfile defaults;
    for (const FieldKeyword &entry : kFields) {
        if (QLatin1String(entry.keyword) == QLatin1String("password"))
            continue;
        const QString fallback = defaults.effective(QString::fromLatin1(entry.keyword));
        if (!fallback.isEmpty())
            (m_ui.get()->*entry.field)->setPlaceholderText(tr("default: %1").arg(fallback));
    }
    m_ui->rememberPasswordCheck->setEnabled(PasswordVault::isCompiledIn());
    if (!PasswordVault::isCompiledIn())
        m_ui->rememberPasswordCheck->setToolTip(tr("This build has no keyring support."));

    connect(m_ui->dsnEdit, &QLineEdit::editingFinished, this,
            &ConnectionDialog::applyConnectionString);
    connect(m_ui->profileList, &QListWidget::currentTextChanged, this,
            &ConnectionDialog::selectProfile);
    connect(m_ui->saveProfileButton, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_ui->deleteProfileButton, &QPushButton::clicked, this,
            &ConnectionDialog::deleteProfile);
    connect(m_ui->testButton, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (Result<ConnectionProfile> checked = profile(); !checked) {
            showStatus(false, checked.error().message);
            return;
        }
        if (!profileName().isEmpty())
            m_store.setLastUsed(profileName());
        accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    reloadProfileList();
    if (const QString last = m_store.lastUsed(); !last.isEmpty() && m_store.names().contains(last))
        m_ui->profileList->setCurrentRow(m_store.names().indexOf(last));
}

ConnectionDialog::~ConnectionDialog()
{
    if (m_testWorker)
        m_testWorker->retire();
}

void ConnectionDialog::reloadProfileList()
{
    const QSignalBlocker blocker(m_ui->profileList);
    m_ui->profileList->clear();
    m_ui->profileList->addItems(m_store.names());
}

void ConnectionDialog::selectProfile(const QString &name)
{
    if (name.isEmpty())
        return;
    m_ui->nameEdit->setText(name);
    setProfile(m_store.load(name));
    m_ui->passwordEdit->clear();
    m_vault.read(name, [this, name](std::optional<QString> password) {
        if (password && m_ui->nameEdit->text() == name && m_ui->passwordEdit->text().isEmpty())
            m_ui->passwordEdit->setText(*password);
    });
}

void ConnectionDialog::setProfile(const ConnectionProfile &profile)
{
    m_otherOptions = profile;
    for (const FieldKeyword &entry : kFields) {
        const QString keyword = QString::fromLatin1(entry.keyword);
        (m_ui.get()->*entry.field)->setText(profile.value(keyword));
        m_otherOptions.remove(keyword);
    }
    const int ssl = m_ui->sslModeCombo->findData(profile.value(QStringLiteral("sslmode")));
    m_ui->sslModeCombo->setCurrentIndex(qMax(0, ssl));
    m_otherOptions.remove(QStringLiteral("sslmode"));
    m_ui->dsnEdit->clear();
}

void ConnectionDialog::applyConnectionString()
{
    const QString text = m_ui->dsnEdit->text().trimmed();
    if (text.isEmpty())
        return;
    Result<ConnectionProfile> parsed = ConnectionProfile::fromDsn(text);
    if (!parsed) {
        showStatus(false, parsed.error().message);
        return;
    }
    setProfile(*parsed);
    m_ui->dsnEdit->setText(text);
    showStatus(true, tr("Fields filled from the connection string."));
}

Result<ConnectionProfile> ConnectionDialog::profile() const
{
    ConnectionProfile profile = m_otherOptions;
    for (const FieldKeyword &entry : kFields)
        profile.setValue(QString::fromLatin1(entry.keyword),
                         (m_ui.get()->*entry.field)->text().trimmed());
    profile.setValue(QStringLiteral("password"), m_ui->passwordEdit->text()); // spaces are allowed
    profile.setValue(QStringLiteral("sslmode"), m_ui->sslModeCombo->currentData().toString());
    // Round-trip through libpq's parser, so a bad value is caught here rather than at connect.
    Result<ConnectionProfile> checked = ConnectionProfile::fromDsn(profile.toConnInfo(true));
    if (!checked)
        return checked;
    return profile;
}

QString ConnectionDialog::profileName() const
{
    return m_ui->nameEdit->text().trimmed();
}

bool ConnectionDialog::rememberPassword() const
{
    return m_ui->rememberPasswordCheck->isChecked();
}

QString ConnectionDialog::statusText() const
{
    return m_ui->statusLabel->text();
}

void ConnectionDialog::saveProfile()
{
    const QString name = profileName();
    if (name.isEmpty()) {
        showStatus(false, tr("Give the profile a name first."));
        m_ui->nameEdit->setFocus();
        return;
    }
    Result<ConnectionProfile> current = profile();
    if (!current) {
        showStatus(false, current.error().message);
        return;
    }
    m_store.save(name, *current);
    reloadProfileList();
    const QString password = m_ui->passwordEdit->text();
    if (rememberPassword() && !password.isEmpty()) {
        m_vault.write(name, password, [this, name](bool stored, const QString &error) {
            showStatus(stored,
                       stored ? tr("Saved \"%1\"; the password is in the keyring.").arg(name)
                              : tr("Saved \"%1\" without its password: the keyring did not "
                                   "answer (%2). Use ~/.pgpass, or type it when asked.")
                                    .arg(name, error));
        });
    } else {
        showStatus(true, tr("Saved \"%1\" (the password is not stored).").arg(name));
    }
}

void ConnectionDialog::deleteProfile()
{
    const QString name = profileName();
    if (!m_store.names().contains(name))
        return;
    m_store.remove(name);
    m_vault.forget(name);
    reloadProfileList();
    showStatus(true, tr("Deleted \"%1\".").arg(name));
}

void ConnectionDialog::testConnection()
{
    Result<ConnectionProfile> current = profile();
    if (!current) {
        showStatus(false, current.error().message);
        return;
    }
    if (m_testWorker)
        m_testWorker->retire();
    m_testWorker
        = new DbWorker(*current, SessionOptions {}, QStringLiteral("connection-test"), this);
    const quint64 generation = ++m_testGeneration;
    m_ui->statusLabel->setText(tr("Connecting to %1…").arg(current->displayName()));
    m_testWorker->run<ServerInfo>(
        [](Session &session) { return session.serverInfo(); }, this,
        [this, generation](Result<ServerInfo> info) {
            if (generation != m_testGeneration)
                return; // the user started another test meanwhile
            if (info)
                showStatus(true,
                           tr("Connected: PostgreSQL %1, database \"%2\" as \"%3\".")
                               .arg(info->serverVersion, info->database, info->user));
            else
                showStatus(false, info.error().message);
            emit testFinished(info.has_value());
        });
}

void ConnectionDialog::showStatus(bool ok, const QString &text)
{
    m_ui->statusLabel->setText((ok ? QStringLiteral("✔ ") : QStringLiteral("✖ ")) + text);
    m_ui->statusLabel->setToolTip(text);
}

} // namespace bridgescope
