// The connection dialog, offscreen: a pasted URI fills the fields, Test Connection answers
// on a worker, profiles are saved without their password.
#include "SilentRelay.h"
#include "TestDatabase.h"
#include "connection/ConnectionDialog.h"
#include "connection/PasswordVault.h"
#include "connection/ProfileStore.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_ConnectionDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // A dialog over its own settings file, shown as a user would see it.
    struct Fixture
    {
        explicit Fixture(const QString &settingsPath)
            : settings(settingsPath, QSettings::IniFormat)
            , store(settings)
            , dialog(store, vault)
        {
            dialog.show();
        }
        QSettings settings;
        ProfileStore store;
        PasswordVault vault;
        ConnectionDialog dialog;
    };

    template<typename T> T *child(QWidget &parent, const char *name)
    {
        T *widget = parent.findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }

    void type(QLineEdit *edit, const QString &text)
    {
        edit->clear();
        QTest::keyClicks(edit, text);
        emit edit->editingFinished();
    }

private slots:
    void pastedUriFillsTheFields()
    {
        Fixture fixture(m_dir.filePath(QStringLiteral("a.ini")));
        ConnectionDialog &dialog = fixture.dialog;
        type(child<QLineEdit>(dialog, "dsnEdit"),
             QStringLiteral("postgresql://ana@db.example:6543/"
                            "bridge?sslmode=verify-full&sslrootcert=/etc/ca.pem"));
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), QStringLiteral("db.example"));
        QCOMPARE(child<QLineEdit>(dialog, "portEdit")->text(), QStringLiteral("6543"));
        QCOMPARE(child<QLineEdit>(dialog, "databaseEdit")->text(), QStringLiteral("bridge"));
        QCOMPARE(child<QLineEdit>(dialog, "userEdit")->text(), QStringLiteral("ana"));
        QCOMPARE(child<QComboBox>(dialog, "sslModeCombo")->currentData().toString(),
                 QStringLiteral("verify-full"));
        Result<ConnectionProfile> profile = dialog.profile();
        QVERIFY(profile);
        QCOMPARE(profile->value(QStringLiteral("sslrootcert")), QStringLiteral("/etc/ca.pem"));
    }

    void malformedUriSaysSoAndChangesNothing()
    {
        Fixture fixture(m_dir.filePath(QStringLiteral("b.ini")));
        ConnectionDialog &dialog = fixture.dialog;
        child<QLineEdit>(dialog, "hostEdit")->setText(QStringLiteral("keep.me"));
        type(child<QLineEdit>(dialog, "dsnEdit"), QStringLiteral("postgresql://%zz"));
        QVERIFY2(dialog.statusText().contains(QLatin1String("The connection string is not valid")),
                 qPrintable(dialog.statusText()));
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), QStringLiteral("keep.me"));
    }

    void testConnectionReportsTheServer()
    {
        Fixture fixture(m_dir.filePath(QStringLiteral("c.ini")));
        ConnectionDialog &dialog = fixture.dialog;
        dialog.setProfile(testProfile());
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QVERIFY(dialog.statusText().contains(QLatin1String("Connecting to")));
        QVERIFY(finished.wait(15'000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(dialog.statusText().contains(QLatin1String("Connected: PostgreSQL")),
                 qPrintable(dialog.statusText()));

        child<QLineEdit>(dialog, "databaseEdit")->setText(QStringLiteral("no_such_db"));
        finished.clear();
        QTest::mouseClick(child<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QVERIFY(finished.wait(15'000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.statusText().contains(
                     QLatin1String("The database \"no_such_db\" does not exist")),
                 qPrintable(dialog.statusText()));
    }

    // A server that takes the connection and never says a word (a stuck proxy, a half-open
    // tunnel): Test Connection says so within libpq's connect_timeout, and the dialog keeps
    // answering the user meanwhile.
    void aServerThatNeverAnswersIsReportedInTime()
    {
        SilentPort silent;
        QVERIFY(silent.isValid());
        Fixture fixture(m_dir.filePath(QStringLiteral("silent.ini")));
        ConnectionDialog &dialog = fixture.dialog;
        Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(
            QStringLiteral("host=127.0.0.1 port=%1 user=ana dbname=bridge connect_timeout=2")
                .arg(silent.port()));
        QVERIFY(profile);
        dialog.setProfile(*profile);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QVERIFY(dialog.statusText().contains(QLatin1String("Connecting to")));
        // The window is not waiting on it: typing goes on.
        QLineEdit *database = child<QLineEdit>(dialog, "databaseEdit");
        database->clear();
        QTest::keyClicks(database, QStringLiteral("typed meanwhile"));
        QCOMPARE(database->text(), QStringLiteral("typed meanwhile"));
        QVERIFY(finished.isEmpty());
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.statusText().contains(QLatin1String("did not answer in time")),
                 qPrintable(dialog.statusText()));
    }

    void savedProfileComesBackWithoutItsPassword()
    {
        const QString path = m_dir.filePath(QStringLiteral("d.ini"));
        {
            Fixture fixture(path);
            ConnectionDialog &dialog = fixture.dialog;
            child<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("bridge-staging"));
            child<QLineEdit>(dialog, "hostEdit")->setText(QStringLiteral("staging.example"));
            child<QLineEdit>(dialog, "userEdit")->setText(QStringLiteral("ana"));
            child<QLineEdit>(dialog, "passwordEdit")->setText(QStringLiteral("Sup3r-Secret"));
            QTest::mouseClick(child<QPushButton>(dialog, "saveProfileButton"), Qt::LeftButton);
            QVERIFY2(dialog.statusText().contains(QLatin1String("Saved \"bridge-staging\"")),
                     qPrintable(dialog.statusText()));
            QCOMPARE(child<QListWidget>(dialog, "profileList")->count(), 1);
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("Sup3r-Secret"));

        Fixture fixture(path);
        ConnectionDialog &dialog = fixture.dialog;
        child<QListWidget>(dialog, "profileList")->setCurrentRow(0);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), QStringLiteral("staging.example"));
        QCOMPARE(dialog.profileName(), QStringLiteral("bridge-staging"));
        QVERIFY(child<QLineEdit>(dialog, "passwordEdit")->text().isEmpty());

        QTest::mouseClick(child<QPushButton>(dialog, "deleteProfileButton"), Qt::LeftButton);
        QCOMPARE(child<QListWidget>(dialog, "profileList")->count(), 0);
        QVERIFY(fixture.store.names().isEmpty());
    }
};

QTEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
