// The Data tab's grid at any size, with real widgets on a real server: the model holds a
// window of rows that moves (without resets or inserted rows), the current cell and the
// selection stay on their table rows through moves and jumps, a table the planner believes
// holds 3 billion rows opens, jumps to its end and counts, and Copy puts whole values on the
// clipboard in each format. How the rows are read (jumps, streams) is tst_rowcache.
#include "DataViewHarness.h"
#include "Psql.h"
#include "Screenshot.h"
#include "ServerFaults.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"
#include "data/RowCache.h"
#include "data/RowScale.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// Every signal a model can use to say rows moved, counted.
struct ModelSignals
{
    explicit ModelSignals(QAbstractItemModel *model)
        : resets(model, &QAbstractItemModel::modelReset)
        , inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , moved(model, &QAbstractItemModel::rowsMoved)
        , layout(model, &QAbstractItemModel::layoutChanged)
        , changed(model, &QAbstractItemModel::dataChanged)
        , headers(model, &QAbstractItemModel::headerDataChanged)
    { }
    int structural() const
    {
        return int(resets.size() + inserted.size() + removed.size() + moved.size() + layout.size());
    }
    QSignalSpy resets, inserted, removed, moved, layout, changed, headers;
};

void wheel(QWidget *viewport, int notches)
{
    const QPointF at(viewport->width() / 2.0, viewport->height() / 2.0);
    QWheelEvent event(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, -120 * notches),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewport, &event);
}

// The mouse moved with the left button held, as during a drag.
void dragTo(QWidget *viewport, QPoint at)
{
    QMouseEvent event(QEvent::MouseMove, QPointF(at), viewport->mapToGlobal(QPointF(at)),
                      Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &event);
}

} // namespace

