// How cells read in the grid, from the server's text: NULL apart from an empty string,
// timestamps in a given zone with its abbreviation, arrays as lists, bytea as length and hex,
// long values cut; and the SQL a filter becomes, with no value in its text.
#include "data/BrowseQuery.h"
#include "data/CellFormat.h"

#include <QTest>

using namespace bridgescope;

class tst_CellFormat : public QObject
{
    Q_OBJECT
private slots:
    void nullIsNotAnEmptyString()
    {
        const CellText null = formatCell(ColumnKind::Text, std::nullopt);
        const CellText empty = formatCell(ColumnKind::Text, QByteArray(""));
        QVERIFY(null.isNull);
        QVERIFY(!empty.isNull);
        QCOMPARE(empty.text, QString());
        QCOMPARE(null.text, QStringLiteral("NULL"));
        // The text "NULL" is a value, not a NULL.
        QVERIFY(!formatCell(ColumnKind::Text, QByteArray("NULL")).isNull);
    }

    void timestampsInTheZoneWithItsName_data()
    {
        QTest::addColumn<QByteArray>("server");
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("shown");
        QTest::newRow("summer, micros")
            << QByteArray("2026-07-01 12:00:00.123456+00") << QByteArray("Europe/Berlin")
            << "2026-07-01 14:00:00.123456 CEST";
        QTest::newRow("winter, half-hour offset")
            << QByteArray("2026-01-15 23:30:00+05:30") << QByteArray("Europe/Berlin")
            << "2026-01-15 19:00:00 CET";
        QTest::newRow("DST gap hour") << QByteArray("2026-03-29 01:30:00+00")
                                      << QByteArray("Europe/Berlin") << "2026-03-29 03:30:00 CEST";
        QTest::newRow("negative offset") << QByteArray("2026-11-21 08:00:00-03")
                                         << QByteArray("UTC") << "2026-11-21 11:00:00 UTC";
        QTest::newRow("infinity as written")
            << QByteArray("infinity") << QByteArray("UTC") << "infinity";
    }
    void timestampsInTheZoneWithItsName()
    {
        QFETCH(QByteArray, server);
        QFETCH(QByteArray, zone);
        QFETCH(QString, shown);
        QCOMPARE(formatCell(ColumnKind::TimestampTz, server, 200, QTimeZone(zone)).text, shown);
    }

    void arraysAsLists()
    {
        QCOMPARE(formatCell(ColumnKind::TextArray,
                            QByteArray("{a,\"b c\",\"d,e\",NULL,\"NULL\",\"q\\\"x\"}"))
                     .text,
                 QStringLiteral("[a, b c, d,e, NULL, NULL, q\"x]"));
        QCOMPARE(formatCell(ColumnKind::TextArray, QByteArray("{}")).text, QStringLiteral("[]"));
        const auto parsed = parseArrayText(QStringLiteral("{NULL,\"NULL\"}"));
        QVERIFY(parsed);
        QVERIFY(!parsed->at(0).has_value()); // a NULL element
        QCOMPARE(parsed->at(1), std::optional<QString>(QStringLiteral("NULL"))); // the text
        QCOMPARE(parseArrayText(QStringLiteral("{{1,2},{3,4}}"))->size(), 2);
        QVERIFY(!parseArrayText(QStringLiteral("not an array")));
    }

    void byteaAsLengthAndHex()
    {
        QCOMPARE(formatCell(ColumnKind::Bytea, QByteArray("3:00ff10")).text,
                 QStringLiteral("3 bytes: 00 ff 10"));
        const CellText longer = formatCell(ColumnKind::Bytea, QByteArray("1048576:0102"));
        QVERIFY(longer.truncated);
        QCOMPARE(longer.text, QStringLiteral("1048576 bytes: 01 02 \u2026"));
        QCOMPARE(formatCell(ColumnKind::Bytea, QByteArray("0:")).text, QStringLiteral("0 bytes"));
    }

    void longValuesAreCutOnOneLine()
    {
        const CellText cell = formatCell(ColumnKind::Text, QByteArray(500, 'x'), 100);
        QVERIFY(cell.truncated);
        QCOMPARE(cell.text.size(), 101);
        QCOMPARE(formatCell(ColumnKind::Text, QByteArray("a\nb")).text, QStringLiteral("a\u21b5b"));
    }

    void filterValuesNeverEnterTheSql()
    {
        BrowseSpec spec;
        spec.table.schema = QStringLiteral("public");
        spec.table.name = QStringLiteral("t");
        spec.table.columns
            = { { QStringLiteral("doc"), QStringLiteral("jsonb"), ColumnKind::Jsonb },
                { QStringLiteral("name"), QStringLiteral("text"), ColumnKind::Text },
                { QStringLiteral("tags"), QStringLiteral("text[]"), ColumnKind::TextArray } };
        const QString hostile = QStringLiteral("'); DROP TABLE t; --");
        spec.filters = { { QStringLiteral("name"), FilterOp::Contains, hostile },
                         { QStringLiteral("name"), FilterOp::Equal, hostile },
                         { QStringLiteral("tags"), FilterOp::ArrayOverlaps, hostile },
                         { QStringLiteral("doc"), FilterOp::JsonPathExists, hostile } };
        BoundSql statement;
        Result<QString> where = whereSql(spec, statement);
        QVERIFY(where);
        QVERIFY(!where->contains(QLatin1String("DROP")));
        QCOMPARE(statement.params.size(), 4);
        QCOMPARE(*statement.params[0],
                 QStringLiteral("%''); DROP TABLE t; --%")
                     .replace(QLatin1String("''"), QLatin1String("'")));
        QCOMPARE(*statement.params[2], QStringLiteral("{\"'); DROP TABLE t; --\"}"));
        // Wildcards in a "contains" value are literal.
        spec.filters
            = { { QStringLiteral("name"), FilterOp::Contains, QStringLiteral("50%_a\\b") } };
        BoundSql like;
        QVERIFY(whereSql(spec, like));
        QCOMPARE(*like.params[0], QStringLiteral("%50\\%\\_a\\\\b%"));
    }
};

QTEST_APPLESS_MAIN(tst_CellFormat)
#include "tst_cellformat.moc"
