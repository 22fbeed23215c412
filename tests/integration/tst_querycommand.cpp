// `bridgescope query`, the SQL console's twin, as a script runs it: statements split as psql
// splits them, every cell the server's text, errors placed at their line and column, the
// session read-only unless --write, notices in order, CSV byte for byte psql's \copy.
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

class tst_QueryCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_db.isValid()); }

    // Semicolons inside dollar quotes, comments, strings and quoted identifiers do not end a
    // statement; each statement gets its own object, its rows as the server's text.
    void splitsAsPsqlDoes()
    {
        const QString script = QStringLiteral(
            "SELECT 'a;b' AS \"semi;colon\", $$x;y$$ AS body; -- a comment; with a semicolon\n"
            "/* a block; /* nested; */ comment */ SELECT 2 AS two;\n"
            "DO $do$ BEGIN RAISE NOTICE 'inside; the body'; END $do$;\n"
            "SELECT 12345678901234567890.000000000001::numeric AS big, NULL::jsonb AS nothing,\n"
            "       '{\"k\": [1, 2.50]}'::jsonb AS doc");
        const CliRun run = runCli({ "query", "--dsn", dsn(), "--json", "-c", script });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonArray statements = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(statements.size(), 4);
        const QJsonObject first = statements[0].toObject();
        QCOMPARE(first[QStringLiteral("columns")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("name")]
                     .toString(),
                 QStringLiteral("semi;colon"));
        QCOMPARE(first[QStringLiteral("rows")].toArray()[0].toArray(),
                 (QJsonArray { QStringLiteral("a;b"), QStringLiteral("x;y") }));
        QCOMPARE(statements[1].toObject()[QStringLiteral("command")].toString(),
                 QStringLiteral("SELECT 1"));
        const QJsonObject doBlock = statements[2].toObject();
        QCOMPARE(doBlock[QStringLiteral("command")].toString(), QStringLiteral("DO"));
        QCOMPARE(doBlock[QStringLiteral("notices")].toArray(),
                 (QJsonArray { QStringLiteral("NOTICE:  inside; the body") }));
        QVERIFY(doBlock[QStringLiteral("rows")].isNull());
        // A numeric never passes through a double; NULL is null; jsonb is the server's text.
        const QJsonObject values = statements[3].toObject();
        QCOMPARE(values[QStringLiteral("rows")].toArray()[0].toArray(),
                 (QJsonArray { QStringLiteral("12345678901234567890.000000000001"), QJsonValue(),
                               QStringLiteral("{\"k\": [1, 2.50]}") }));
        QCOMPARE(values[QStringLiteral("columns")]
                     .toArray()[2]
                     .toObject()[QStringLiteral("type")]
                     .toString(),
                 QStringLiteral("jsonb"));
    }

    // An error on line 7 of a script is reported at line 7 and the column the server named,
    // and the statements after it are not run.
    // A function with an SQL-standard body (BEGIN ATOMIC … END, PostgreSQL 14+) is one
    // statement, its inner semicolons and CASE … END included, as psql sends it: the server
    // accepts the body only whole.
    void aBeginAtomicBodyIsOneStatement()
    {
        const QString script
            = QStringLiteral("CREATE FUNCTION pg_temp.twice(n int) RETURNS int LANGUAGE sql\n"
                             "BEGIN ATOMIC\n"
                             "  SELECT CASE WHEN n IS NULL THEN 0 ELSE n * 2 END;\n"
                             "END;\n"
                             "SELECT pg_temp.twice(21) AS answer, (SELECT 1; ) IS NULL AS never;");
        // The last statement is wrong on purpose inside its parentheses: psql sends it whole
        // (the ';' in parentheses ends nothing), and the server's error names it.
        const CliRun run = runCli({ "query", "--dsn", dsn(), "--write", "--json", "-c", script });
        const QJsonArray statements = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(statements.size(), 2);
        QCOMPARE(statements[0].toObject()[QStringLiteral("command")].toString(),
                 QStringLiteral("CREATE FUNCTION"));
        QVERIFY(statements[1].toObject()[QStringLiteral("error")].isObject());
        const CliRun fixed
            = runCli({ "query", "--dsn", dsn(), "--write", "--json", "-c",
                       QString(script).replace(QStringLiteral(", (SELECT 1; ) IS NULL AS never"),
                                               QString()) });
        QVERIFY2(fixed.exitCode == 0, qPrintable(fixed.err));
        const QJsonArray ok = QJsonDocument::fromJson(fixed.out.toUtf8()).array();
        QCOMPARE(ok.size(), 2);
        QCOMPARE(ok[1].toObject()[QStringLiteral("rows")].toArray()[0].toArray()[0].toString(),
                 QStringLiteral("42"));
    }

    void errorIsPlacedAndStops()
    {
        const QString script = QStringLiteral("SELECT 1;\n"
                                              "\n"
                                              "-- the next one fails\n"
                                              "SELECT 2\n"
                                              "  , 3;\n"
                                              "SELECT a,\n"
                                              "       nope_column FROM (SELECT 1 AS a) t;\n"
                                              "SELECT 'never run';\n");
        const CliRun run = runCli({ "query", "--dsn", dsn(), "--json", "-c", script });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("line 7, column 8: column \"nope_column\" does "
                                                 "not exist (SQLSTATE 42703)")),
                 qPrintable(run.err));
        const QJsonArray statements = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(statements.size(), 3);
        const QJsonObject error = statements[2].toObject()[QStringLiteral("error")].toObject();
        QCOMPARE(error[QStringLiteral("line")].toInt(), 7);
        QCOMPARE(error[QStringLiteral("column")].toInt(), 8);
        QCOMPARE(error[QStringLiteral("sqlstate")].toString(), QStringLiteral("42703"));
    }

    // Read-only unless --write: a change is refused by the server, and nothing changed.
    void readOnlyUnlessWrite()
    {
        const CliRun refused
            = runCli({ "query", "--dsn", dsn(), "-c", "CREATE TABLE console_made (id int)" });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("read-only transaction")),
                 qPrintable(refused.err));
        QCOMPARE(psqlColumn(m_db.profile(),
                            QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = "
                                           "'console_made'")),
                 QStringList { QStringLiteral("0") });
        const CliRun written = runCli({ "query", "--dsn", dsn(), "--write", "--json", "-c",
                                        "CREATE TABLE console_made (id int);"
                                        "INSERT INTO console_made SELECT generate_series(1, 5)" });
        QVERIFY2(written.exitCode == 0, qPrintable(written.err));
        const QJsonArray statements = QJsonDocument::fromJson(written.out.toUtf8()).array();
        QCOMPARE(statements[1].toObject()[QStringLiteral("command")].toString(),
                 QStringLiteral("INSERT 0 5"));
        QCOMPARE(statements[1].toObject()[QStringLiteral("rows_affected")].toInt(), 5);
    }

    // --csv writes the last returning statement's rows as psql's \copy … csv header does: NULL
    // and empty strings apart, quotes, commas, newlines, a lone \. in a one-column result.
    void csvIsWhatPsqlCopyWrites_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("awkward values") << QStringLiteral(
            "SELECT g, CASE g % 4 WHEN 0 THEN '' WHEN 1 THEN 'a,\"b' WHEN 2 THEN E'two\\nlines' "
            "END AS s, NULL::text AS n, '{\"k\": \"日本\"}'::jsonb AS doc, g * 1.5 AS x, "
            "ARRAY['a b', NULL] AS arr FROM generate_series(1, 1000) g");
        QTest::newRow("one column, a lone backslash-dot")
            << QStringLiteral("SELECT v FROM (VALUES ('\\.'), (''), (NULL), ('x')) t(v)");
        QTest::newRow("no rows") << QStringLiteral("SELECT 1 AS a WHERE false");
    }
    void csvIsWhatPsqlCopyWrites()
    {
        QFETCH(QString, query);
        ScratchDir dir;
        const QString ours = dir.path() + QStringLiteral("/ours.csv");
        const QString theirs = dir.path() + QStringLiteral("/psql.csv");
        const CliRun run = runCli({ "query", "--dsn", dsn(), "--csv", "-o", ours, "-c",
                                    QStringLiteral("SELECT 'not this one'; ") + query });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const PsqlRun psql = runPsql(
            m_db.profile(), QStringLiteral("\\copy (%1) to '%2' csv header").arg(query, theirs));
        QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
        QCOMPARE(readFile(ours), readFile(theirs));
    }

    // The rows of the last statement that returned any, though statements without rows follow;
    // a run that fails leaves the file that was there as it was.
    void csvKeepsTheLastRowsAndLosesNothing()
    {
        ScratchDir dir;
        const QString path = dir.path() + QStringLiteral("/out.csv");
        const CliRun kept = runCli({ "query", "--dsn", dsn(), "--csv", "-o", path, "-c",
                                     "SELECT 1 AS a; SELECT 2 AS b; SET application_name = 'x'" });
        QVERIFY2(kept.exitCode == 0, qPrintable(kept.err));
        QCOMPARE(readFile(path), QByteArray("b\n2\n"));
        const CliRun failed = runCli(
            { "query", "--dsn", dsn(), "--csv", "-o", path, "-c", "SELECT 3 AS c; SELECT 1 / 0" });
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains(QStringLiteral("division by zero")), qPrintable(failed.err));
        QCOMPARE(readFile(path), QByteArray("b\n2\n"));
    }

    // complete: tables quoted and ranked (both start so: the shorter first), and a json
    // column's keys from its data, the most frequent first.
    void completePrintsWhatTheEditorOffers()
    {
        QVERIFY(
            execSql(QStringLiteral("CREATE TABLE \"Completion Target\" (id int, doc jsonb);"
                                   "CREATE TABLE completion_target_archive (id int);"
                                   "INSERT INTO \"Completion Target\" SELECT g, jsonb_build_object("
                                   "'common', 1) || CASE WHEN g < 3 THEN '{\"rare\": 1}'::jsonb "
                                   "ELSE '{}' END FROM generate_series(1, 20) g"),
                    m_db.profile()));
        CliRun run
            = runCli({ "complete", "--dsn", dsn(), "--json", "--sql", "SELECT * FROM complet" });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QJsonArray list = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(list[0].toObject()[QStringLiteral("text")].toString(),
                 QStringLiteral("\"Completion Target\""));
        QCOMPARE(list[1].toObject()[QStringLiteral("text")].toString(),
                 QStringLiteral("completion_target_archive"));
        run = runCli({ "complete", "--dsn", dsn(), "--json", "--sql",
                       "SELECT t.doc->>' FROM \"Completion Target\" t", "--at", "16" });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        list = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject()[QStringLiteral("text")].toString(), QStringLiteral("common'"));
        QCOMPARE(list[0].toObject()[QStringLiteral("kind")].toString(), QStringLiteral("key"));
        QCOMPARE(list[1].toObject()[QStringLiteral("text")].toString(), QStringLiteral("rare'"));
        QCOMPARE(runCli({ "complete", "--dsn", dsn(), "--sql", "x", "--at", "5" }).exitCode, 2);
    }

    void usage()
    {
        QCOMPARE(runCli({ "query", "--dsn", dsn() }).exitCode, 2);
        QCOMPARE(runCli({ "query", "--dsn", dsn(), "-c", "SELECT 1", "--json", "--csv" }).exitCode,
                 2);
        QCOMPARE(runCli({ "query", "--dsn", dsn(), "-c", "  -- only a comment\n" }).exitCode, 2);
    }

private:
    QString dsn() const { return m_db.profile().toConnInfo(false); }
    ScratchDatabase m_db { QStringLiteral("query_cli") };
};

QTEST_GUILESS_MAIN(tst_QueryCommand)
#include "tst_querycommand.moc"
