// The CLI twin of every view, once each, against whatever server the tests are pointed at: the
// main suite runs it on the default cluster, scripts/test-versions on each other supported
// major (PostgreSQL 14 to 18). A catalog or statistics view that one major moved shows here as
// a failed command with its sentence.
#include "CliRun.h"
#include "Files.h"
#include "Psql.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_VersionSmoke : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ScratchDatabase> m_db;
    ScratchDir m_dir;

    QString dsn() const { return m_db->profile().toConnInfo(true); }
    CliRun run(const QString &command, const QStringList &arguments = {})
    {
        return runCli(QStringList { command, QStringLiteral("--dsn"), dsn() } + arguments);
    }
    QString scalar(const QString &sql) { return psqlColumn(m_db->profile(), sql).value(0); }
    QString file(const QString &name) const { return m_dir.path() + QLatin1Char('/') + name; }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<ScratchDatabase>(QStringLiteral("versions"));
        QVERIFY(m_db->isValid());
        QVERIFY(m_dir.isValid());
        // Where the server preloads pg_stat_statements (our clusters do), its view is installed,
        // so that each major's columns are read; in a schema of its own, as a DBA would, which
        // neither the migrations' drift nor the bridge tables' listing looks at.
        if (scalar(QStringLiteral("SHOW shared_preload_libraries"))
                .contains(QLatin1String("pg_stat_statements")))
            QVERIFY(execSql(QStringLiteral("CREATE SCHEMA monitoring; "
                                           "CREATE EXTENSION pg_stat_statements SCHEMA monitoring"),
                            m_db->profile()));
        qInfo("server: %s", qPrintable(scalar(QStringLiteral("SELECT version()"))));
    }

    void infoNamesTheServer()
    {
        const CliRun info = run(QStringLiteral("info"));
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QString major = scalar(QStringLiteral("SHOW server_version")).section('.', 0, 0);
        QVERIFY2(info.out.contains(QStringLiteral("PostgreSQL ") + major), qPrintable(info.out));
        QVERIFY2(info.err.isEmpty(), qPrintable(info.err));
        // 13 works, and is said to be past its end of life; the majors from 14 on get no note.
        QCOMPARE(
            info.out.contains(QLatin1String("note:     PostgreSQL 13 is past its end of life")),
            major == QLatin1String("13"));
        if (major != QLatin1String("13"))
            QVERIFY2(!info.out.contains(QLatin1String("note:")), qPrintable(info.out));
    }

    void migrationsApplyVerifyAndShowNoDrift()
    {
        const CliRun up = run(QStringLiteral("migrate"), { QStringLiteral("up") });
        QVERIFY2(up.exitCode == 0, qPrintable(up.out + up.err));
        const CliRun status = run(QStringLiteral("migrate"),
                                  { QStringLiteral("status"), QStringLiteral("--json") });
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
        const QJsonArray migrations = QJsonDocument::fromJson(status.out.toUtf8())
                                          .object()
                                          .value(QStringLiteral("migrations"))
                                          .toArray();
        QVERIFY(!migrations.isEmpty());
        for (const QJsonValue &migration : migrations)
            QCOMPARE(migration.toObject().value(QStringLiteral("state")).toString(),
                     QStringLiteral("applied"));
        // verify: down and up again in a scratch database, each catalog compared.
        const CliRun verify = run(QStringLiteral("migrate"), { QStringLiteral("verify") });
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.out + verify.err));
        const CliRun drift = run(QStringLiteral("migrate"), { QStringLiteral("drift") });
        QVERIFY2(drift.exitCode == 0, qPrintable(drift.out + drift.err));
    }

    void demoDataFillsTheBridgeTables()
    {
        const CliRun demo = run(QStringLiteral("demo-data"),
                                { QStringLiteral("--workflows"), QStringLiteral("400"),
                                  QStringLiteral("--days"), QStringLiteral("3") });
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workflow_executions")),
                 QStringLiteral("400"));
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM bridge_states")).toInt() > 0);
    }

    void schemaAndDiagramShowEveryBridgeTable()
    {
        const CliRun schema = run(QStringLiteral("schema"), { QStringLiteral("--json") });
        QVERIFY2(schema.exitCode == 0, qPrintable(schema.err));
        const QJsonObject catalog = QJsonDocument::fromJson(schema.out.toUtf8()).object();
        const QStringList expected = psqlColumn(
            m_db->profile(),
            QStringLiteral(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "AND relkind IN ('r', 'p') ORDER BY 1"));
        QStringList tables;
        for (const QJsonValue &table : catalog.value(QStringLiteral("tables")).toArray()) {
            if (table.toObject().value(QStringLiteral("schema")) == QLatin1String("public"))
                tables << table.toObject().value(QStringLiteral("name")).toString();
        }
        QCOMPARE(tables, expected);
        // No column's NOT NULL shows as a constraint of its own (PostgreSQL 18 records them).
        for (const QJsonValue &table : catalog.value(QStringLiteral("tables")).toArray()) {
            for (const QJsonValue &check : table.toObject().value("check_constraints").toArray()) {
                const QString definition = check.toObject().value("definition").toString();
                QVERIFY2(definition.startsWith(QLatin1String("CHECK")), qPrintable(definition));
            }
        }

        const CliRun diagram
            = run(QStringLiteral("diagram"), { QStringLiteral("-o"), file("er.svg") });
        QVERIFY2(diagram.exitCode == 0, qPrintable(diagram.err));
        const QByteArray svg = readFile(file("er.svg"));
        for (const QString &table : expected)
            QVERIFY2(svg.contains(table.toUtf8()), qPrintable(table));
    }

    void everyBridgeTableExportsAsPsqlCopiesIt()
    {
        const CliRun schema = run(QStringLiteral("schema"), { QStringLiteral("--json") });
        const QJsonArray tables
            = QJsonDocument::fromJson(schema.out.toUtf8()).object().value("tables").toArray();
        QVERIFY(tables.size() >= 10);
        for (const QJsonValue &value : tables) {
            const QJsonObject table = value.toObject();
            if (table.value(QStringLiteral("schema")) != QLatin1String("public"))
                continue;
            const QString name = table.value(QStringLiteral("name")).toString();
            QStringList key;
            for (const QJsonValue &column :
                 table.value("primary_key").toObject().value("columns").toArray())
                key << column.toString();
            QVERIFY2(!key.isEmpty(), qPrintable(name));
            const QString ours = file(name + QStringLiteral(".ours.csv"));
            const QString theirs = file(name + QStringLiteral(".psql.csv"));
            const CliRun exported
                = run(QStringLiteral("export"),
                      { QStringLiteral("--table"), name, QStringLiteral("-o"), ours });
            QVERIFY2(exported.exitCode == 0, qPrintable(name + QLatin1Char(' ') + exported.err));
            const PsqlRun psql
                = runPsql(m_db->profile(),
                          QStringLiteral("\\copy (SELECT * FROM %1 ORDER BY %2) to '%3' csv header")
                              .arg(name, key.join(QStringLiteral(", ")), theirs));
            QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
            QVERIFY2(readFile(ours) == readFile(theirs), qPrintable(name));
        }
    }

    void everyHealthSectionAnswers_data()
    {
        QTest::addColumn<QString>("section");
        for (const char *section : { "sessions", "blocking", "replication", "storage", "indexes",
                                     "statements", "activity" })
            QTest::newRow(section) << QString::fromLatin1(section);
    }
    void everyHealthSectionAnswers()
    {
        QFETCH(QString, section);
        const CliRun health = run(QStringLiteral("health"), { section, QStringLiteral("--json") });
        QVERIFY2(health.exitCode == 0, qPrintable(health.err));
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(health.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(health.out));
        QVERIFY2(health.err.isEmpty(), qPrintable(health.err));
        // A section that could not be read says so in its "error"; none may on a supported major.
        const QJsonObject object = json.object();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonObject part = it.value().toObject();
            QVERIFY2(!part.contains(QStringLiteral("error")) || part.value("error").isNull(),
                     qPrintable(it.key() + QStringLiteral(": ")
                                + QJsonDocument(part).toJson(QJsonDocument::Compact)));
        }
        // Checkpoints live in pg_stat_checkpointer from 17 on, in pg_stat_bgwriter before.
        if (section == QLatin1String("activity")) {
            const QJsonObject checkpoints
                = object.value(section).toObject().value(QStringLiteral("checkpoints")).toObject();
            QVERIFY2(checkpoints.value(QStringLiteral("timed")).isDouble(), qPrintable(health.out));
        }
        // Our clusters preload pg_stat_statements and demo-data installs it: each major's
        // columns must read.
        if (section == QLatin1String("statements")
            && scalar(QStringLiteral("SHOW shared_preload_libraries"))
                   .contains(QLatin1String("pg_stat_statements"))) {
            const QJsonObject statements = object.value(section).toObject();
            QVERIFY2(statements.value(QStringLiteral("available")).toBool(),
                     qPrintable(statements.value(QStringLiteral("unavailable_reason")).toString()));
            QVERIFY(!statements.value(QStringLiteral("statements")).toArray().isEmpty());
        }
    }

    void workflowQuestionsAnswer()
    {
        const QString correlation = scalar(QStringLiteral(
            "SELECT correlation_id FROM workflow_executions ORDER BY started_at LIMIT 1"));
        const CliRun trace
            = run(QStringLiteral("trace"), { correlation, QStringLiteral("--json") });
        QVERIFY2(trace.exitCode == 0, qPrintable(trace.err));
        QVERIFY(QJsonDocument::fromJson(trace.out.toUtf8()).object().contains("steps"));

        const CliRun failures
            = run(QStringLiteral("failures"),
                  { QStringLiteral("--from"), QStringLiteral("-30d"), QStringLiteral("--json") });
        QVERIFY2(failures.exitCode == 0, qPrintable(failures.err));

        const QString session = scalar(QStringLiteral(
            "SELECT session_id FROM workflow_executions WHERE session_id IS NOT NULL LIMIT 1"));
        QVERIFY(!session.isEmpty());
        const CliRun sessionRun
            = run(QStringLiteral("session"), { session, QStringLiteral("--json") });
        QVERIFY2(sessionRun.exitCode == 0, qPrintable(sessionRun.err));

        const CliRun namespaces
            = run(QStringLiteral("namespaces"),
                  { QStringLiteral("--from"), QStringLiteral("-30d"), QStringLiteral("--json") });
        QVERIFY2(namespaces.exitCode == 0, qPrintable(namespaces.err));
        QVERIFY(!QJsonDocument::fromJson(namespaces.out.toUtf8()).isNull());
    }

    void everyChartDraws_data()
    {
        QTest::addColumn<QString>("chart");
        for (const char *chart : { "throughput", "items-per-second", "step-durations" })
            QTest::newRow(chart) << QString::fromLatin1(chart);
    }
    void everyChartDraws()
    {
        QFETCH(QString, chart);
        const CliRun csv = run(QStringLiteral("chart"),
                               { chart, QStringLiteral("--from"), QStringLiteral("-7d"),
                                 QStringLiteral("-o"), file(chart + QStringLiteral(".csv")) });
        QVERIFY2(csv.exitCode == 0, qPrintable(csv.err));
        QVERIFY(readFile(file(chart + QStringLiteral(".csv"))).count('\n') > 1);
        const CliRun png = run(QStringLiteral("chart"),
                               { chart, QStringLiteral("--from"), QStringLiteral("-7d"),
                                 QStringLiteral("-o"), file(chart + QStringLiteral(".png")) });
        QVERIFY2(png.exitCode == 0, qPrintable(png.err));
        QVERIFY(readFile(file(chart + QStringLiteral(".png"))).startsWith("\x89PNG"));
    }

    void migrationsRollBackToNothing()
    {
        const CliRun down
            = run(QStringLiteral("migrate"),
                  { QStringLiteral("down"), QStringLiteral("--to"), QStringLiteral("0") });
        QVERIFY2(down.exitCode == 0, qPrintable(down.out + down.err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relnamespace = "
                                       "'public'::regnamespace AND relkind IN ('r', 'p')")),
                 QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(tst_VersionSmoke)
#include "tst_versionsmoke.moc"
