// `bridgescope export` as a script runs it: CSV byte for byte what psql's \copy writes for the
// same rows and order (NULL vs empty, quotes, newlines, commas, unicode, hostile names), JSON
// that parses back to the same rows, and refusals that leave an existing file as it was.
#include "CliRun.h"
#include "Files.h"
#include "Psql.h"
#include "ServerFaults.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// Odd names and every awkward value CSV has to quote (moc cannot read this as a raw string).
const char kRows[]
    = "CREATE SCHEMA \"odd \"\"schema\"\"\";\n"
      "CREATE TABLE \"odd \"\"schema\"\"\".\"rows, and more\" (\n"
      "id int PRIMARY KEY, \"the \"\"text\"\"\" text, doc jsonb, tags text[], at timestamptz,\n"
      "raw bytea, n numeric);\n"
      "INSERT INTO \"odd \"\"schema\"\"\".\"rows, and more\" VALUES\n"
      "(1, NULL, '{\"kind\": \"a\", \"q\": \"say \\\"hi\\\"\\\\n\"}', '{x,\"y z\"}', '2026-03-29 "
      "01:30:00+00', '\\x00ff', 1.50),\n"
      "(2, '', '{\"kind\": \"b\"}', '{}', NULL, NULL, NULL),\n"
      "(3, 'line one\n"
      "line two, with comma', '{\"kind\": \"a\", \"ü\": \"日本\"}', NULL, '2026-10-25 "
      "00:59:59.999999+00', '', -0.0),\n"
      "(4, '\\.', '{\"kind\": \"c\"}', '{NULL}', 'infinity', '\\x5c2e', 1e-20),\n"
      "(5, 'tab\tand \"quotes\"', '{\"kind\": \"a\", \"n\": 2}', '{\"a,b\"}', '1999-12-31 "
      "23:59:59+00', '\\x', 3);\n"
      "\n";

} // namespace

