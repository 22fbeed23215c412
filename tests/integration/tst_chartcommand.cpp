// `bridgescope demo-data` and `bridgescope chart` as a script runs them: exit codes, files,
// and one sentence on stderr for each refusal.
#include "CliRun.h"
#include "ServerFaults.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_ChartCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        const CliRun run
            = runCli({ QStringLiteral("demo-data"), QStringLiteral("--dsn"), dsn(),
                       QStringLiteral("--workflows"), QStringLiteral("1500"),
                       QStringLiteral("--days"), QStringLiteral("2"), QStringLiteral("--end"),
                       QStringLiteral("2026-11-20T12:00:00Z") });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("Wrote 1500 workflows")));
    }

    void demoDataRefusesToWriteOverRows()
    {
        const CliRun again = runCli({ QStringLiteral("demo-data"), QStringLiteral("--dsn"), dsn(),
                                      QStringLiteral("--workflows"), QStringLiteral("10") });
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QLatin1String("already hold rows")), qPrintable(again.err));
        const CliRun usage = runCli({ QStringLiteral("demo-data"), QStringLiteral("--dsn"), dsn(),
                                      QStringLiteral("--workflows"), QStringLiteral("many") });
        QCOMPARE(usage.exitCode, 2);
    }

    void writesCsvAndPng()
    {
        ScratchDir dir;
        for (const QString &chart :
             { QStringLiteral("throughput"), QStringLiteral("items-per-second"),
               QStringLiteral("step-durations") }) {
            const QString csv = dir.path() + QLatin1Char('/') + chart + QStringLiteral(".csv");
            const QString png = dir.path() + QLatin1Char('/') + chart + QStringLiteral(".png");
            const QStringList common {
                QStringLiteral("chart"),       chart,
                QStringLiteral("--dsn"),       dsn(),
                QStringLiteral("--from"),      QStringLiteral("2026-11-18T12:00Z"),
                QStringLiteral("--to"),        QStringLiteral("2026-11-20T12:00Z"),
                QStringLiteral("--time-zone"), QStringLiteral("Europe/Berlin")
            };
            CliRun run = runCli(common + QStringList { QStringLiteral("-o"), csv });
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            QFile file(csv);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QVERIFY(text.count('\n') > 3);
            if (chart != QLatin1String("step-durations"))
                QVERIFY2(text.contains("+01:00,"), text.left(200).constData()); // CET buckets
            run = runCli(common + QStringList { QStringLiteral("-o"), png });
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            const QImage image(png);
            QCOMPARE(image.size(), QSize(1200, 700));
        }
    }

    void refusalsExitWithASentence()
    {
        const auto chart = [this](const QStringList &arguments) {
            return runCli(QStringList { QStringLiteral("chart") } + arguments
                          + QStringList { QStringLiteral("--dsn"), dsn() });
        };
        CliRun run
            = chart({ QStringLiteral("pie"), QStringLiteral("-o"), QStringLiteral("x.csv") });
        QCOMPARE(run.exitCode, 2);
        run = chart({ QStringLiteral("throughput") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains(QLatin1String("-o FILE.png")));
        run = chart({ QStringLiteral("throughput"), QStringLiteral("--from"), QStringLiteral("-1h"),
                      QStringLiteral("--to"), QStringLiteral("-2h"), QStringLiteral("-o"),
                      QStringLiteral("x.csv") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("not before its end")), qPrintable(run.err));
        run = chart({ QStringLiteral("throughput"), QStringLiteral("--bucket"),
                      QStringLiteral("1 month"), QStringLiteral("-o"), QStringLiteral("x.csv") });
        QCOMPARE(run.exitCode, 2);
        run = chart({ QStringLiteral("items-per-second"), QStringLiteral("--split"),
                      QStringLiteral("workflow-type"), QStringLiteral("-o"),
                      QStringLiteral("x.csv") });
        QCOMPARE(run.exitCode, 2);
        ScratchDir dir;
        const QString nothing = dir.path() + QStringLiteral("/nothing.csv");
        run = chart({ QStringLiteral("throughput"), QStringLiteral("--from"),
                      QStringLiteral("2020-01-01"), QStringLiteral("--to"),
                      QStringLiteral("2020-01-02"), QStringLiteral("-o"), nothing });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("No data in this range")), qPrintable(run.err));
        QVERIFY(!QFile::exists(nothing));

        ScratchDatabase bare(QStringLiteral("chart_cli_bare"));
        run = runCli({ QStringLiteral("chart"), QStringLiteral("step-durations"),
                       QStringLiteral("--dsn"), bare.profile().toConnInfo(false),
                       QStringLiteral("-o"), nothing });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("workflow_steps")), qPrintable(run.err));
    }

    // pg_ctl stop -m immediate while a chart's query waits (on a lock another session holds):
    // exit 1 in one sentence, and the file that was there untouched.
    void aServerKilledMidChartLeavesTheFileAsItWas()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        QVERIFY(applyBundledMigrations(*profile));
        const QString path = writeFile(dir.path(), QStringLiteral("chart.csv"), "precious\n");
        Result<Session> holder = holdTableLock(*profile, QStringLiteral("workflow_executions"));
        QVERIFY2(holder, holder ? "" : qPrintable(holder.error().message));
        QProcess charter;
        charter.start(bridgescopeBinary(),
                      { QStringLiteral("chart"), QStringLiteral("throughput"),
                        QStringLiteral("--dsn"), profile->toConnInfo(true), QStringLiteral("-o"),
                        path });
        Result<Session> observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        QTRY_VERIFY_WITH_TIMEOUT(
            someSession(
                *observer,
                QStringLiteral("wait_event_type = 'Lock' AND application_name NOT LIKE 'test-%'")),
            30'000);
        QVERIFY(killServer(cluster));
        QVERIFY(charter.waitForFinished(60'000));
        QCOMPARE(charter.exitCode(), 1);
        const QString err = QString::fromUtf8(charter.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("connection to the server was lost")), qPrintable(err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("precious\n"));
        QVERIFY(cluster.start());
        QVERIFY(cluster.stop());
    }

private:
    QString dsn() const { return m_db.profile().toConnInfo(false); }
    ScratchDatabase m_db { QStringLiteral("chart_cli") };
};

QTEST_GUILESS_MAIN(tst_ChartCommand)
#include "tst_chartcommand.moc"