class tst_DataGrid : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE long_table (id bigint PRIMARY KEY, note text);
            INSERT INTO long_table SELECT g, 'note ' || g FROM generate_series(1, 60000) g;
            CREATE TABLE believed_huge (id bigint PRIMARY KEY, v text);
            INSERT INTO believed_huge SELECT g, 'v' || g FROM generate_series(1, 100000) g;
            CREATE TABLE "Awkward values" (id int PRIMARY KEY, note text, doc jsonb, raw bytea,
                                           tags text[], ok boolean, amount numeric);
            INSERT INTO "Awkward values" VALUES
                (1, repeat('long ', 1000) || E'\tend', '{"a": {"b": [1, 2.5, "x"]}, "n": null}',
                 decode(repeat('00ff', 100), 'hex'), '{one,"two words",NULL}', true, 12345678901234567890.5),
                (2, '', '[]', '', '{}', false, 'NaN'),
                (3, NULL, NULL, NULL, NULL, NULL, NULL),
                (4, E'it''s "quoted",\nsecond line', '"a string"', '\x00', '{"{nested}"}', true, -1);
            CREATE TABLE wide_rows AS SELECT g AS id, g AS c01, g AS c02, g AS c03, g AS c04,
                g AS c05, g AS c06, g AS c07, g AS c08, g AS c09, g AS c10, g AS c11, g AS c12,
                g AS c13, g AS c14, g AS c15, g AS c16, g AS c17, g AS c18, g AS c19, g AS c20,
                repeat('wide text ', 8) AS c21, repeat('wide text ', 8) AS c22
              FROM generate_series(1, 500) g;
            ALTER TABLE wide_rows ADD PRIMARY KEY (id);
            CREATE VIEW slow_rows AS
                SELECT g AS n, CASE WHEN g = 300 THEN pg_sleep(60)::text ELSE 'x' END AS s
                  FROM generate_series(1, 1000) g;
            ANALYZE;
        )sql"),
                        m_db.profile()));
        // The planner's belief, as a superuser may set it: 3 billion rows, past an int.
        QVERIFY(execSql(QStringLiteral("UPDATE pg_class SET reltuples = 3e9 WHERE oid = "
                                       "'believed_huge'::regclass"),
                        m_db.profile()));
    }

    void init() { m_view = shownDataView(m_db.profile()); }
    void cleanup() { m_view.reset(); }

    void theWindowMovesWithoutResetsOrInsertedRows()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        DataGrid *grid = m_view->grid();
        DataTableModel *model = m_view->model();
        // The model holds what the viewport shows whole, not 60,000 rows.
        const int window = model->rowCount();
        QVERIFY2(window > 5
                     && window * grid->verticalHeader()->defaultSectionSize()
                         <= grid->viewport()->height(),
                 qPrintable(QString::number(window)));
        QCOMPARE(grid->verticalScrollBar()->maximum(), int(model->totalRows() - window));

        const ModelSignals seen(model);
        grid->setFocus();
        for (int press = 0; press < 5; ++press)
            QTest::keyClick(grid, Qt::Key_PageDown);
        wheel(grid->viewport(), 4);
        const qint64 afterKeys = model->origin();
        QVERIFY(afterKeys > 4 * (window - 1));
        grid->verticalScrollBar()->setValue(30'000); // the thumb, dragged
        QCOMPARE(model->origin(), 30'000);
        QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(model->origin(), model->totalRows() - window);

        QCOMPARE(seen.structural(), 0);
        QVERIFY(seen.changed.size() >= 6);
        QVERIFY(seen.headers.size() >= 6);
        QCOMPARE(model->rowCount(), window);
        // The row header numbers rows in the table; the rows shown are those rows.
        QCOMPARE(model->headerData(window - 1, Qt::Vertical).toString(),
                 QLocale().toString(60'000));
        QTRY_VERIFY_WITH_TIMEOUT(
            model->data(model->index(window - 1, 0)).toString() == QStringLiteral("60000"), 20'000);
        // The thumb to the middle: a jump, read from the key's histogram, so about there.
        grid->verticalScrollBar()->setValue(30'000);
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(30'000), 20'000);
        const qint64 landed = model->data(model->index(0, 0)).toLongLong();
        QVERIFY2(qAbs(landed - 30'001) <= 600, qPrintable(QString::number(landed)));
        QCOMPARE(model->headerData(0, Qt::Vertical).toString(),
                 QStringLiteral("\u2248 ") + QLocale().toString(30'001));
    }

    void currentCellAndSelectionStayOnTheirRows()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        DataGrid *grid = m_view->grid();
        DataTableModel *model = m_view->model();
        grid->setFocus();
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {},
                          grid->visualRect(model->index(2, 1)).center());
        QCOMPARE(grid->currentRow(), 2);
        for (int press = 0; press < 3; ++press)
            QTest::keyClick(grid, Qt::Key_Down, Qt::ShiftModifier);
        const QList<CellRange> selected { CellRange { 2, 5, 1, 1 } };
        QCOMPARE(grid->selectedRanges(), selected);

        // Away: the rows are off screen, and so are their marks.
        wheel(grid->viewport(), 100);
        QVERIFY(model->origin() > 5);
        QVERIFY(!grid->selectionModel()->hasSelection());
        QVERIFY(!grid->currentIndex().isValid());
        QCOMPARE(grid->selectedRanges(), selected);
        QCOMPARE(grid->currentRow(), 5);
        // A jump to the middle and back: the same rows again.
        grid->verticalScrollBar()->setValue(grid->verticalScrollBar()->maximum() / 2);
        grid->verticalScrollBar()->setValue(0);
        QCOMPARE(grid->selectedRanges(), selected);
        QCOMPARE(grid->currentIndex(), model->index(5, 1));
        QCOMPARE(grid->selectionModel()->selectedIndexes().size(), 4);
        QVERIFY(grid->selectionModel()->isSelected(model->index(2, 1)));

        // Shift+Page Down carries the selection past the window.
        const int page = model->rowCount() - 1;
        QTest::keyClick(grid, Qt::Key_PageDown, Qt::ShiftModifier);
        QTest::keyClick(grid, Qt::Key_PageDown, Qt::ShiftModifier);
        const qint64 last = 5 + 2 * page;
        QCOMPARE(grid->currentRow(), last);
        QCOMPARE(grid->selectedRanges(), (QList<CellRange> { CellRange { 2, last, 1, 1 } }));
        QVERIFY(model->origin() > 2);

        // Ctrl+C: every selected row, whether the grid still holds it or not.
        QSignalSpy copied(m_view.get(), &DataView::copied);
        QTest::keyClick(grid, Qt::Key_C, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 1, 20'000);
        QVERIFY(copied.first().first().toBool());
        const QStringList expected
            = psql(QStringLiteral("SELECT note FROM long_table ORDER BY id OFFSET 2 LIMIT %1")
                       .arg(last - 1));
        QCOMPARE(QGuiApplication::clipboard()->text(), expected.join(QLatin1Char('\n')) + '\n');

        // A plain arrow key starts again from the current cell.
        QTest::keyClick(grid, Qt::Key_Down);
        QCOMPARE(grid->selectedRanges(),
                 (QList<CellRange> { CellRange { last + 1, last + 1, 1, 1 } }));
    }

    // The keyboard's current cell stays on screen: Right across a table wider than the grid,
    // End, Ctrl+End and Home scroll sideways with it.
    void keyboardMovesKeepTheCurrentCellInView()
    {
        QVERIFY(open(QStringLiteral("wide_rows")));
        m_view->resize(640, 420);
        DataGrid *grid = m_view->grid();
        DataTableModel *model = m_view->model();
        QTRY_VERIFY(grid->horizontalScrollBar()->maximum() > 0); // wider than the grid
        grid->setFocus();
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {},
                          grid->visualRect(model->index(0, 0)).center());
        // All of the cell on screen, or as much as the screen holds of one wider than it.
        const auto currentInView = [grid] {
            const QRect cell = grid->visualRect(grid->currentIndex());
            const QRect screen = grid->viewport()->rect();
            return grid->currentIndex().isValid()
                && screen.intersected(cell).width() >= qMin(cell.width(), screen.width()) - 1;
        };
        for (int press = 0; press < 12; ++press) {
            QTest::keyClick(grid, Qt::Key_Right);
            QVERIFY2(currentInView(), qPrintable(QStringLiteral("after Right %1").arg(press + 1)));
        }
        QCOMPARE(grid->currentIndex().column(), 12);
        QTest::keyClick(grid, Qt::Key_End);
        QCOMPARE(grid->currentIndex().column(), model->columnCount() - 1);
        QVERIFY(currentInView());
        QTest::keyClick(grid, Qt::Key_Home);
        QCOMPARE(grid->currentIndex().column(), 0);
        QVERIFY(currentInView());
        QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(grid->currentRow(), qint64(499), 20'000);
        QVERIFY(currentInView());
    }

    // A drag held below the bottom edge scrolls on by itself and the selection follows; held
    // above the top it scrolls back; the release stops it.
    void aDragPastAnEdgeScrollsAndSelects()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        DataGrid *grid = m_view->grid();
        DataTableModel *model = m_view->model();
        QWidget *viewport = grid->viewport();
        const QPoint start = grid->visualRect(model->index(2, 1)).center();
        QTest::mousePress(viewport, Qt::LeftButton, {}, start);
        const QPoint below(start.x(), viewport->height() + 40);
        dragTo(viewport, below);
        QVERIFY(grid->isDragScrolling());
        const qint64 shown = model->windowRows();
        QTRY_VERIFY_WITH_TIMEOUT(model->origin() > 3 * shown, 20'000);
        // The selection runs from the pressed cell to the row at the bottom edge.
        QList<CellRange> selected = grid->selectedRanges();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().top, 2);
        QCOMPARE(selected.first().left, 1);
        QCOMPARE(selected.first().right, 1);
        QVERIFY(selected.first().bottom > 3 * shown);
        QCOMPARE(selected.first().bottom, grid->currentRow());
        QVERIFY(grid->currentRow() >= model->origin()
                && grid->currentRow() < model->origin() + shown);

        // Back up past the top edge: it scrolls back, and the selection shrinks with it.
        const qint64 furthest = model->origin();
        dragTo(viewport, QPoint(start.x(), -40));
        QTRY_VERIFY_WITH_TIMEOUT(model->origin() < furthest - shown, 20'000);
        QCOMPARE(grid->currentRow(), model->origin());
        QCOMPARE(grid->selectedRanges().first().bottom, model->origin());

        QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(start.x(), -40));
        QVERIFY(!grid->isDragScrolling());
        const qint64 at = model->origin();
        QCOMPARE(grid->selectedRanges(),
                 (QList<CellRange> { CellRange { 2, grid->currentRow(), 1, 1 } }));
        QCOMPARE(model->origin(), at);
    }

    void moreRowsThanAnIntOpenJumpAndCount()
    {
        QVERIFY(open(QStringLiteral("believed_huge")));
        DataGrid *grid = m_view->grid();
        DataTableModel *model = m_view->model();
        const qint64 believed = 3'000'000'000;
        QCOMPARE(model->totalRows(), believed);
        QVERIFY(!model->isCountExact());
        QVERIFY(m_view->statusText().contains(QLocale().toString(believed)));
        QCOMPARE(grid->verticalScrollBar()->maximum(), RowScale::kMaxSteps);

        // The thumb dragged to 40%: read from pg_stats' histogram key there, not by an OFFSET
        // past 1.2 billion rows; the numbers of rows placed so say "about".
        QScrollBar *bar = grid->verticalScrollBar();
        bar->setValue(int(RowScale::kMaxSteps * 0.4));
        const qint64 origin = model->origin();
        QVERIFY(qAbs(origin - believed * 2 / 5) < believed / 1000);
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(origin), 20'000);
        QCOMPARE(m_view->rows()->offsetReads(), 0);
        QVERIFY(m_view->rows()->keyJumps() >= 1);
        const qint64 landed = model->data(model->index(0, 0)).toLongLong();
        QVERIFY2(landed >= 38'000 && landed <= 42'000, qPrintable(QString::number(landed)));
        QVERIFY(
            model->headerData(0, Qt::Vertical).toString().startsWith(QStringLiteral("\u2248 ")));
        for (int row = 1; row < model->rowCount(); ++row)
            QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(row, 0)).toLongLong(), landed + row,
                                      20'000);
        saveScreenshot(*m_view, QStringLiteral("data-jump.png"));
        // Scrolling back from there reads the rows before those, not the same ones again.
        wheel(grid->viewport(), -100);
        QCOMPARE(model->origin(), origin - 300);

        QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(0, 0)).toLongLong(), landed - 300,
                                  20'000);
        QCOMPARE(m_view->rows()->offsetReads(), 0);

        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(grid->currentRow(), believed - 1);
        const int bottom = model->rowCount() - 1;
        QCOMPARE(model->headerData(bottom, Qt::Vertical).toString(), QLocale().toString(believed));
        QCOMPARE(grid->verticalScrollBar()->value(), RowScale::kMaxSteps);
        // The end is read backward from the end, whatever the count says.
        QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(bottom, 0)).toString(),
                                  QStringLiteral("100000"), 20'000);
        QCOMPARE(model->data(model->index(bottom - 1, 0)).toString(), QStringLiteral("99999"));
        QVERIFY(m_view->rows()->offsetReads() == 0);
        saveScreenshot(*m_view, QStringLiteral("data-3-billion.png"));

        // Arrow keys move by one row even where a bar step is three rows.
        QTest::keyClick(grid, Qt::Key_Up);
        QTest::keyClick(grid, Qt::Key_Up);
        QCOMPARE(grid->currentRow(), believed - 3);

        // The count puts it right: the window comes back within the real rows.
        QSignalSpy counted(m_view.get(), &DataView::rowsCounted);
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        QCOMPARE(model->totalRows(), 100'000);
        QVERIFY(model->isCountExact());
        QCOMPARE(model->origin(), 100'000 - model->rowCount());
        QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(model->rowCount() - 1, 0)).toString(),
                                  QStringLiteral("100000"), 20'000);
        QCOMPARE(grid->verticalScrollBar()->maximum(), 100'000 - model->rowCount());
    }

    void copiesWholeValuesInEveryFormat()
    {
        QVERIFY(open(QStringLiteral("Awkward values")));
        DataGrid *grid = m_view->grid();
        grid->setFocus();
        grid->selectAll();
        QSignalSpy copied(m_view.get(), &DataView::copied);

        // INSERT statements that rebuild the rows exactly (the grid holds only previews of the
        // long text and the bytea: they are read whole).
        m_view->copySelection(CopyFormat::Insert);
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 1, 20'000);
        QString inserts = QGuiApplication::clipboard()->text();
        QVERIFY(execSql(QStringLiteral("CREATE TABLE awkward_copy (LIKE \"Awkward values\")"),
                        m_db.profile()));
        inserts.replace(QStringLiteral("\"public\".\"Awkward values\""),
                        QStringLiteral("awkward_copy"));
        QVERIFY(execSql(inserts, m_db.profile()));
        QCOMPARE(psql("SELECT count(*) FROM (SELECT * FROM \"Awkward values\" EXCEPT ALL "
                      "SELECT * FROM awkward_copy) d"),
                 QStringList { QStringLiteral("0") });
        QCOMPARE(psql("SELECT count(*) FROM awkward_copy"), QStringList { QStringLiteral("4") });

        // CSV as COPY writes it (a boolean reads true or false, as DBeaver copies it).
        m_view->copySelection(CopyFormat::Csv);
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 2, 20'000);
        const QString copyCsv = psqlCopy(QStringLiteral(
            "COPY (SELECT id, note, doc, '\\x' || encode(raw, 'hex'), tags, ok::text, amount FROM "
            "\"Awkward values\" ORDER BY id) TO STDOUT (FORMAT csv)"));
        const QString ours = QGuiApplication::clipboard()->text();
        QCOMPARE(ours.section(QLatin1Char('\n'), 1), copyCsv);
        QCOMPARE(ours.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("id,note,doc,raw,tags,ok,amount"));

        // JSON with the types kept.
        m_view->copySelection(CopyFormat::Json);
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 3, 20'000);
        const QJsonArray rows
            = QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).array();
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0]
                     .toObject()[QStringLiteral("doc")]
                     .toObject()[QStringLiteral("a")]
                     .toObject()[QStringLiteral("b")]
                     .toArray()
                     .size(),
                 3);
        QCOMPARE(rows[0].toObject()[QStringLiteral("note")].toString().size(), 5004);
        QVERIFY(rows[2].toObject()[QStringLiteral("note")].isNull());
        QCOMPARE(rows[3].toObject()[QStringLiteral("ok")].toBool(), true);
        QCOMPARE(rows[1].toObject()[QStringLiteral("amount")].toString(), QStringLiteral("NaN"));

        // One cell, from the grid: its value alone.
        grid->setCurrentCell(3, 1);
        m_view->copySelection(CopyFormat::Tsv);
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 4, 20'000);
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("\"it's \"\"quoted\"\",\nsecond line\""));
    }

    void aSelectionPastTheCopyLimitSaysSo()
    {
        QVERIFY(open(QStringLiteral("believed_huge")));
        QGuiApplication::clipboard()->setText(QStringLiteral("before"));
        m_view->grid()->selectAll();
        QSignalSpy copied(m_view.get(), &DataView::copied);
        m_view->copySelection(CopyFormat::Tsv);
        QCOMPARE(copied.size(), 1);
        QVERIFY(!copied.first().first().toBool());
        QVERIFY2(copied.first().at(1).toString().contains(QStringLiteral("Export")),
                 qPrintable(copied.first().at(1).toString()));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("before"));
    }

    void aCopyThatReadsCanBeCancelled()
    {
        // A view whose 300th row takes a minute: the first 200 show, a copy of all waits there.
        QVERIFY(open(QStringLiteral("slow_rows")));
        QGuiApplication::clipboard()->setText(QStringLiteral("before"));
        m_view->grid()->selectAll();
        QSignalSpy copied(m_view.get(), &DataView::copied);
        m_view->copySelection(CopyFormat::Csv);
        QVERIFY(m_view->isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(
            psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%slow_rows%' "
                 "AND state = 'active' AND pid <> pg_backend_pid()")
                .value(0),
            QStringLiteral("1"), 20'000);
        m_view->cancelRunning();
        QVERIFY(copied.wait(20'000));
        QVERIFY(!copied.first().first().toBool());
        QCOMPARE(copied.first().at(1).toString(),
                 QStringLiteral("Copying was cancelled; the clipboard is as it was."));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("before"));
        QVERIFY(!m_view->isBusy());
    }

    // The server dies (pg_ctl stop -m immediate) while a block and a count are being read:
    // each says so in a sentence, the rows already shown stay, and once the server is back
    // the tab reads again without a reconnect by hand.
    void aServerKilledMidBlockAndMidCount()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        QVERIFY(execSql(
            QStringLiteral("CREATE VIEW slow_rows AS SELECT g AS n, CASE WHEN g = 300 THEN "
                           "pg_sleep(60)::text ELSE 'x' END AS s FROM generate_series(1, 1000) g;"
                           "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT "
                           "generate_series(1, 500); ANALYZE t;"),
            *profile));
        DataView view;
        view.resize(1000, 600);
        view.show();
        view.setConnection(*profile);
        QSignalSpy shown(&view, &DataView::tableShown);
        view.openTable(QStringLiteral("public"), QStringLiteral("slow_rows"));
        QVERIFY(shown.wait(30'000));

        // Rows 200 to 399 are one block; the view waits at row 300. So does count(*).
        view.grid()->scrollToRow(250, QAbstractItemView::PositionAtTop);
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->isFetching(), 5'000);
        view.countRows();
        Result<Session> observer = Session::open(*profile, {}, QStringLiteral("test-observer"));
        QVERIFY(observer);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<RowSet> rows
                    = queryRows(*observer,
                                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                               "wait_event = 'PgSleep'"));
                return rows && !rows->rows.isEmpty()
                    && rows->rows.first().first() == QByteArray("2");
            }(),
            30'000);
        QVERIFY(killServer(cluster));
        QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy(), 30'000);
        // The last word is the count's or the block's: both are the same sentence.
        QVERIFY2(view.statusText().contains(QLatin1String("connection to the server was lost")),
                 qPrintable(view.statusText()));
        QVERIFY(view.model()->isRowLoaded(0));
        QVERIFY(!view.model()->isRowLoaded(250));

        QVERIFY(cluster.start());
        view.openTable(QStringLiteral("public"), QStringLiteral("t"));
        QVERIFY(shown.wait(30'000));
        QCOMPARE(view.model()->rawValue(0, 0), SqlText(QByteArray("1")));
        QSignalSpy counted(&view, &DataView::rowsCounted);
        view.countRows();
        QVERIFY(counted.wait(30'000));
        QCOMPARE(counted.first().first().toLongLong(), 500);
        QVERIFY(cluster.stop());
    }

private:
    bool open(const QString &table) { return openTable(*m_view, table); }
    QStringList psql(const char *query)
    {
        return psqlColumn(m_db.profile(), QString::fromUtf8(query));
    }
    QStringList psql(const QString &query) { return psqlColumn(m_db.profile(), query); }
    QString psqlCopy(const QString &copy)
    {
        return QString::fromUtf8(runPsql(m_db.profile(), copy).out);
    }

    ScratchDatabase m_db { QStringLiteral("data_grid") };
    std::unique_ptr<DataView> m_view;
};

QTEST_MAIN(tst_DataGrid)
#include "tst_datagrid.moc"