class tst_ExportCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(execSql(QString::fromUtf8(kRows), m_db.profile()));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE other (id int)"), m_db.profile()));
    }

    void csvIsWhatPsqlCopyWrites_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("query");
        const QString table = QStringLiteral(R"("odd ""schema"""."rows, and more")");
        QTest::newRow("whole table")
            << QStringList {} << QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(table);
        QTest::newRow("where-json, order")
            << QStringList { "--where-json", R"(doc={"kind": "a"})", "--order", "at" }
            << QStringLiteral(R"(SELECT * FROM %1 WHERE doc @> '{"kind": "a"}' ORDER BY at, id)")
                   .arg(table);
        QTest::newRow("descending text") << QStringList {
            "--order", "the \"text\"", "--desc"
        } << QStringLiteral(R"(SELECT * FROM %1 ORDER BY "the ""text""" DESC, id DESC)").arg(table);
    }
    void csvIsWhatPsqlCopyWrites()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, query);
        ScratchDir dir;
        const QString ours = dir.path() + QStringLiteral("/ours.csv");
        const QString theirs = dir.path() + QStringLiteral("/psql.csv");
        const CliRun run = runCli(QStringList { "export", "--dsn", dsn(), "--table",
                                                R"("odd ""schema""".rows, and more)", "-o", ours }
                                  + options);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const PsqlRun psql = runPsql(
            m_db.profile(), QStringLiteral("\\copy (%1) to '%2' csv header").arg(query, theirs));
        QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
        QCOMPARE(readFile(ours), readFile(theirs));
        QVERIFY(readFile(ours).contains("\"line one\nline two, with comma\""));
    }

    void partitionsExportByNameAsPsqlCopiesThem_data()
    {
        QTest::addColumn<QString>("table"); // as the user types it
        QTest::addColumn<QString>("sql"); // as psql reads it
        QTest::newRow("bare name") << "readings_2025"
                                   << "readings_2025";
        QTest::newRow("quoted, with a comma, its own column order") << R"("Readings, 2026")"
                                                                    << R"("Readings, 2026")";
        QTest::newRow("another schema than its table")
            << R"("old data"."readings before ""2025""")"
            << R"("old data"."readings before ""2025""")";
        QTest::newRow("the partitioned table") << "readings"
                                               << "readings";
    }
    void partitionsExportByNameAsPsqlCopiesThem()
    {
        QFETCH(QString, table);
        QFETCH(QString, sql);
        if (!m_partitioned) {
            // A partition is a table: declared with the parent, attached with a column order of
            // its own, or in another schema.
            QVERIFY(execSql(QStringLiteral(R"sql(
                CREATE TABLE readings (id int, at date, value text, PRIMARY KEY (id, at))
                    PARTITION BY RANGE (at);
                CREATE TABLE readings_2025 PARTITION OF readings
                    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE "Readings, 2026" (value text, at date NOT NULL, id int NOT NULL);
                ALTER TABLE readings ATTACH PARTITION "Readings, 2026"
                    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE SCHEMA "old data";
                CREATE TABLE "old data"."readings before ""2025""" PARTITION OF readings
                    FOR VALUES FROM ('2000-01-01') TO ('2025-01-01');
                INSERT INTO readings
                    SELECT i, date '2024-06-01' + i * 3, 'value ' || i FROM generate_series(1, 300) i;
            )sql"),
                            m_db.profile()));
            m_partitioned = true;
        }
        ScratchDir dir;
        const QString ours = dir.path() + QStringLiteral("/ours.csv");
        const QString theirs = dir.path() + QStringLiteral("/psql.csv");
        const CliRun run = runCli({ "export", "--dsn", dsn(), "--table", table, "-o", ours });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const PsqlRun psql
            = runPsql(m_db.profile(),
                      QStringLiteral("\\copy (SELECT * FROM %1 ORDER BY id, at) to '%2' csv header")
                          .arg(sql, theirs));
        QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
        QCOMPARE(readFile(ours), readFile(theirs));
        QVERIFY(readFile(ours).count('\n') > 20); // every partition holds rows
    }

    void jsonHoldsTheSameRows()
    {
        ScratchDir dir;
        const QString path = dir.path() + QStringLiteral("/rows.json");
        const CliRun run
            = runCli({ "export", "--dsn", dsn(), "--table", R"("odd ""schema""".rows, and more)",
                       "--format", "json", "--where-json", R"(doc={"kind": "a"})", "-o", path });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("Wrote 3 rows")));
        QJsonParseError error;
        const QJsonArray rows = QJsonDocument::fromJson(readFile(path), &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].toObject().value("the \"text\""), QJsonValue(QJsonValue::Null));
        QCOMPARE(rows[0].toObject().value("doc").toObject().value("q").toString(),
                 QStringLiteral("say \"hi\"\\n")); // a backslash and an n, as stored
        QCOMPARE(rows[1].toObject().value("doc").toObject().value("ü").toString(),
                 QStringLiteral("日本"));
        QCOMPARE(rows[2].toObject().value("tags").toArray().first().toString(),
                 QStringLiteral("a,b"));
    }

    // A role that may read some columns gets those, as psql's \copy of them, and is told which
    // it did not get; a table it may not read at all is refused and the file kept.
    void aRoleWithSomeColumnsExportsThoseAndSaysSo()
    {
        ScratchRole role(QStringLiteral("export"));
        const QString table = QStringLiteral(R"("odd ""schema"""."rows, and more")");
        QVERIFY(role.grant(QStringLiteral("GRANT USAGE ON SCHEMA \"odd \"\"schema\"\"\" TO %1;"
                                          "GRANT SELECT (id, n) ON %2 TO %1")
                               .replace(QLatin1String("%2"), table),
                           m_db.profile()));
        const QString asRole = role.profile(m_db.profile()).toConnInfo(false);
        ScratchDir dir;
        const QString ours = dir.path() + QStringLiteral("/ours.csv");
        const QString theirs = dir.path() + QStringLiteral("/theirs.csv");
        CliRun run = runCli({ "export", "--dsn", asRole, "--table", table, "-o", ours });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(
            run.err.contains(QLatin1String(
                "without the columns the role may not read: the \"text\", doc, tags, at, raw")),
            qPrintable(run.err));
        const PsqlRun psql
            = runPsql(m_db.profile(),
                      QStringLiteral("\\copy (SELECT id, n FROM %1 ORDER BY id) to '%2' csv header")
                          .arg(table, theirs));
        QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
        QCOMPARE(readFile(ours), readFile(theirs));

        const QString path = writeFile(dir.path(), QStringLiteral("keep.csv"), "precious\n");
        run = runCli({ "export", "--dsn", asRole, "--table", "public.other", "-o", path });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("Permission denied for table other")),
                 qPrintable(run.err));
        QCOMPARE(readFile(path), QByteArray("precious\n"));
    }

    void refusalsLeaveTheFileAsItWas_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad JSON") << QStringList {
            "--table", "\"odd \"\"schema\"\"\".rows, and more", "--where-json", "doc={\"kind\":"
        } << 1 << "not valid JSON";
        QTest::newRow("no such table")
            << QStringList { "--table", "public.nope" } << 1 << "no table or view public.nope";
        QTest::newRow("no such column")
            << QStringList { "--table", "\"odd \"\"schema\"\"\".rows, and more", "--order", "nope" }
            << 1 << "no column \"nope\"";
        QTest::newRow("bad format")
            << QStringList { "--table", "x", "--format", "xml" } << 2 << "csv or json";
        QTest::newRow("no table") << QStringList {} << 2 << "--table";
    }
    void refusalsLeaveTheFileAsItWas()
    {
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        ScratchDir dir;
        const QString path = writeFile(dir.path(), QStringLiteral("keep.csv"), "precious\n");
        const CliRun run = runCli(QStringList { "export", "--dsn", dsn(), "-o", path } + options);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(readFile(path), QByteArray("precious\n"));
    }

    // A disk that fills up mid-export: one sentence with the system's reason, exit 1, and the
    // file that was there untouched (before: killed by SIGXFSZ, or a short write taken for
    // success).
    void aFullDiskLeavesTheFileAsItWas_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("csv") << QStringLiteral("csv");
        QTest::newRow("json") << QStringLiteral("json");
    }
    void aFullDiskLeavesTheFileAsItWas()
    {
        QFETCH(QString, format);
        ScratchDir dir;
        const QString path = writeFile(dir.path(), QStringLiteral("keep.out"), "precious\n");
        const CliRun run = runCliWithFileSizeLimit(64,
                                                   { "export", "--dsn", dsn(), "--table",
                                                     R"("odd ""schema""".rows, and more)",
                                                     "--format", format, "-o", path });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err.trimmed(),
                 QStringLiteral("bridgescope: Cannot write %1: File too large; the file that was "
                                "there is as it was.")
                     .arg(path));
        QCOMPARE(readFile(path), QByteArray("precious\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { "keep.out" });
    }

    // The server dies mid-export (pg_ctl stop -m immediate while COPY streams): exit 1, one
    // sentence that says the connection was lost, and the file that was there untouched.
    void aServerKilledMidExportLeavesTheFileAsItWas()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        // Rows stream until the 5,000th, which waits: the export is then surely mid-way.
        QVERIFY(execSql(QStringLiteral("CREATE VIEW slow AS SELECT g, CASE WHEN g = 5000 THEN "
                                       "pg_sleep(60)::text END AS s, repeat('x', 100) AS pad "
                                       "FROM generate_series(1, 10000) g"),
                        *profile));
        const QString path = writeFile(dir.path(), QStringLiteral("keep.csv"), "precious\n");
        QProcess exporter;
        exporter.start(
            bridgescopeBinary(),
            { "export", "--dsn", profile->toConnInfo(false), "--table", "slow", "-o", path });
        Result<Session> observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        QTRY_VERIFY_WITH_TIMEOUT(
            someSession(
                *observer,
                QStringLiteral("application_name = 'bridgescope' AND wait_event = 'PgSleep'")),
            30'000);
        QVERIFY(killServer(cluster));
        QVERIFY(exporter.waitForFinished(60'000));
        QCOMPARE(exporter.exitStatus(), QProcess::NormalExit);
        QCOMPARE(exporter.exitCode(), 1);
        const QString err = QString::fromUtf8(exporter.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("bridgescope: The connection to the server was lost")),
                 qPrintable(err));
        QCOMPARE(readFile(path), QByteArray("precious\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { "keep.csv" });
        // Started again, the server answers as before.
        QVERIFY(cluster.start());
        QVERIFY(execSql(QStringLiteral("SELECT count(*) FROM slow WHERE g < 10"), *profile));
        QVERIFY(cluster.stop());
    }

private:
    QString dsn() const { return m_db.profile().toConnInfo(false); }
    ScratchDatabase m_db { QStringLiteral("export_cli") };
    bool m_partitioned = false; // the partitioned fixture is made by its first row
};

QTEST_GUILESS_MAIN(tst_ExportCommand)
#include "tst_exportcommand.moc"
