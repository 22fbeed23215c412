// Where a jump into the middle of a table lands (JumpMap): the arithmetic over pg_stats'
// common values, histogram bounds and NULL share, and on a real server, that a jump aimed at a
// place in a skewed column's order (a value held by most rows, another that sorts before it
// only as a number, a third of NULLs) lands near that place, as psql counts it.
#include "Psql.h"
#include "TestDatabase.h"
#include "connection/Session.h"
#include "data/JumpMap.h"
#include "data/TableBrowser.h"

#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QList<QByteArray> keys(int count) // "k0" … "k<count - 1>"
{
    QList<QByteArray> out;
    for (int at = 0; at < count; ++at)
        out << "k" + QByteArray::number(at);
    return out;
}

QString describe(const std::optional<RowKey> &start)
{
    if (!start)
        return QStringLiteral("(none)");
    return QStringLiteral("%1 / %2").arg(start->sort ? QString::fromUtf8(*start->sort)
                                                     : QStringLiteral("NULL"),
                                         QString::fromUtf8(start->key.value(0, "-")));
}

} // namespace

class tst_JumpMap : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        // 10,000 rows, all in ANALYZE's sample. kind: 10 in 60% of the rows and 9 in 10% (the
        // common values; as text "10" sorts before "9"), the rest distinct. maybe: NULL in 30%.
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE skewed (id bigint PRIMARY KEY, kind int NOT NULL, maybe int);
            INSERT INTO skewed
              SELECT g, CASE WHEN g % 10 < 6 THEN 10 WHEN g % 10 = 6 THEN 9 ELSE g END,
                     CASE WHEN g % 10 >= 7 THEN NULL ELSE g END
                FROM generate_series(1, 10000) g;
            CREATE TABLE arrays (id int PRIMARY KEY, tags text[]);
            INSERT INTO arrays SELECT g, ARRAY['t' || (g % 50), 'u' || g] FROM generate_series(1, 2000) g;
            CREATE TABLE unanalyzed (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = off);
            INSERT INTO unanalyzed SELECT g, g FROM generate_series(1, 100) g;
            ANALYZE skewed, arrays;
        )sql"),
                        m_db.profile()));
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY2(session, qPrintable(session.error().message));
        m_session.emplace(std::move(*session));
    }

    // Bounds share the rows neither NULL nor common equally; a common value holds its share; the
    // NULLs come last. Inside a common value or the NULLs the key's histogram places the start.
    void placesValuesBoundsAndNulls()
    {
        OrderStats stats;
        stats.nullShare = 0.2;
        stats.values = { "a", "m", "p", "z" };
        stats.shares = { std::nullopt, 0.3, std::nullopt, std::nullopt };
        stats.keyBounds = keys(11);
        // a [0, 0.25) · m [0.25, 0.55) · p [0.55, 0.8) · z at 0.8 · NULLs [0.8, 1]
        const JumpMap map(stats, true);
        QVERIFY(!map.isEmpty());
        QCOMPARE(describe(map.startAt(0.1)), QStringLiteral("a / -"));
        QCOMPARE(describe(map.startAt(0.4)), QStringLiteral("m / k5")); // halfway through m
        QCOMPARE(describe(map.startAt(0.6)), QStringLiteral("p / -"));
        QCOMPARE(describe(map.startAt(0.9)), QStringLiteral("NULL / k5")); // halfway through
        QCOMPARE(describe(map.startAt(1.0)), QStringLiteral("NULL / k10"));
        QCOMPARE(describe(map.startAt(0.0)), QStringLiteral("a / -"));

        // Without the key's histogram (a composite key, no statistics): the first row of each.
        stats.keyBounds.clear();
        const JumpMap keyless(stats, true);
        QCOMPARE(describe(keyless.startAt(0.4)), QStringLiteral("m / -"));
        QCOMPARE(describe(keyless.startAt(0.9)), QStringLiteral("NULL / -"));

        // Not sorted: the values are the key's own, and a start is the key.
        OrderStats key;
        key.values = keys(5);
        key.shares = QList<std::optional<double>>(5, std::nullopt);
        const JumpMap byKey(key, false);
        QCOMPARE(describe(byKey.startAt(0.5)), QStringLiteral("NULL / k2"));
        QCOMPARE(describe(byKey.startAt(0.99)), QStringLiteral("NULL / k3")); // the bucket's

        QVERIFY(JumpMap().isEmpty());
        QVERIFY(!JumpMap().startAt(0.5));
    }

    // A sample that does not add up (the statistics are estimates) is stretched to end where
    // the NULLs begin.
    void aSampleThatDoesNotAddUpIsScaled()
    {
        OrderStats stats;
        stats.nullShare = 0.5;
        stats.values = { "x", "y" };
        stats.shares = { 0.2, 0.2 }; // 0.4 of the rows, where 0.5 are not NULL
        const JumpMap map(stats, true);
        QCOMPARE(describe(map.startAt(0.24)), QStringLiteral("x / -"));
        QCOMPARE(describe(map.startAt(0.26)), QStringLiteral("y / -"));
        QCOMPARE(describe(map.startAt(0.51)), QStringLiteral("NULL / -"));
    }

    // On a real server: a jump aimed at a place in the order lands within 2% of it, ascending
    // with NULLs last, as psql counts the rows before the landed one.
    void landsWhereAimedOnASkewedColumn_data()
    {
        QTest::addColumn<QString>("column"); // empty: no sort, the key's order
        QTest::addColumn<double>("position");
        QTest::newRow("among the 9s (10%)") << QStringLiteral("kind") << 0.05;
        QTest::newRow("halfway through the 10s (60%)") << QStringLiteral("kind") << 0.4;
        QTest::newRow("the distinct values after") << QStringLiteral("kind") << 0.85;
        QTest::newRow("values before the NULLs") << QStringLiteral("maybe") << 0.35;
        QTest::newRow("halfway through the NULLs (30%)") << QStringLiteral("maybe") << 0.85;
        QTest::newRow("by the key") << QString() << 0.6;
    }
    void landsWhereAimedOnASkewedColumn()
    {
        QFETCH(QString, column);
        QFETCH(double, position);
        BrowseSpec spec;
        Result<BrowseTable> table
            = loadBrowseTable(*m_session, QStringLiteral("public"), QStringLiteral("skewed"));
        QVERIFY(table);
        spec.table = *table;
        if (!column.isEmpty())
            spec.sort = SortOrder { column, false };
        const Result<JumpMap> map = readJumpMap(*m_session, spec);
        QVERIFY2(map, map ? "" : qPrintable(map.error().message));
        const std::optional<RowKey> start = map->startAt(position);
        QVERIFY(start);
        Result<Block> block = fetchBlock(*m_session, spec, BlockStart { *start, true, 0 }, 1);
        QVERIFY2(block, block ? "" : qPrintable(block.error().message));
        QCOMPARE(block->rows.rowCount(), 1);
        const RowKey landed = rowKeyOf(spec, block->rows, 0);
        const QString id = QString::fromUtf8(landed.key.value(0));
        QString before;
        if (column.isEmpty())
            before = QStringLiteral("id < %1").arg(id);
        else if (!landed.sort)
            before = QStringLiteral("%1 IS NOT NULL OR id < %2").arg(column, id);
        else
            before = QStringLiteral("%1 < %2 OR (%1 = %2 AND id < %3)")
                         .arg(column, QString::fromUtf8(*landed.sort), id);
        const double at = psql(QStringLiteral("SELECT count(*) FROM skewed WHERE %1").arg(before))
                              .value(0)
                              .toDouble()
            / 10'000;
        QVERIFY2(qAbs(at - position) < 0.02,
                 qPrintable(QStringLiteral("aimed at %1, landed at %2 (%3)")
                                .arg(position)
                                .arg(at)
                                .arg(describe(start))));
    }

    // The statistics are the sort column's, read in its type's order; none where they would
    // not describe the rows shown (a filter) or do not exist (never analyzed).
    void theSortColumnsStatisticsOrNone()
    {
        BrowseSpec spec;
        Result<BrowseTable> table
            = loadBrowseTable(*m_session, QStringLiteral("public"), QStringLiteral("skewed"));
        QVERIFY(table);
        spec.table = *table;
        spec.sort = SortOrder { QStringLiteral("kind"), true };
        Result<JumpMap> map = readJumpMap(*m_session, spec);
        QVERIFY(map);
        QCOMPARE(describe(map->startAt(0.0)), QStringLiteral("7 / -")); // the least, a bound
        QCOMPARE(map->startAt(1.0)->sort, QByteArray("9999"));

        spec.filters << Filter {
            QStringLiteral("kind"), FilterOp::Equal, QStringLiteral("10"), {}
        };
        map = readJumpMap(*m_session, spec);
        QVERIFY(map);
        QVERIFY(map->isEmpty());

        table = loadBrowseTable(*m_session, QStringLiteral("public"), QStringLiteral("unanalyzed"));
        QVERIFY(table);
        spec = BrowseSpec { *table, {}, {} };
        map = readJumpMap(*m_session, spec);
        QVERIFY(map);
        QVERIFY(map->isEmpty());

        // An array column's bounds are arrays: read as listed, and a start from one reads.
        table = loadBrowseTable(*m_session, QStringLiteral("public"), QStringLiteral("arrays"));
        QVERIFY(table);
        spec = BrowseSpec { *table, SortOrder { QStringLiteral("tags"), false }, {} };
        map = readJumpMap(*m_session, spec);
        QVERIFY2(map, map ? "" : qPrintable(map.error().message));
        QVERIFY(!map->isEmpty());
        const std::optional<RowKey> start = map->startAt(0.5);
        QVERIFY(start && start->sort && start->sort->startsWith('{'));
        QVERIFY(fetchBlock(*m_session, spec, BlockStart { *start, true, 0 }, 5));
    }

private:
    QStringList psql(const QString &sql) { return psqlColumn(m_db.profile(), sql); }

    ScratchDatabase m_db { QStringLiteral("jumpmap") };
    std::optional<Session> m_session;
};

QTEST_GUILESS_MAIN(tst_JumpMap)
#include "tst_jumpmap.moc"
