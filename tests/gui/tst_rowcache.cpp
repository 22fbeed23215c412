// How the Data tab's grid reads rows (RowCache), through the real widgets on a real server: a
// drag of the thumb into a sorted table lands near its place by the sort column's statistics
// (a unique time, a state most rows share, a time that is NULL for a third of the rows), both
// ways, without OFFSET, and the rows from there are psql's; a read straight through is one
// stream whose statements grow.
#include "DataViewHarness.h"
#include "Psql.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"
#include "data/RowCache.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_RowCache : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE long_table (id bigint PRIMARY KEY, note text);
            INSERT INTO long_table SELECT g, 'note ' || g FROM generate_series(1, 60000) g;
            -- 200,000 rows whose times are a shuffle of their ids: one second apart, unique.
            CREATE TABLE timeline (id bigint PRIMARY KEY, at timestamptz NOT NULL, note text);
            INSERT INTO timeline SELECT g, timestamptz '2026-01-01 00:00:00+00'
                                           + ((g * 7919) % 200000) * interval '1 second', 'n' || g
                FROM generate_series(1, 200000) g;
            CREATE INDEX timeline_at ON timeline (at);
            -- As workflows are: most COMPLETED (a common value, no histogram to speak of), and
            -- a third still running, with no completion time.
            CREATE TABLE backlog (id uuid PRIMARY KEY, state text NOT NULL, done_at timestamptz);
            INSERT INTO backlog
              SELECT md5(g::text)::uuid,
                     CASE WHEN g % 20 < 13 THEN 'COMPLETED' WHEN g % 20 < 19 THEN 'RUNNING'
                          ELSE 'FAILED' END,
                     CASE WHEN g % 3 = 0 THEN NULL
                          ELSE timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' END
                FROM generate_series(1, 200000) g;
            CREATE INDEX backlog_state ON backlog (state);
            CREATE INDEX backlog_done_at ON backlog (done_at);
            ANALYZE;
            -- Statistics out of date: analyzed when every row was COMPLETED, then 95% ARCHIVED
            -- (which sorts first).
            CREATE TABLE stale (id bigint PRIMARY KEY, state text NOT NULL)
              WITH (autovacuum_enabled = off);
            INSERT INTO stale SELECT g, 'COMPLETED' FROM generate_series(1, 100000) g;
            ANALYZE stale;
            UPDATE stale SET state = 'ARCHIVED' WHERE id % 20 <> 0;
        )sql"),
                        m_db.profile()));
    }

    void init() { m_view = shownDataView(m_db.profile()); }
    void cleanup() { m_view.reset(); }

    // Sorted by a column, the thumb at 40% lands near the row 40% of the way through, read from
    // the sort column's statistics by keyset (no OFFSET), ascending and descending (where a
    // nullable column's NULLs come first); the rows from there are those psql orders after it.
    void aSortedJumpLandsByTheSortColumnsStatistics_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("column");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<double>("to");
        QTest::newRow("unique times, ascending")
            << QStringLiteral("timeline") << QStringLiteral("at") << false << 0.4;
        QTest::newRow("unique times, descending")
            << QStringLiteral("timeline") << QStringLiteral("at") << true << 0.4;
        QTest::newRow("a state most rows share")
            << QStringLiteral("backlog") << QStringLiteral("state") << false << 0.4;
        QTest::newRow("a state, descending")
            << QStringLiteral("backlog") << QStringLiteral("state") << true << 0.4;
        QTest::newRow("into the NULLs (last)")
            << QStringLiteral("backlog") << QStringLiteral("done_at") << false << 0.8;
        QTest::newRow("into the NULLs (first)")
            << QStringLiteral("backlog") << QStringLiteral("done_at") << true << 0.2;
        QTest::newRow("past the NULLs")
            << QStringLiteral("backlog") << QStringLiteral("done_at") << true << 0.6;
    }
    void aSortedJumpLandsByTheSortColumnsStatistics()
    {
        QFETCH(QString, table);
        QFETCH(QString, column);
        QFETCH(bool, descending);
        QFETCH(double, to);
        QVERIFY(open(table));
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        m_view->setSort(column, descending);
        QVERIFY(shown.wait(20'000));
        DataTableModel *model = m_view->model();
        QCOMPARE(model->totalRows(), 200'000);

        QScrollBar *bar = m_view->grid()->verticalScrollBar();
        bar->setValue(int(bar->maximum() * to));
        const qint64 origin = model->origin();
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(origin), 20'000);
        QCOMPARE(m_view->rows()->offsetReads(), 0);
        QCOMPARE(m_view->rows()->keyJumps(), 1);
        QVERIFY(
            model->headerData(0, Qt::Vertical).toString().startsWith(QStringLiteral("\u2248 ")));
        const std::optional<RowKey> landed = m_view->rows()->rowKey(origin);
        QVERIFY(landed);
        // Where that row really is in the order: within 5% of the table from where it is shown.
        const QString id = QString::fromUtf8(landed->key.value(0));
        const QString value = landed->sort ? QString::fromUtf8(*landed->sort) : QString();
        // The rows the order puts before the landed one.
        const QString nulls = column + QStringLiteral(" IS NULL");
        const QString ties
            = QStringLiteral("(%1 = '%2' AND id %3 '%4')")
                  .arg(column, value, descending ? QStringLiteral(">") : QStringLiteral("<"), id);
        const QString beyond
            = QStringLiteral("%1 %2 '%3'")
                  .arg(column, descending ? QStringLiteral(">") : QStringLiteral("<"), value);
        const QString nullsBefore
            = QStringLiteral("(%1 AND id %2 '%3')")
                  .arg(nulls, descending ? QStringLiteral(">") : QStringLiteral("<"), id);
        QString before;
        if (landed->sort) // descending, every NULL is before it
            before = (descending ? nulls + QStringLiteral(" OR ") : QString()) + beyond
                + QStringLiteral(" OR ") + ties;
        else // ascending, every value is before it
            before = (descending ? QString() : column + QStringLiteral(" IS NOT NULL OR "))
                + nullsBefore;
        const qint64 at
            = psql(QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table, before))
                  .value(0)
                  .toLongLong();
        QVERIFY2(qAbs(at - origin) < 10'000,
                 qPrintable(QStringLiteral("shown at %1, is at %2").arg(origin).arg(at)));
        // The rows after it, in order.
        const int rows = model->rowCount();
        const QString direction = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
        const QStringList expected
            = psql(QStringLiteral("SELECT id FROM %1 ORDER BY %2 %3, id %3 OFFSET %4 LIMIT %5")
                       .arg(table, column, direction)
                       .arg(at)
                       .arg(rows));
        for (int row = 0; row < rows; ++row)
            QTRY_COMPARE_WITH_TIMEOUT(
                QString::fromUtf8(model->rawValue(origin + row, 0).value_or("(not loaded)")),
                expected.value(row), 20'000);
        saveScreenshot(
            *m_view,
            QStringLiteral("data-jump-%1-%2.png")
                .arg(column, descending ? QStringLiteral("desc") : QStringLiteral("asc")));
    }

    // Statistics out of date put a jump's rows far from where they are. When reading on from
    // them meets the table's end where the numbers say it is not, they are dropped and read
    // again from the nearer end, numbered exactly; the status line says why, and the next jump
    // reads by OFFSET.
    void outOfDateStatisticsMisleadAJumpOnce()
    {
        QVERIFY(open(QStringLiteral("stale")));
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        m_view->setSort(QStringLiteral("state"), false);
        QVERIFY(shown.wait(20'000));
        QSignalSpy counted(m_view.get(), &DataView::rowsCounted);
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        DataTableModel *model = m_view->model();
        RowCache *cache = m_view->rows();
        QCOMPARE(model->totalRows(), 100'000);

        QScrollBar *bar = m_view->grid()->verticalScrollBar();
        bar->setValue(int(bar->maximum() * 0.4));
        const qint64 origin = model->origin();
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(origin), 20'000);
        QCOMPARE(m_view->rows()->keyJumps(), 1);
        QVERIFY(cache->isRowApproximate(origin));
        // Where the statistics put it (40%), a COMPLETED row: really past the ARCHIVED 95%.
        QCOMPARE(*model->rawValue(origin, 1), QByteArray("COMPLETED"));
        // Reading on, straight through: the table ends 3,000 rows later.
        for (qint64 row = origin; cache->misledJumps() == 0 && row < origin + 10'000;
             row += DataTableModel::kBlockSize) {
            while (cache->misledJumps() == 0 && !model->isRowLoaded(row)) {
                QSignalSpy loaded(model, &DataTableModel::blockLoaded);
                model->want(row);
                QVERIFY(loaded.wait(20'000));
            }
        }
        QCOMPARE(cache->misledJumps(), 1);
        // The rows shown are read again where they really are, numbered exactly.
        const int rows = model->rowCount();
        const QStringList expected
            = psql(QStringLiteral("SELECT id FROM stale ORDER BY state, id OFFSET %1 LIMIT %2")
                       .arg(model->origin())
                       .arg(rows));
        for (int row = 0; row < rows; ++row)
            QTRY_COMPARE_WITH_TIMEOUT(
                QString::fromUtf8(
                    model->rawValue(model->origin() + row, 0).value_or("(not loaded)")),
                expected.value(row), 20'000);
        QVERIFY(!cache->isRowApproximate(model->origin()));
        QVERIFY(
            !model->headerData(0, Qt::Vertical).toString().startsWith(QStringLiteral("\u2248")));
        QTRY_VERIFY2(m_view->statusText().contains(QLatin1String("statistics are out of date")),
                     qPrintable(m_view->statusText()));
        saveScreenshot(*m_view, QStringLiteral("data-stale-statistics.png"));
        // The next jump does not trust them.
        const int offsetReads = m_view->rows()->offsetReads();
        bar->setValue(int(bar->maximum() * 0.7));
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(model->origin()), 20'000);
        QCOMPARE(m_view->rows()->keyJumps(), 1);
        QVERIFY(m_view->rows()->offsetReads() > offsetReads);
    }

    void readingStraightThroughIsOneStream()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        DataTableModel *model = m_view->model();
        RowCache *cache = m_view->rows();
        const int before = cache->statementsRun();
        const int streamsBefore = cache->streamsStarted();
        for (qint64 row = 0; row < model->totalRows(); row += DataTableModel::kBlockSize) {
            QVERIFY(loadRow(*model, row));
            if (row >= model->totalRows())
                break;
            QCOMPARE(QString::fromUtf8(*model->rawValue(row, 0)), QString::number(row + 1));
            QVERIFY(m_view->rows()->cachedBlockCount() <= RowCache::kMaxCachedBlocks);
        }
        QCOMPARE(model->totalRows(), 60'000);
        // 300 blocks; one statement each would be 300. One stream reads them: 400, 800 and
        // 1,600 rows, then 3,000 at a time (23 in all), whatever the timing of worker and
        // reader: each statement goes out while the reader looks at the rows of the one before,
        // and where the reader is late the stream waits for it instead of ending.
        const int statements = cache->statementsRun() - before;
        QVERIFY2(statements <= 23, qPrintable(QString::number(statements)));
        QCOMPARE(cache->streamsStarted() - streamsBefore, 1);
        QCOMPARE(m_view->rows()->offsetReads(), 0);
    }

private:
    bool open(const QString &table) { return openTable(*m_view, table); }
    QStringList psql(const QString &query) { return psqlColumn(m_db.profile(), query); }

    ScratchDatabase m_db { QStringLiteral("row_cache") };
    std::unique_ptr<DataView> m_view;
};

QTEST_MAIN(tst_RowCache)
#include "tst_rowcache.moc"
