// The console's colours follow PostgreSQL's lexical rules: what looks like a string, a comment
// or a quoted name is what the server (and the statement splitter) take for one.
#include "PgSqlLexer.h"

#include <QTest>

using namespace bridgescope;

class tst_PgSqlLexer : public QObject
{
    Q_OBJECT
private slots:
    void styles_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("piece"); // a piece of the text …
        QTest::addColumn<int>("style"); // … styled so, every byte of it
        QTest::newRow("dollar body")
            << QByteArray("DO $$ BEGIN RAISE 'x'; END $$;")
            << QByteArray("$$ BEGIN RAISE 'x'; END $$") << int(PgSqlLexer::String);
        QTest::newRow("tagged dollar body")
            << QByteArray("SELECT $q$ it's $$ $q$ AS a") << QByteArray("$q$ it's $$ $q$")
            << int(PgSqlLexer::String);
        QTest::newRow("parameter is no quote")
            << QByteArray("SELECT $1 FROM t") << QByteArray("FROM") << int(PgSqlLexer::Keyword);
        QTest::newRow("nested comment")
            << QByteArray("/* a /* b */ still */ SELECT") << QByteArray("/* a /* b */ still */")
            << int(PgSqlLexer::Comment);
        QTest::newRow("after a nested comment") << QByteArray("/* a /* b */ c */ SELECT")
                                                << QByteArray("SELECT") << int(PgSqlLexer::Keyword);
        QTest::newRow("E string with an escaped quote")
            << QByteArray("SELECT E'it\\'s' FROM t") << QByteArray("E'it\\'s'")
            << int(PgSqlLexer::String);
        QTest::newRow("plain string, doubled quote")
            << QByteArray("SELECT 'it''s', 1") << QByteArray("'it''s'") << int(PgSqlLexer::String);
        QTest::newRow("quoted name")
            << QByteArray("SELECT \"Odd \"\"name\"\"\" FROM t")
            << QByteArray("\"Odd \"\"name\"\"\"") << int(PgSqlLexer::QuotedName);
        QTest::newRow("keyword in a quoted name")
            << QByteArray("SELECT \"select\"") << QByteArray("\"select\"")
            << int(PgSqlLexer::QuotedName);
    }
    void styles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, piece);
        QFETCH(int, style);
        const QByteArray styles = PgSqlLexer::stylesOf(text);
        QCOMPARE(styles.size(), text.size());
        const qsizetype at = text.indexOf(piece);
        QVERIFY(at >= 0);
        for (qsizetype i = at; i < at + piece.size(); ++i)
            QVERIFY2(int(styles.at(i)) == style,
                     qPrintable(QStringLiteral("byte %1 of \"%2\" is style %3")
                                    .arg(i)
                                    .arg(QString::fromUtf8(text))
                                    .arg(int(styles.at(i)))));
    }
};

QTEST_GUILESS_MAIN(tst_PgSqlLexer)
#include "tst_pgsqllexer.moc"
