// The Data tab's queries against a real server: keyset paging at block boundaries (duplicate
// sort keys, NULLs, rows arriving while browsing), each filter kind against psql's answer for
// the same predicate, hostile names and values, bad filters, counts, plans and large values.
#include "Psql.h"
#include "TestDatabase.h"
#include "connection/DbWorker.h"
#include "connection/Session.h"
#include "data/TableBrowser.h"
#include "data/TableExport.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// Every row's first column, read block by block as the grid reads them.
QStringList readAll(Session &session, const BrowseSpec &spec, int blockSize, bool backward = false,
                    BlockStart start = {})
{
    QStringList ids;
    for (int guard = 0; guard < 10'000; ++guard) {
        Result<Block> block = fetchBlock(session, spec, start, blockSize, backward);
        if (!block)
            return { QStringLiteral("error: ") + block.error().message };
        const int read = block->rows.rowCount();
        for (int row = 0; row < read; ++row)
            ids << QString::fromUtf8(block->rows.cell(row, 0).value_or("NULL"));
        if (block->reachedEnd)
            break;
        start = BlockStart { rowKeyOf(spec, block->rows, read - 1), false, 0 };
    }
    if (backward)
        std::reverse(ids.begin(), ids.end());
    return ids;
}

} // namespace

class tst_TableBrowser : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE paging (id int PRIMARY KEY, k int, label text);
            INSERT INTO paging SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE g % 7 END, 'row ' || g
              FROM generate_series(1, 1000) g;
            CREATE INDEX paging_k ON paging (k);
            CREATE TABLE things (
              id uuid PRIMARY KEY, name text, score numeric, at timestamptz, doc jsonb,
              tags text[], refs uuid[], blob bytea, note varchar(20));
            INSERT INTO things
              SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
                     CASE WHEN g % 9 = 0 THEN NULL WHEN g % 9 = 1 THEN '' ELSE 'Thing_' || g || '%' END,
                     g * 1.5,
                     timestamptz '2026-03-28 00:00:00+00' + g * interval '37 minutes',
                     jsonb_build_object('n', g, 'kind', CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END,
                                        'nested', jsonb_build_object('deep', g % 3), 'list', jsonb_build_array(g % 4, 'x')),
                     ARRAY['t' || (g % 5), 't' || (g % 3)],
                     ARRAY[('00000000-0000-4000-8000-' || lpad((g % 4)::text, 12, '0'))::uuid],
                     decode(lpad(to_hex(g), 8, '0'), 'hex'),
                     'n' || g
                FROM generate_series(1, 300) g;
            CREATE INDEX things_doc ON things USING gin (doc);
            CREATE INDEX things_tags ON things USING gin (tags);
            CREATE TABLE nokey (v int);
            INSERT INTO nokey SELECT g FROM generate_series(1, 50) g;
            CREATE SCHEMA "sch ema";
            CREATE TABLE "sch ema"."we""ird table" ("co""l; DROP" text PRIMARY KEY, "ORDER" int);
            INSERT INTO "sch ema"."we""ird table"
              VALUES ('a'' OR ''1''=''1', 1), ('$1', 2), ('); DROP TABLE paging; --', 3),
                     (' LIMIT 5', 4), ('plain', NULL);
            CREATE VIEW slow AS SELECT pg_sleep(60)::text AS s;
            ANALYZE;
        )sql"),
                        m_db.profile()));
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY2(session, qPrintable(session.error().message));
        m_session.emplace(std::move(*session));
    }

    void pagesByPrimaryKeyInBlocks()
    {
        const BrowseSpec spec = specFor(QStringLiteral("paging"));
        QCOMPARE(spec.table.pagingDescription(), QStringLiteral("paged by primary key (id)"));
        const QStringList expected = psql(QStringLiteral("SELECT id FROM paging ORDER BY id"));
        QCOMPARE(expected.size(), 1000);
        for (int blockSize : { 1, 7, 64, 1000, 1001 })
            QCOMPARE(readAll(*m_session, spec, blockSize), expected);
        QCOMPARE(readAll(*m_session, spec, 64, true), expected);
    }

    void sortKeysWithDuplicatesAndNulls_data()
    {
        QTest::addColumn<bool>("descending");
        QTest::addColumn<int>("blockSize");
        QTest::newRow("asc, 10") << false << 10;
        QTest::newRow("asc, 99") << false << 99;
        QTest::newRow("desc, 10") << true << 10;
        QTest::newRow("desc, 143") << true << 143;
    }
    void sortKeysWithDuplicatesAndNulls()
    {
        QFETCH(bool, descending);
        QFETCH(int, blockSize);
        BrowseSpec spec = specFor(QStringLiteral("paging"));
        spec.sort = SortOrder { QStringLiteral("k"), descending };
        // psql's own order: NULLs last ascending, first descending; ties by the key.
        const QStringList expected
            = psql(descending ? QStringLiteral("SELECT id FROM paging ORDER BY k DESC, id DESC")
                              : QStringLiteral("SELECT id FROM paging ORDER BY k, id"));
        QCOMPARE(readAll(*m_session, spec, blockSize), expected);
        QCOMPARE(readAll(*m_session, spec, blockSize, true), expected); // from the end, upward
    }

    void jumpIntoTheMiddleByOffsetThenKeyset()
    {
        BrowseSpec spec = specFor(QStringLiteral("paging"));
        spec.sort = SortOrder { QStringLiteral("k"), false };
        const QStringList expected = psql(QStringLiteral("SELECT id FROM paging ORDER BY k, id"));
        QCOMPARE(readAll(*m_session, spec, 50, false, BlockStart { std::nullopt, false, 870 }),
                 expected.mid(870));
    }

    // A jump to a sort value (a histogram bound) starts at the first row holding it, its ties
    // and what follows as psql orders them (NULLs last ascending; descending they come first,
    // before the jump); a jump to the NULLs at their first.
    void jumpToASortValueStartsAtItsFirstRow_data()
    {
        QTest::addColumn<bool>("descending");
        QTest::newRow("ascending") << false;
        QTest::newRow("descending") << true;
    }
    void jumpToASortValueStartsAtItsFirstRow()
    {
        QFETCH(bool, descending);
        BrowseSpec spec = specFor(QStringLiteral("paging"));
        spec.sort = SortOrder { QStringLiteral("k"), descending };
        const QStringList expected = psql(
            descending
                ? QStringLiteral("SELECT id FROM paging WHERE k <= 3 ORDER BY k DESC, id DESC")
                : QStringLiteral("SELECT id FROM paging WHERE k >= 3 OR k IS NULL ORDER BY k, id"));
        const BlockStart atThree { RowKey { QByteArray("3"), {} }, true, 0 };
        QCOMPARE(readAll(*m_session, spec, 40, false, atThree), expected);

        // A jump to the NULLs without a key to place it among them: their first row.
        const QStringList nulls = psql(
            descending ? QStringLiteral("SELECT id FROM paging ORDER BY k DESC, id DESC")
                       : QStringLiteral("SELECT id FROM paging WHERE k IS NULL ORDER BY id"));
        const BlockStart atNulls { RowKey { std::nullopt, {} }, true, 0 };
        QCOMPARE(readAll(*m_session, spec, 40, false, atNulls), nulls);
    }

    void rowsInsertedWhileBrowsing()
    {
        QVERIFY(execSql(QStringLiteral("CREATE TABLE growing AS SELECT g AS id FROM "
                                       "generate_series(10, 200, 10) g; ALTER TABLE growing ADD "
                                       "PRIMARY KEY (id)"),
                        m_db.profile()));
        const BrowseSpec spec = specFor(QStringLiteral("growing"));
        Result<Block> first = fetchBlock(*m_session, spec, {}, 5);
        QVERIFY(first);
        QCOMPARE(QString::fromUtf8(*first->rows.cell(first->rows.rowCount() - 1, 0)),
                 QStringLiteral("50"));
        // One row lands among those already read, one just after the boundary.
        QVERIFY(execSql(QStringLiteral("INSERT INTO growing VALUES (15), (55)"), m_db.profile()));
        Result<Block> second
            = fetchBlock(*m_session, spec,
                         BlockStart { rowKeyOf(spec, first->rows, first->rows.rowCount() - 1) }, 5);
        QVERIFY(second);
        QStringList ids;
        for (int row = 0; row < second->rows.rowCount(); ++row)
            ids << QString::fromUtf8(*second->rows.cell(row, 0));
        QCOMPARE(ids, QStringList({ "55", "60", "70", "80", "90" }));
    }

    void tableWithoutPrimaryKeyPagesByCtid()
    {
        const BrowseSpec spec = specFor(QStringLiteral("nokey"));
        QVERIFY(spec.table.pagingDescription().contains(QLatin1String("ctid")));
        QCOMPARE(readAll(*m_session, spec, 8),
                 psql(QStringLiteral("SELECT v FROM nokey ORDER BY ctid")));
        const BrowseSpec view = specFor(QStringLiteral("slow"));
        QVERIFY(view.table.pagingDescription().contains(QLatin1String("OFFSET")));
    }

    void filtersReturnWhatPsqlReturns_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("value2");
        QTest::addColumn<QString>("predicate");
        auto row = [](const char *name, const char *column, FilterOp op, const char *value,
                      const char *value2, const char *predicate) {
            QTest::newRow(name) << QString::fromUtf8(column) << int(op) << QString::fromUtf8(value)
                                << QString::fromUtf8(value2) << QString::fromUtf8(predicate);
        };
        row("=", "score", FilterOp::Equal, "45", "", "score = 45");
        row("<>", "note", FilterOp::NotEqual, "n7", "", "note <> 'n7'");
        row("<", "score", FilterOp::Less, "10", "", "score < 10");
        row("<=", "score", FilterOp::LessOrEqual, "10.5", "", "score <= 10.5");
        row(">", "name", FilterOp::Greater, "Thing_8", "", "name > 'Thing_8'");
        row(">=", "id", FilterOp::GreaterOrEqual, "00000000-0000-4000-8000-000000000290", "",
            "id >= '00000000-0000-4000-8000-000000000290'");
        row("is null", "name", FilterOp::IsNull, "", "", "name IS NULL");
        row("is not null", "name", FilterOp::IsNotNull, "", "", "name IS NOT NULL");
        row("contains, wildcards literal", "name", FilterOp::Contains, "g_2%", "",
            "name ILIKE '%g\\_2\\%%'");
        row("contains, any case", "name", FilterOp::Contains, "THING_2", "",
            "name ILIKE '%thing\\_2%'");
        row("timestamp range across DST", "at", FilterOp::Between, "2026-03-29 01:00:00+01",
            "2026-03-29 04:00:00+02",
            "at >= '2026-03-29 01:00:00+01' AND at < '2026-03-29 04:00:00+02'");
        row("timestamp from", "at", FilterOp::Between, "2026-03-29 20:00:00+00", "",
            "at >= '2026-03-29 20:00:00+00'");
        row("jsonb @>", "doc", FilterOp::JsonContains, R"({"kind": "even", "nested": {"deep": 1}})",
            "", R"(doc @> '{"kind": "even", "nested": {"deep": 1}}')");
        row("jsonb @> array", "doc", FilterOp::JsonContains, R"({"list": [3]})", "",
            R"(doc @> '{"list": [3]}')");
        row("jsonb @?", "doc", FilterOp::JsonPathExists, "$.n ? (@ > 250 && @ < 260)", "",
            "doc @? '$.n ? (@ > 250 && @ < 260)'");
        row("text[] @>", "tags", FilterOp::ArrayContains, "t1, t2", "", "tags @> ARRAY['t1','t2']");
        row("text[] &&", "tags", FilterOp::ArrayOverlaps, "{t4,nothing}", "",
            "tags && '{t4,nothing}'");
        row("uuid[] @>", "refs", FilterOp::ArrayContains, "00000000-0000-4000-8000-000000000003",
            "", "refs @> ARRAY['00000000-0000-4000-8000-000000000003'::uuid]");
        row("uuid[] &&", "refs", FilterOp::ArrayOverlaps,
            "00000000-0000-4000-8000-000000000000,00000000-0000-4000-8000-000000000001", "",
            "refs && ARRAY['00000000-0000-4000-8000-000000000000'::uuid, "
            "'00000000-0000-4000-8000-000000000001']");
    }
    void filtersReturnWhatPsqlReturns()
    {
        QFETCH(QString, column);
        QFETCH(int, op);
        QFETCH(QString, value);
        QFETCH(QString, value2);
        QFETCH(QString, predicate);
        BrowseSpec spec = specFor(QStringLiteral("things"));
        spec.filters << Filter { column, FilterOp(op), value, value2 };
        const QStringList expected
            = psql(QStringLiteral("SELECT id FROM things WHERE %1 ORDER BY id").arg(predicate));
        QVERIFY2(!expected.isEmpty() && !expected.first().startsWith(QLatin1String("psql")),
                 "the predicate should select some rows");
        QVERIFY2(expected.size() < 300, "the predicate should leave some rows out");
        QCOMPARE(readAll(*m_session, spec, 16), expected);
        // The count agrees, and the estimate is a number.
        QCOMPARE(exactRowCount(*m_session, spec).value_or(-1), qint64(expected.size()));
        QVERIFY(estimateRowCount(*m_session, spec).value_or(-1) >= 0);
    }

    void badFiltersSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad JSON") << "doc" << int(FilterOp::JsonContains) << R"({"kind": )"
                                  << "not valid JSON";
        QTest::newRow("bad jsonpath") << "doc" << int(FilterOp::JsonPathExists) << "$.n ? (@ >"
                                      << "jsonpath";
        QTest::newRow("not a uuid") << "id" << int(FilterOp::Equal) << "xyz"
                                    << "Invalid input syntax for type uuid";
        QTest::newRow("not a time") << "at" << int(FilterOp::Greater) << "yesterday-ish"
                                    << "timestamp with time zone";
        QTest::newRow("unclosed array") << "tags" << int(FilterOp::ArrayContains) << "{a,b"
                                        << "list the values";
        QTest::newRow("op unfit for type") << "blob" << int(FilterOp::Contains) << "x"
                                           << "does not apply";
        QTest::newRow("no such column") << "nope" << int(FilterOp::IsNull) << ""
                                        << "no such column";
    }
    void badFiltersSayWhatIsWrong()
    {
        QFETCH(QString, column);
        QFETCH(int, op);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        BrowseSpec spec = specFor(QStringLiteral("things"));
        spec.filters << Filter { column, FilterOp(op), value, {} };
        Result<Block> block = fetchBlock(*m_session, spec, {}, 10);
        QVERIFY(!block);
        QVERIFY2(block.error().message.contains(expected), qPrintable(block.error().message));
        // The session is still good for the next question.
        QVERIFY(fetchBlock(*m_session, specFor(QStringLiteral("things")), {}, 10));
    }

    void hostileNamesAndValues()
    {
        BrowseSpec spec = specFor(QStringLiteral("we\"ird table"), QStringLiteral("sch ema"));
        QCOMPARE(spec.table.columns.first().name, QStringLiteral("co\"l; DROP"));
        spec.sort = SortOrder { QStringLiteral("ORDER"), true };
        QCOMPARE(
            readAll(*m_session, spec, 2),
            QStringList({ "plain", " LIMIT 5", "); DROP TABLE paging; --", "$1", "a' OR '1'='1" }));
        for (const QString &value :
             { QStringLiteral("a' OR '1'='1"), QStringLiteral("$1"), QStringLiteral(" LIMIT 5"),
               QStringLiteral("); DROP TABLE paging; --") }) {
            BrowseSpec filtered = spec;
            filtered.filters << Filter {
                QStringLiteral("co\"l; DROP"), FilterOp::Equal, value, {}
            };
            QCOMPARE(readAll(*m_session, filtered, 2), QStringList { value });
        }
        QCOMPARE(psql(QStringLiteral("SELECT count(*) FROM paging")), QStringList { "1000" });
    }

    void countsAndPlans()
    {
        BrowseSpec spec = specFor(QStringLiteral("paging"));
        QCOMPARE(estimateRowCount(*m_session, spec).value_or(-1), 1000);
        QCOMPARE(exactRowCount(*m_session, spec).value_or(-1), 1000);
        spec.filters << Filter { QStringLiteral("k"), FilterOp::Equal, QStringLiteral("3"), {} };
        Result<FilterPlan> plan = planFilters(*m_session, spec);
        QVERIFY2(plan, qPrintable(plan.error().message));
        QCOMPARE(plan->indexes, QStringList { "paging_k" });
        QVERIFY(plan->describe().contains(QLatin1String("paging_k")));
        spec.filters
            = { Filter { QStringLiteral("label"), FilterOp::Contains, QStringLiteral("9"), {} } };
        plan = planFilters(*m_session, spec);
        QVERIFY(plan);
        QVERIFY(plan->indexes.isEmpty());
        QVERIFY(plan->describe().contains(QLatin1String("reads every row")));
    }

    void aFiftyMegabyteJsonbValueIsPreviewedAndReadWhole()
    {
        QVERIFY(
            execSql(QStringLiteral("CREATE TABLE big (id int PRIMARY KEY, doc jsonb); INSERT INTO "
                                   "big SELECT 1, jsonb_build_object('blob', repeat('x', 50 * "
                                   "1024 * 1024))"),
                    m_db.profile()));
        const BrowseSpec spec = specFor(QStringLiteral("big"));
        Result<Block> block = fetchBlock(*m_session, spec, {}, 10);
        QVERIFY(block);
        QCOMPARE(block->rows.cell(0, 1)->size(), kPreviewChars + 1); // cut on the server
        Result<std::optional<QString>> whole = readFullValue(
            *m_session, spec, rowKeyOf(spec, block->rows, 0), QStringLiteral("doc"), 0);
        QVERIFY(whole && *whole);
        QCOMPARE((*whole)->size(), 50 * 1024 * 1024 + 12); // {"blob": "…"}
    }

    void countAndExportAreCancelledOnTheServer()
    {
        DbWorker worker(m_db.profile(), SessionOptions { AccessMode::ReadOnly, 0 },
                        QStringLiteral("test-cancel"));
        const BrowseSpec spec = specFor(QStringLiteral("slow"));
        std::optional<Result<qint64>> count;
        worker.run<qint64>([spec](Session &session) { return exactRowCount(session, spec); }, this,
                           [&count](Result<qint64> result) { count = std::move(result); });
        // Cancel once the statement is running on the server.
        QTRY_VERIFY_WITH_TIMEOUT(runningSleeps() == 1, 20'000);
        worker.cancelRunning();
        QTRY_VERIFY_WITH_TIMEOUT(count.has_value(), 20'000);
        QVERIFY(!*count);
        QCOMPARE(count->error().kind, Error::Kind::Cancelled);

        auto buffer = std::make_shared<QBuffer>();
        buffer->open(QIODevice::WriteOnly);
        std::optional<Result<qint64>> exported;
        worker.run<qint64>(
            [spec, buffer](Session &session) {
                return exportRows(session, spec, ExportFormat::Csv, *buffer);
            },
            this, [&exported](Result<qint64> result) { exported = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(runningSleeps() == 1, 20'000);
        worker.cancelRunning();
        QTRY_VERIFY_WITH_TIMEOUT(exported.has_value(), 20'000);
        QVERIFY(!*exported);
        QCOMPARE(exported->error().kind, Error::Kind::Cancelled);
        QVERIFY2(exported->error().message.contains(QLatin1String("stopped after 0 rows")),
                 qPrintable(exported->error().message));
        QTRY_COMPARE_WITH_TIMEOUT(runningSleeps(), 0, 20'000);
    }

private:
    BrowseSpec specFor(const QString &table, const QString &schema = QStringLiteral("public"))
    {
        Result<BrowseTable> browse = loadBrowseTable(*m_session, schema, table);
        if (!browse)
            qFatal("%s", qPrintable(browse.error().message));
        return BrowseSpec { *browse, std::nullopt, {} };
    }
    QStringList psql(const QString &query) { return psqlColumn(m_db.profile(), query); }
    int runningSleeps()
    {
        return psql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
                                   "'%%slow%%' AND state = 'active' AND pid <> pg_backend_pid() "
                                   "AND datname = current_database()"))
            .value(0)
            .toInt();
    }

    ScratchDatabase m_db { QStringLiteral("table_browser") };
    std::optional<Session> m_session;
};

QTEST_GUILESS_MAIN(tst_TableBrowser)
#include "tst_tablebrowser.moc"
