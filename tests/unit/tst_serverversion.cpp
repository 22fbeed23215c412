// What BridgeScope says of a server's major version when it connects (info, the status bar).
#include "connection/ServerVersion.h"

#include <QTest>

using namespace bridgescope;

class tst_ServerVersion : public QObject
{
    Q_OBJECT
private slots:
    void testedMajorsGetNoNote_data()
    {
        QTest::addColumn<int>("version");
        for (int version : { 140023, 150018, 160014, 170010, 180004 })
            QTest::newRow(qPrintable(QString::number(version))) << version;
    }
    void testedMajorsGetNoNote()
    {
        QFETCH(int, version);
        QCOMPARE(serverVersionNote(version), QString());
    }

    void othersAreNamedWithTheTestedRange()
    {
        const QString old = serverVersionNote(120022);
        QVERIFY2(old.startsWith(QLatin1String("PostgreSQL 12 is older")), qPrintable(old));
        QVERIFY(old.contains(QLatin1String("(13 to 18)")));
        const QString next = serverVersionNote(190000);
        QVERIFY2(next.startsWith(QLatin1String("PostgreSQL 19 is newer")), qPrintable(next));
        QVERIFY(serverVersionNote(130023).contains(QLatin1String("end of life")));
        QCOMPARE(serverVersionNote(0), QString()); // not known: nothing to say
    }
};

QTEST_APPLESS_MAIN(tst_ServerVersion)
#include "tst_serverversion.moc"
