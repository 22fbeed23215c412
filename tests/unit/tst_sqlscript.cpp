// Splitting migration files into statements: where psql would split, and nowhere else.
#include "migrations/SqlScript.h"

#include <QTest>

using namespace bridgescope;

class tst_SqlScript : public QObject
{
    Q_OBJECT
private slots:
    void splitsAtSemicolonsWithLines()
    {
        const auto statements = splitSqlScript(QStringLiteral(
            "-- header\nCREATE TABLE a (x int);\n\nCREATE INDEX i\n  ON a (x);\nSELECT 1"));
        QVERIFY(statements);
        QCOMPARE(statements->size(), 3);
        QCOMPARE(statements->at(0).text, QStringLiteral("CREATE TABLE a (x int)"));
        QCOMPARE(statements->at(0).line, 2);
        QCOMPARE(statements->at(1).text, QStringLiteral("CREATE INDEX i\n  ON a (x)"));
        QCOMPARE(statements->at(1).line, 4);
        QCOMPARE(statements->at(2).text, QStringLiteral("SELECT 1")); // no final ';'
        QCOMPARE(statements->at(2).line, 6);
    }

    void semicolonsInsideQuotesAndCommentsDoNotSplit_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("count");
        QTest::newRow("string") << QStringLiteral("SELECT 'a;b'; SELECT 2;") << 2;
        QTest::newRow("doubled quote") << QStringLiteral("SELECT 'it''s; here'; SELECT 2;") << 2;
        QTest::newRow("E-string backslash") << QStringLiteral("SELECT E'a\\';b'; SELECT 2;") << 2;
        QTest::newRow("plain string backslash is literal")
            << QStringLiteral("SELECT 'a\\'; SELECT 2;") << 2;
        QTest::newRow("quoted identifier")
            << QStringLiteral("CREATE TABLE \"we;ird\"\"name\" (x int); SELECT 2;") << 2;
        QTest::newRow("line comment") << QStringLiteral("SELECT 1; -- a; b\nSELECT 2;") << 2;
        QTest::newRow("nested block comment")
            << QStringLiteral("SELECT 1 /* a; /* b; */ c; */; SELECT 2;") << 2;
        QTest::newRow("dollar body")
            << QStringLiteral("DO $$ BEGIN PERFORM 1; PERFORM 2; END $$; SELECT 2;") << 2;
        QTest::newRow("tagged dollar body with $$ inside") << QStringLiteral(
            "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $fn$ SELECT '$$;' $fn$; SELECT 2;")
                                                           << 2;
        QTest::newRow("positional parameter is not a quote")
            << QStringLiteral("PREPARE p AS SELECT $1; SELECT 2;") << 2;
        QTest::newRow("comment-only statements vanish")
            << QStringLiteral("-- only\n;\n/* nothing */;\nSELECT 1;") << 1;
        // psql's rules beyond quotes: parentheses, and the SQL-standard body of a function.
        QTest::newRow("inside parentheses") << QStringLiteral("SELECT (1; 2); SELECT 2;") << 2;
        QTest::newRow("begin atomic body")
            << QStringLiteral("CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
                              "BEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN true THEN 2 END;\n"
                              "END;\nSELECT f();")
            << 2;
        QTest::newRow("or replace procedure")
            << QStringLiteral("create or replace procedure p() begin atomic insert into t "
                              "values (1); end; call p();")
            << 2;
        QTest::newRow("begin outside a routine is a transaction")
            << QStringLiteral("BEGIN; SELECT 1; END;") << 3;
        QTest::newRow("a routine's name holding begin")
            << QStringLiteral("CREATE FUNCTION begin_x() RETURNS int AS $$ SELECT 1 $$ "
                              "LANGUAGE sql; SELECT 2;")
            << 2;
        QTest::newRow("unicode") << QStringLiteral("COMMENT ON TABLE t IS 'naïve ☃;'; SELECT 2;")
                                 << 2;
    }

    void semicolonsInsideQuotesAndCommentsDoNotSplit()
    {
        QFETCH(QString, script);
        QFETCH(int, count);
        const auto statements = splitSqlScript(script);
        QVERIFY2(statements, statements ? "" : qPrintable(statements.error().message));
        QCOMPARE(statements->size(), count);
    }

    void unterminatedQuotesNameTheirLine_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("expected");
        QTest::newRow("string") << QStringLiteral("SELECT 1;\nSELECT 'abc;\n")
                                << QStringLiteral("line 2: the string");
        QTest::newRow("identifier") << QStringLiteral("\n\nSELECT \"abc")
                                    << QStringLiteral("line 3: the quoted identifier");
        QTest::newRow("dollar") << QStringLiteral("DO $body$ BEGIN END $$;")
                                << QStringLiteral("line 1: the dollar-quoted body $body$");
        QTest::newRow("comment") << QStringLiteral("SELECT 1;\n/* open /* nested */")
                                 << QStringLiteral("line 2: the comment");
    }

    void unterminatedQuotesNameTheirLine()
    {
        QFETCH(QString, script);
        QFETCH(QString, expected);
        const auto statements = splitSqlScript(script);
        QVERIFY(!statements);
        QVERIFY2(statements.error().message.startsWith(expected),
                 qPrintable(statements.error().message));
    }

    void psqlMetaCommandsAreRefused()
    {
        const auto statements = splitSqlScript(QStringLiteral("SELECT 1;\n\\i other.sql\n"));
        QVERIFY(!statements);
        QCOMPARE(statements.error().message,
                 QStringLiteral("line 2: \\i is a psql meta-command, not SQL; migrations are "
                                "plain SQL that bridgescope runs itself."));
    }

    void errorPositionMapsToTheFileLine()
    {
        const auto statements
            = splitSqlScript(QStringLiteral("-- x\n\nALTER TABLE t\n  ADD COLUMN y nope;"));
        QVERIFY(statements);
        const SqlStatement &statement = statements->first();
        QCOMPARE(statement.line, 3);
        const int position = int(statement.text.indexOf(QLatin1String("nope"))) + 1;
        QCOMPARE(lineOfPosition(statement, position), 4);
        QCOMPARE(lineOfPosition(statement, 0), 3);
    }

    void transactionControlIsRecognised_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("control");
        QTest::newRow("begin") << QStringLiteral("BEGIN") << true;
        QTest::newRow("begin lower") << QStringLiteral("begin transaction") << true;
        QTest::newRow("start") << QStringLiteral("START TRANSACTION") << true;
        QTest::newRow("commit") << QStringLiteral("COMMIT") << true;
        QTest::newRow("end") << QStringLiteral("end") << true;
        QTest::newRow("rollback") << QStringLiteral("ROLLBACK") << true;
        QTest::newRow("rollback to savepoint")
            << QStringLiteral("ROLLBACK TO SAVEPOINT a") << false;
        QTest::newRow("begin atomic body") << QStringLiteral("BEGIN ATOMIC SELECT 1; END") << false;
        QTest::newRow("create") << QStringLiteral("CREATE TABLE begin_x (a int)") << false;
        QTest::newRow("do block") << QStringLiteral("DO $$ BEGIN END $$") << false;
    }

    void transactionControlIsRecognised()
    {
        QFETCH(QString, sql);
        QFETCH(bool, control);
        QCOMPARE(isTransactionControl(SqlStatement { sql, 1 }), control);
    }
};

QTEST_APPLESS_MAIN(tst_SqlScript)
#include "tst_sqlscript.moc"
