// Go to anything's ranking over an in-memory catalog: the exact name first, the table over its
// columns, "schema.table" and "s.t", quoted names matched as written, camel case and long
// names, the search path first; and `ddl`'s lookup of a name as PostgreSQL would read it.
#include "catalog/CatalogIndex.h"

#include <QTest>

using namespace bridgescope;

namespace {

CatalogObject object(ObjectKind kind, const QString &schema, const QString &name,
                     const QString &parent = {}, const QString &arguments = {})
{
    CatalogObject made;
    made.kind = kind;
    made.schema = schema;
    made.name = name;
    made.parent = parent;
    made.arguments = arguments;
    return made; // qualified: made by CatalogIndex, quoted where a name needs it
}

// A catalog shaped like MusicBrainz's: many tables whose names share words, a column named
// like a table in dozens of tables, the same table name in two schemas.
CatalogIndex musicCatalog()
{
    QList<CatalogObject> objects;
    const QStringList tables {
        QStringLiteral("recording"),     QStringLiteral("recording_alias"),
        QStringLiteral("recording_tag"), QStringLiteral("l_artist_recording"),
        QStringLiteral("release"),       QStringLiteral("release_group"),
        QStringLiteral("artist"),        QStringLiteral("track")
    };
    for (const QString &table : tables) {
        objects << object(ObjectKind::Table, QStringLiteral("musicbrainz"), table);
        objects << object(ObjectKind::Column, QStringLiteral("musicbrainz"), QStringLiteral("id"),
                          table);
    }
    for (int i = 0; i < 40; ++i)
        objects << object(ObjectKind::Column, QStringLiteral("musicbrainz"),
                          QStringLiteral("recording"), QStringLiteral("t%1").arg(i));
    objects << object(ObjectKind::Column, QStringLiteral("musicbrainz"), QStringLiteral("length"),
                      QStringLiteral("recording"));
    objects << object(ObjectKind::Column, QStringLiteral("musicbrainz"), QStringLiteral("length"),
                      QStringLiteral("track"));
    objects << object(ObjectKind::Table, QStringLiteral("cover_art_archive"),
                      QStringLiteral("release"));
    objects << object(ObjectKind::Table, QStringLiteral("public"), QStringLiteral("Odd Name"));
    objects << object(ObjectKind::Table, QStringLiteral("public"), QStringLiteral("odd name"));
    objects << object(ObjectKind::Table, QStringLiteral("public"), QStringLiteral("OrderLines"));
    objects << object(ObjectKind::Table, QStringLiteral("public"),
                      QStringLiteral("workflow_execution_step_transition_history_archive_2026_12"));
    objects << object(ObjectKind::Function, QStringLiteral("public"), QStringLiteral("add"), {},
                      QStringLiteral("integer, integer"));
    objects << object(ObjectKind::Function, QStringLiteral("public"), QStringLiteral("add"), {},
                      QStringLiteral("text, text"));
    objects << object(ObjectKind::Function, QStringLiteral("public"), QStringLiteral("track"), {},
                      QStringLiteral("integer"));
    objects << object(ObjectKind::Schema, {}, QStringLiteral("musicbrainz"));
    return CatalogIndex(objects, { QStringLiteral("musicbrainz"), QStringLiteral("public") });
}

QString first(const CatalogIndex &index, const QString &typed)
{
    const QList<CatalogMatch> matches = index.find(typed, 5);
    return matches.isEmpty() ? QString() : index.objects().at(matches.first().index).qualified;
}

} // namespace

