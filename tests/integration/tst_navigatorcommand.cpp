// `bridgescope find` and `bridgescope ddl` as a script sees them: the ranked matches as text
// and JSON, the DDL the window shows, and refusals in one sentence with exit codes.
#include "CliRun.h"
#include "Psql.h"
#include "TestDatabase.h"
#include "catalog/CatalogIndex.h"
#include "catalog/ObjectDdl.h"
#include "connection/Session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_NavigatorCommand : public QObject
{
    Q_OBJECT
private:
    ScratchDatabase m_db { QStringLiteral("navigator_cli") };
    QString m_dsn;

private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        const PsqlRun made = runPsql(
            m_db.profile(),
            QStringLiteral("CREATE SCHEMA audit;"
                           "CREATE TABLE audit.workflow_executions (id int PRIMARY KEY);"
                           "CREATE FUNCTION public.pick(integer) RETURNS integer LANGUAGE sql "
                           "AS 'SELECT $1';"
                           "CREATE FUNCTION public.pick(text) RETURNS text LANGUAGE sql "
                           "AS 'SELECT $1';"));
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        m_dsn = m_db.profile().toConnInfo(false);
    }

    void findRanksTheTableFirst()
    {
        CliRun run = runCli({ QStringLiteral("find"), QStringLiteral("--dsn"), m_dsn,
                              QStringLiteral("workflow_executions"), QStringLiteral("--json") });
        QCOMPARE(run.exitCode, 0);
        const QJsonArray matches = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QVERIFY(matches.size() >= 3);
        const QJsonObject best = matches.first().toObject();
        QCOMPARE(best.value(QStringLiteral("kind")).toString(), QStringLiteral("table"));
        QCOMPARE(best.value(QStringLiteral("schema")).toString(), QStringLiteral("public"));
        QCOMPARE(best.value(QStringLiteral("name")).toString(),
                 QStringLiteral("workflow_executions"));
        for (const char *key : { "kind", "schema", "name", "parent", "score" })
            QVERIFY2(best.contains(QLatin1String(key)), key);
        // The other schema's table of the same name next; its columns after both.
        QCOMPARE(matches.at(1).toObject().value(QStringLiteral("schema")).toString(),
                 QStringLiteral("audit"));

        run = runCli({ QStringLiteral("find"), QStringLiteral("--dsn"), m_dsn,
                       QStringLiteral("aud.w_e"), QStringLiteral("--limit"), QStringLiteral("1") });
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out.trimmed().split(QLatin1Char('\n')).size(), 1);
        QVERIFY2(run.out.contains(QLatin1String("audit.workflow_executions")), qPrintable(run.out));

        run = runCli(
            { QStringLiteral("find"), QStringLiteral("--dsn"), m_dsn, QStringLiteral("zzzzqqq") });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith(QLatin1String("Nothing matches \"zzzzqqq\"")),
                 qPrintable(run.err));
        run = runCli({ QStringLiteral("find"), QStringLiteral("--dsn"), m_dsn });
        QCOMPARE(run.exitCode, 2);
        run = runCli({ QStringLiteral("find"), QStringLiteral("--dsn"), m_dsn, QStringLiteral("x"),
                       QStringLiteral("--limit"), QStringLiteral("0") });
        QCOMPARE(run.exitCode, 2);
    }

    void ddlPrintsWhatTheWindowShows()
    {
        CliRun run
            = runCli({ QStringLiteral("ddl"), QStringLiteral("--dsn"), m_dsn,
                       QStringLiteral("workflow_steps"), QStringLiteral("public.pick(text)") });
        QCOMPARE(run.exitCode, 0);
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY(session);
        Result<CatalogIndex> index = readCatalogIndex(*session);
        QVERIFY(index);
        Result<QString> steps = readObjectDdl(
            *session, index->objects().at(index->lookup(QStringLiteral("public.workflow_steps"))));
        Result<QString> pick = readObjectDdl(
            *session, index->objects().at(index->lookup(QStringLiteral("pick(text)"))));
        QVERIFY(steps && pick);
        QCOMPARE(run.out, *steps + QLatin1Char('\n') + *pick);
        QVERIFY(run.out.contains(
            QLatin1String("REFERENCES public.workflow_executions(id) ON DELETE CASCADE")));

        run = runCli(
            { QStringLiteral("ddl"), QStringLiteral("--dsn"), m_dsn, QStringLiteral("pick") });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("public.pick(integer), public.pick(text)")),
                 qPrintable(run.err));
        run = runCli({ QStringLiteral("ddl"), QStringLiteral("--dsn"), m_dsn,
                       QStringLiteral("no_such_table") });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("bridgescope find no_such_table")),
                 qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
        run = runCli({ QStringLiteral("ddl"), QStringLiteral("--dsn"), m_dsn });
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(tst_NavigatorCommand)
#include "tst_navigatorcommand.moc"
