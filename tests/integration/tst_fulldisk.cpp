// A real full disk: a 256 KB tmpfs mounted in a private mount namespace (root only: CI runs as
// root; skipped elsewhere). What RLIMIT_FSIZE imitates in the other tests (EFBIG), here the
// file system itself refuses (ENOSPC): an export, a diagram and a chart fail in one sentence and
// leave the file that was there as it was, and the demo cluster says why it cannot be made.
#include "CliRun.h"
#include "Files.h"
#include "TestDatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_FullDisk : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("Mounting a small file system needs root (CI runs as root).");
        // Before any thread starts: the namespace is this thread's, and the CLI runs inherit it.
        // Private, so the mount is seen by nothing outside the test.
        if (::unshare(CLONE_NEWNS) != 0
            || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            QSKIP(qPrintable(QStringLiteral("No private mount namespace here: %1")
                                 .arg(QString::fromLocal8Bit(std::strerror(errno)))));
        QVERIFY(m_dir.isValid());
        m_full = m_dir.path() + QStringLiteral("/full");
        QVERIFY(QDir().mkpath(m_full));
        QVERIFY2(
            ::mount("tmpfs", m_full.toLocal8Bit().constData(), "tmpfs", 0, "size=256k,mode=0777")
                == 0,
            std::strerror(errno));
        // The file that must survive, written while there is room.
        m_keep = writeFile(m_full, QStringLiteral("keep.csv"), "precious\n");
        QVERIFY(execSql(QStringLiteral("CREATE TABLE wide AS SELECT g, repeat('x', 200) AS pad "
                                       "FROM generate_series(1, 5000) g"),
                        m_db.profile()));
        // The bridge schema with a day of workflows: a diagram and a chart to draw.
        QVERIFY(applyBundledMigrations(m_db.profile()));
        DemoDataOptions options;
        options.workflows = 300;
        options.days = 1;
        QVERIFY(fillDemoData(m_db.profile(), options));
    }

    void anExportOnAFullDiskKeepsTheFile()
    {
        const CliRun run = runCli({ QStringLiteral("export"), QStringLiteral("--dsn"),
                                    m_db.profile().toConnInfo(true), QStringLiteral("--table"),
                                    QStringLiteral("wide"), QStringLiteral("-o"), m_keep });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err.trimmed(),
                 QStringLiteral("bridgescope: Cannot write %1: No space left on device; the file "
                                "that was there is as it was.")
                     .arg(m_keep));
        QCOMPARE(readFile(m_keep), QByteArray("precious\n"));
        // No half-written temporary file is left to fill the disk further.
        QCOMPARE(QDir(m_full).entryList(QDir::Files), QStringList { QStringLiteral("keep.csv") });
    }

    // A diagram (PNG and SVG) and a chart's PNG, each over a file written while there was room,
    // on a disk that has since filled up.
    void drawingsOnAFullDiskKeepTheFile_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("name");
        QTest::newRow("diagram png") << QStringList { "diagram" } << "keep.png";
        QTest::newRow("diagram svg") << QStringList { "diagram" } << "keep.svg";
        QTest::newRow("chart png")
            << QStringList { "chart", "throughput", "--from", "-2d" } << "keep-chart.png";
    }
    void drawingsOnAFullDiskKeepTheFile()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, name);
        const QString path = writeFile(m_full, name, "precious\n");
        const QString filler = m_full + QStringLiteral("/filler");
        QVERIFY(fillTheDisk(filler));
        const CliRun run
            = runCli(command
                     + QStringList { QStringLiteral("--dsn"), m_db.profile().toConnInfo(true),
                                     QStringLiteral("-o"), path });
        QFile::remove(filler);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("Cannot write %1: No space left on device; the "
                                                 "file that was there is as it was.")
                                      .arg(path)),
                 qPrintable(run.err));
        QCOMPARE(readFile(path), QByteArray("precious\n"));
        QFile::remove(path);
    }

    void theDemoClusterOnAFullDiskSaysWhy()
    {
        const CliRun run = runCli({ QStringLiteral("cluster"), QStringLiteral("start"),
                                    QStringLiteral("--dir"), m_full + QStringLiteral("/cluster"),
                                    QStringLiteral("--port"), QString::number(freeTcpPort()) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith(QStringLiteral("bridgescope: initdb could not create the "
                                                   "cluster in %1/cluster/data")
                                        .arg(m_full)),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("No space left on device")), qPrintable(run.err));
        QCOMPARE(readFile(m_keep), QByteArray("precious\n"));
    }

    void cleanupTestCase()
    {
        if (!m_full.isEmpty())
            ::umount2(m_full.toLocal8Bit().constData(), MNT_DETACH);
    }

private:
    // Writes `path` until the file system has no room left.
    static bool fillTheDisk(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        const QByteArray block(4096, 'f');
        while (file.write(block) == block.size() && file.flush()) { }
        return file.size() > 0 || QFileInfo(path).exists();
    }

    ScratchDir m_dir;
    ScratchDatabase m_db { QStringLiteral("full_disk") };
    QString m_full;
    QString m_keep;
};

QTEST_GUILESS_MAIN(tst_FullDisk)
#include "tst_fulldisk.moc"