class tst_CatalogIndex : public QObject
{
    Q_OBJECT
private slots:
    void theExactNameComesFirst_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        // 40 columns are named recording: the table is still first.
        QTest::newRow("a table over the columns of its name") << "recording"
                                                              << "musicbrainz.recording";
        QTest::newRow("case does not matter") << "RECORDING"
                                              << "musicbrainz.recording";
        QTest::newRow("word starts") << "l_a_r"
                                     << "musicbrainz.l_artist_recording";
        QTest::newRow("schema.table") << "cover_art_archive.release"
                                      << "cover_art_archive.release";
        QTest::newRow("s.t") << "cov.rel"
                             << "cover_art_archive.release";
        QTest::newRow("the search path first") << "release"
                                               << "musicbrainz.release";
        QTest::newRow("table.column") << "track.length"
                                      << "musicbrainz.track.length";
        QTest::newRow("schema.table.column") << "musicbrainz.recording.length"
                                             << "musicbrainz.recording.length";
        QTest::newRow("quoted as written") << "\"Odd Name\""
                                           << "public.\"Odd Name\"";
        QTest::newRow("quoted lower case") << "\"odd name\""
                                           << "public.\"odd name\"";
        QTest::newRow("camel case") << "ol"
                                    << "public.\"OrderLines\"";
        QTest::newRow("a long name by its words")
            << "w_e_s_t_h"
            << "public.workflow_execution_step_transition_history_archive_2026_12";
        QTest::newRow("a long name by a subsequence")
            << "archive2026"
            << "public.workflow_execution_step_transition_history_archive_2026_12";
        QTest::newRow("a table before a function of its name") << "track"
                                                               << "musicbrainz.track";
        QTest::newRow("a function, the shorter overload first") << "add"
                                                                << "public.add(text, text)";
        QTest::newRow("a schema") << "musicbrainz"
                                  << "musicbrainz";
    }
    void theExactNameComesFirst()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        QCOMPARE(first(musicCatalog(), typed), expected);
    }

    void quotedPartsAndDotsNarrowTheMatches()
    {
        const CatalogIndex index = musicCatalog();
        // Unquoted, both spellings of the odd name match; quoted, only the one written.
        QCOMPARE(index.find(QStringLiteral("odd name"), 10).size(), 2);
        QCOMPARE(index.find(QStringLiteral("\"Odd Name\""), 10).size(), 1);
        // "schema." lists that schema's objects only.
        for (const CatalogMatch &match : index.find(QStringLiteral("cover_art_archive."), 50))
            QCOMPARE(index.objects().at(match.index).schema, QStringLiteral("cover_art_archive"));
        QVERIFY(index.find(QStringLiteral("nosuchschema.release"), 10).isEmpty());
        QVERIFY(index.find(QStringLiteral("a.b.c.d"), 10).isEmpty());
        QVERIFY(index.find(QStringLiteral("zzzz"), 10).isEmpty());
        // Ranks fall, best first.
        const QList<CatalogMatch> matches = index.find(QStringLiteral("rec"), 50);
        QVERIFY(matches.size() > 40);
        for (qsizetype i = 1; i < matches.size(); ++i)
            QVERIFY(matches[i - 1].score >= matches[i].score);
        QCOMPARE(index.find(QStringLiteral("rec"), 3).size(), 3);
    }

    // 10,000 tables of 10 columns each: the one asked for is first, its columns after it.
    void tenThousandTables()
    {
        QList<CatalogObject> objects;
        for (int t = 0; t < 10'000; ++t) {
            const QString table = QStringLiteral("table_%1_of_schema_%2").arg(t).arg(t % 9);
            objects << object(ObjectKind::Table, QStringLiteral("s%1").arg(t % 9), table);
            for (int c = 0; c < 10; ++c)
                objects << object(ObjectKind::Column, QStringLiteral("s%1").arg(t % 9),
                                  QStringLiteral("column_%1").arg(c), table);
        }
        const CatalogIndex index(objects, { QStringLiteral("s0") });
        QCOMPARE(index.size(), 110'000);
        QCOMPARE(first(index, QStringLiteral("table_9876_of_schema_3")),
                 QStringLiteral("s3.table_9876_of_schema_3"));
        QCOMPARE(first(index, QStringLiteral("s3.table_9876")),
                 QStringLiteral("s3.table_9876_of_schema_3"));
        QCOMPARE(first(index, QStringLiteral("table_9876_of_schema_3.column_7")),
                 QStringLiteral("s3.table_9876_of_schema_3.column_7"));
        QCOMPARE(index.find(QStringLiteral("column"), 25).size(), 25);
    }

    void lookupReadsNamesAsPostgresDoes()
    {
        const CatalogIndex index = musicCatalog();
        const auto named = [&index](const QString &name) {
            const int found = index.lookup(name);
            return found < 0 ? QString() : index.objects().at(found).qualified;
        };
        QCOMPARE(named(QStringLiteral("recording")), QStringLiteral("musicbrainz.recording"));
        QCOMPARE(named(QStringLiteral("cover_art_archive.release")),
                 QStringLiteral("cover_art_archive.release"));
        QCOMPARE(named(QStringLiteral("release")), QStringLiteral("musicbrainz.release"));
        QCOMPARE(named(QStringLiteral("public.\"Odd Name\"")),
                 QStringLiteral("public.\"Odd Name\""));
        QCOMPARE(named(QStringLiteral("\"odd name\"")), QStringLiteral("public.\"odd name\""));
        QCOMPARE(named(QStringLiteral("public.add(integer,integer)")),
                 QStringLiteral("public.add(integer, integer)"));
        QCOMPARE(named(QStringLiteral("add( text , text )")),
                 QStringLiteral("public.add(text, text)"));
        QCOMPARE(named(QStringLiteral("track")), QStringLiteral("musicbrainz.track"));
        QCOMPARE(named(QStringLiteral("track(integer)")), QStringLiteral("public.track(integer)"));
        // Unquoted folds to lower case; quoted is as written.
        QCOMPARE(named(QStringLiteral("Recording")), QStringLiteral("musicbrainz.recording"));
        QCOMPARE(named(QStringLiteral("\"Recording\"")), QString());
        QList<int> overloads;
        QCOMPARE(index.lookup(QStringLiteral("add"), &overloads), -1);
        QCOMPARE(overloads.size(), 2);
        QCOMPARE(index.lookup(QStringLiteral("nothing"), &overloads), -1);
        QVERIFY(overloads.isEmpty());
    }
};

QTEST_APPLESS_MAIN(tst_CatalogIndex)
#include "tst_catalogindex.moc"
