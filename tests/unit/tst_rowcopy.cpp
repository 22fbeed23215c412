// RowCopy: what Copy puts on the clipboard, in each format, for the values that go wrong
// (NULL against an empty string, tabs, quotes, line breaks, big numbers, JSON, arrays).
#include "data/RowCopy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;

namespace {

BrowseColumn column(const char *name, const char *type, ColumnKind kind)
{
    return BrowseColumn { QString::fromUtf8(name), QString::fromUtf8(type), kind, false };
}

CopiedCells sample()
{
    CopiedCells cells;
    cells.qualifiedTable = QStringLiteral("\"public\".\"Odd \"\"Name\"\"\"");
    cells.columns
        = { column("id", "bigint", ColumnKind::Number), column("note", "text", ColumnKind::Text),
            column("ok", "boolean", ColumnKind::Boolean),
            column("meta", "jsonb", ColumnKind::Jsonb),
            column("tags", "text[]", ColumnKind::TextArray) };
    cells.rows = {
        { QByteArray("9007199254740993"), QByteArray("tab\there, \"quoted\"\nnext line"),
          QByteArray("t"), QByteArray(R"({"a": [1, 2], "b": null})"),
          QByteArray(R"({x,"y z",NULL})") },
        { QByteArray("2"), QByteArray(""), std::nullopt, std::nullopt, QByteArray("{}") },
        { QByteArray("3"), std::nullopt, QByteArray("false"), QByteArray("1.5"),
          QByteArray("{it's}") },
    };
    return cells;
}

} // namespace

class tst_RowCopy : public QObject
{
    Q_OBJECT
private slots:
    void tsvPastesIntoCells()
    {
        const QString tsv = formatCopy(CopyFormat::Tsv, sample());
        const QStringList lines = tsv.split(QLatin1Char('\n'));
        // The first row's note holds a tab and a line break: quoted, so it stays one cell.
        QVERIFY(tsv.startsWith(
            QStringLiteral("9007199254740993\t\"tab\there, \"\"quoted\"\"\nnext line\"\tt\t")));
        // NULL and the empty string are both an empty cell in a spreadsheet.
        QVERIFY(tsv.contains(QStringLiteral("\n2\t\t\t\t{}\n")));
        QVERIFY(tsv.endsWith(QLatin1Char('\n')));

        CopiedCells one = sample();
        one.columns = { one.columns[1] };
        one.rows = { { QByteArray("just this") } };
        QCOMPARE(formatCopy(CopyFormat::Tsv, one), QStringLiteral("just this"));
        QCOMPARE(formatCopy(CopyFormat::TsvWithHeader, one), QStringLiteral("note\njust this\n"));
    }

    void csvTellsNullFromEmpty()
    {
        const QString csv = formatCopy(CopyFormat::Csv, sample());
        QVERIFY(csv.startsWith(QStringLiteral("id,note,ok,meta,tags\n")));
        QVERIFY(csv.contains(QStringLiteral("\"tab\there, \"\"quoted\"\"\nnext line\"")));
        // As COPY … CSV writes them: NULL empty, the empty string quoted.
        QVERIFY(csv.contains(QStringLiteral("\n2,\"\",,,{}\n")));
        QVERIFY(csv.contains(QStringLiteral("\n3,,false,1.5,{it's}\n")));
    }

    void jsonKeepsTypes()
    {
        const QString json = formatCopy(CopyFormat::Json, sample());
        QJsonParseError error;
        const QJsonArray rows = QJsonDocument::fromJson(json.toUtf8(), &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(rows.size(), 3);
        const QJsonObject first = rows[0].toObject();
        // A bigint past 2^53 is written as the server gave it, not rounded through a double.
        QVERIFY(json.contains(QStringLiteral("\"id\":9007199254740993")));
        QCOMPARE(first[QStringLiteral("note")].toString(),
                 QStringLiteral("tab\there, \"quoted\"\nnext line"));
        QCOMPARE(first[QStringLiteral("ok")].toBool(), true);
        QCOMPARE(first[QStringLiteral("meta")].toObject()[QStringLiteral("a")].toArray().size(), 2);
        QCOMPARE(first[QStringLiteral("tags")].toArray(),
                 (QJsonArray { QStringLiteral("x"), QStringLiteral("y z"), QJsonValue() }));
        const QJsonObject second = rows[1].toObject();
        QCOMPARE(second[QStringLiteral("note")].toString(), QString());
        QVERIFY(second[QStringLiteral("ok")].isNull());
        QVERIFY(second[QStringLiteral("meta")].isNull());
        QCOMPARE(second[QStringLiteral("tags")].toArray().size(), 0);
        QCOMPARE(rows[2].toObject()[QStringLiteral("meta")].toDouble(), 1.5);
    }

    void insertStatementsQuoteNamesAndValues()
    {
        // A statement per row; the line break inside the first note stays inside its literal.
        const QStringList lines = formatCopy(CopyFormat::Insert, sample())
                                      .split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[1],
                 QStringLiteral("INSERT INTO \"public\".\"Odd \"\"Name\"\"\" (\"id\", \"note\", "
                                "\"ok\", \"meta\", \"tags\") VALUES (2, '', NULL, NULL, '{}')"));
        QVERIFY(lines[2].endsWith(QStringLiteral("VALUES (3, NULL, false, '1.5', '{it''s}')")));
        QVERIFY(lines[0].contains(QStringLiteral("VALUES (9007199254740993, 'tab\there, "
                                                 "\"quoted\"\nnext line', true, ")));
    }

    void nonNumbersInANumericColumnAreQuoted()
    {
        CopiedCells cells;
        cells.qualifiedTable = QStringLiteral("t");
        cells.columns = { column("n", "numeric", ColumnKind::Number) };
        cells.rows = { { QByteArray("NaN") }, { QByteArray("Infinity") } };
        QCOMPARE(formatCopy(CopyFormat::Json, cells),
                 QStringLiteral("[\n{\"n\":\"NaN\"},\n{\"n\":\"Infinity\"}\n]\n"));
        QVERIFY(formatCopy(CopyFormat::Insert, cells).contains(QStringLiteral("VALUES ('NaN');")));
    }
};

QTEST_APPLESS_MAIN(tst_RowCopy)
#include "tst_rowcopy.moc"
