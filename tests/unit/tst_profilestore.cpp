// Saved profiles: every libpq setting comes back, and the password is never written.
#include "connection/ProfileStore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace bridgescope;

class tst_ProfileStore : public QObject
{
    Q_OBJECT
private slots:
    void savesEverythingButThePassword()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileStore store(settings);
            auto profile = ConnectionProfile::fromDsn(QStringLiteral(
                "postgresql://ana:Very-Secret-42@db.example:6543/bridge?sslmode=verify-full"));
            QVERIFY(profile);
            store.save(QStringLiteral("staging / eu ü"), *profile);
            store.setLastUsed(QStringLiteral("staging / eu ü"));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(!written.contains("Very-Secret-42"));
        QVERIFY(!written.contains("password"));

        QSettings settings(path, QSettings::IniFormat);
        ProfileStore store(settings);
        QCOMPARE(store.names(), QStringList { QStringLiteral("staging / eu ü") });
        QCOMPARE(store.lastUsed(), QStringLiteral("staging / eu ü"));
        const ConnectionProfile loaded = store.load(QStringLiteral("staging / eu ü"));
        QCOMPARE(loaded.value(QStringLiteral("host")), QStringLiteral("db.example"));
        QCOMPARE(loaded.value(QStringLiteral("port")), QStringLiteral("6543"));
        QCOMPARE(loaded.value(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
        QVERIFY(!loaded.has(QStringLiteral("password")));
    }

    void removeForgetsTheProfile()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile profile;
        profile.setValue(QStringLiteral("host"), QStringLiteral("a"));
        store.save(QStringLiteral("one"), profile);
        store.save(QStringLiteral("two"), profile);
        store.remove(QStringLiteral("one"));
        QCOMPARE(store.names(), QStringList { QStringLiteral("two") });
    }

    void savingAgainReplacesOldKeywords()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile first;
        first.setValue(QStringLiteral("host"), QStringLiteral("a"));
        first.setValue(QStringLiteral("sslmode"), QStringLiteral("require"));
        store.save(QStringLiteral("p"), first);
        ConnectionProfile second;
        second.setValue(QStringLiteral("host"), QStringLiteral("b"));
        store.save(QStringLiteral("p"), second);
        QCOMPARE(store.load(QStringLiteral("p")), second);
    }
};

QTEST_GUILESS_MAIN(tst_ProfileStore)
#include "tst_profilestore.moc"
