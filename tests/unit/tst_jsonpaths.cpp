// The JSONB viewer's paths and filters: PostgreSQL's #> text[] literal and jsonpath, quoted
// where a key needs it, and the @> document for "rows where this path has this value".
#include "data/JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;

class tst_JsonPaths : public QObject
{
    Q_OBJECT
private slots:
    void paths_data()
    {
        QTest::addColumn<JsonPath>("path");
        QTest::addColumn<QString>("postgres");
        QTest::addColumn<QString>("jsonpath");
        QTest::newRow("plain") << JsonPath { QStringLiteral("a"), 0, QStringLiteral("b") }
                               << "#> '{a,0,b}'"
                               << "$.a[0].b";
        QTest::newRow("space and quote")
            << JsonPath { QStringLiteral("two words"), QStringLiteral("it's") }
            << "#> '{\"two words\",it''s}'"
            << "$.\"two words\".\"it's\"";
        QTest::newRow("braces, comma, backslash")
            << JsonPath { QStringLiteral("{a,b}"), QStringLiteral("c\\d\"") }
            << "#> '{\"{a,b}\",\"c\\\\d\\\"\"}'"
            << "$.\"{a,b}\".\"c\\\\d\\\"\"";
        QTest::newRow("digit key is a key") << JsonPath { QStringLiteral("0") } << "#> '{0}'"
                                            << "$.\"0\"";
        QTest::newRow("root") << JsonPath {} << "#> '{}'"
                              << "$";
    }
    void paths()
    {
        QFETCH(JsonPath, path);
        QFETCH(QString, postgres);
        QFETCH(QString, jsonpath);
        QCOMPARE(postgresPathExpression(path), postgres);
        QCOMPARE(jsonPathExpression(path), jsonpath);
    }

    void containment()
    {
        QCOMPARE(
            containmentDocument({ QStringLiteral("a"), 2, QStringLiteral("b") }, QJsonValue(7)),
            QByteArray("{\"a\":[{\"b\":7}]}"));
        QCOMPARE(containmentDocument({ QStringLiteral("s") }, QJsonValue(QStringLiteral("x\"y"))),
                 QByteArray("{\"s\":\"x\\\"y\"}"));
        QCOMPARE(containmentDocument({}, QJsonValue(true)), QByteArray("true"));
    }

    void lazyTreeAndSearch()
    {
        QJsonObject root { { QStringLiteral("list"),
                             QJsonArray { 1, 2, QJsonObject { { QStringLiteral("needle"), 3 } } } },
                           { QStringLiteral("other"), QStringLiteral("Needle in text") } };
        JsonTreeModel model;
        model.setRoot(root);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.createdItems(), 0); // nothing made before a view asks
        const QList<JsonPath> found = searchJson(root, QStringLiteral("needle"));
        QCOMPARE(found,
                 (QList<JsonPath> { { QStringLiteral("list"), 2, QStringLiteral("needle") },
                                    { QStringLiteral("other") } }));
        const QModelIndex needle = model.indexOf(found.first());
        QVERIFY(needle.isValid());
        QCOMPARE(model.pathOf(needle), found.first());
        QCOMPARE(model.data(needle.siblingAtColumn(JsonTreeModel::Type)).toString(),
                 QStringLiteral("number"));
        QCOMPARE(model.data(model.index(0, JsonTreeModel::Children)).toInt(), 3);
    }
};

QTEST_APPLESS_MAIN(tst_JsonPaths)
#include "tst_jsonpaths.moc"
