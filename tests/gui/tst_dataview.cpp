// The Data tab with real widgets on a real server: open a table, sort, filter (and a bad
// filter that leaves the grid alone), jump to the end without reading the middle, follow a
// foreign key both ways, count, export, cancel, and the JSONB viewer on real, deep, wide,
// unicode and 20 MB documents.
#include "DataViewHarness.h"
#include "Psql.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"
#include "data/JsonViewer.h"
#include "data/RowCache.h"
#include "data/TablePicker.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_DataView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        DemoDataOptions options;
        options.workflows = 600;
        options.days = 2;
        options.namespaces = 3;
        QVERIFY(fillDemoData(m_db.profile(), options));
        // A partitioned table, for partitionsAreOfferedBesideTheirTable.
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE monthly (id int, at date, v text, PRIMARY KEY (id, at))
                PARTITION BY RANGE (at);
            CREATE TABLE monthly_2026_01 PARTITION OF monthly
                FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
            CREATE TABLE "Monthly, February" PARTITION OF monthly
                FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
            INSERT INTO monthly SELECT i, date '2026-01-01' + (i % 59), 'v' || i
                FROM generate_series(1, 590) i;
            ANALYZE monthly;
        )sql"),
                        m_db.profile()));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE long_table (id bigint PRIMARY KEY, note text);"
                                       "INSERT INTO long_table SELECT g, 'note ' || g FROM "
                                       "generate_series(1, 60000) g;"
                                       "CREATE VIEW slow AS SELECT pg_sleep(60)::text AS s;"
                                       // A salary column some roles may not read, and an
                                       // audit log whose key they may not read.
                                       "CREATE TABLE people (id int PRIMARY KEY, name text, "
                                       "salary numeric, manager_id int REFERENCES people);"
                                       "INSERT INTO people SELECT g, 'person ' || g, g * 1000, "
                                       "nullif(g / 10, 0) FROM generate_series(1, 500) g;"
                                       "CREATE TABLE audit (seq bigint PRIMARY KEY, at "
                                       "timestamptz DEFAULT now(), note text);"
                                       "INSERT INTO audit (seq, note) SELECT g, 'note ' || g "
                                       "FROM generate_series(1, 50) g;"
                                       // Values past the preview, read whole on demand.
                                       "CREATE TABLE long_values (id int PRIMARY KEY, v text);"
                                       "INSERT INTO long_values SELECT g, 'value ' || g || ' ' "
                                       "|| repeat('x', 5000) FROM generate_series(1, 3) g;"
                                       "ANALYZE"),
                        m_db.profile()));
    }

    void init() { m_view = shownDataView(m_db.profile()); }
    void cleanup() { m_view.reset(); }

    // The table picker finds a table by part of its name, with the navigator's matcher: the
    // exact name first, word starts; Enter opens the best match.
    void theTablePickerFindsByPartsOfNames()
    {
        auto *picker = m_view->findChild<TablePicker *>(QStringLiteral("tableBox"));
        QVERIFY(picker);
        QTRY_VERIFY_WITH_TIMEOUT(picker->count() > 5, 20'000);
        QCOMPARE(picker->matchesFor(QStringLiteral("w_st")).value(0),
                 QStringLiteral("workflow_steps"));
        QCOMPARE(picker->matchesFor(QStringLiteral("event_logs")).value(0),
                 QStringLiteral("event_logs"));
        QVERIFY(picker->matchesFor(QStringLiteral("zzqq")).isEmpty());
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        picker->lineEdit()->clear();
        QTest::keyClicks(picker->lineEdit(), QStringLiteral("fsm_tr"));
        QTest::keyClick(picker->lineEdit(), Qt::Key_Return);
        if (picker->completer()->popup()->isVisible()) // the popup's Enter, where it shows
            QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
        QVERIFY(shown.wait(30'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("fsm_transitions"));
    }

    void opensSortsAndFilters()
    {
        QVERIFY(open(QStringLiteral("workflow_executions")));
        DataTableModel *model = m_view->model();
        QVERIFY(m_view->statusText().contains(QLatin1String("estimate")));
        QVERIFY(m_view->statusText().contains(QLatin1String("paged by primary key (id)")));
        QCOMPARE(model->columnCount(), 21);

        // A header click sorts on the server: ascending, and again descending.
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        const int startedAt = m_view->spec().table.columnIndex(QStringLiteral("started_at"));
        m_view->grid()->horizontalHeader()->sectionClicked(startedAt);
        QVERIFY(shown.wait(20'000));
        // The header's arrow points up for ascending, as the status line's ↑ does: QHeaderView
        // draws the indicator order DescendingOrder as the upward arrow.
        QHeaderView *header = m_view->grid()->horizontalHeader();
        QVERIFY(m_view->statusText().contains(QStringLiteral("sorted by started_at \u2191")));
        QCOMPARE(header->sortIndicatorSection(), startedAt);
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        m_view->grid()->horizontalHeader()->sectionClicked(startedAt);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().sort->descending, true);
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder); // the downward arrow
        // The filter's column list shows a name as long as "correlation_id" whole.
        auto *filterColumns = m_view->findChild<QComboBox *>(QStringLiteral("filterColumn"));
        QVERIFY(filterColumns->width()
                > filterColumns->fontMetrics().horizontalAdvance(QStringLiteral("correlation_id")));
        QCOMPARE(firstIds(3),
                 psql("SELECT id FROM workflow_executions ORDER BY started_at DESC, "
                      "id DESC LIMIT 3"));
        QVERIFY(m_view->statusText().contains(QStringLiteral("sorted by started_at \u2193")));

        // A filter: the rows psql finds, and the status line names the index that serves it.
        m_view->addFilter(Filter {
            QStringLiteral("namespace"), FilterOp::Equal, QStringLiteral("omninode.acme"), {} });
        QVERIFY(shown.wait(20'000));
        QSignalSpy counted(m_view.get(), &DataView::rowsCounted);
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        QCOMPARE(QString::number(counted.first().first().toLongLong()),
                 psql("SELECT count(*) FROM workflow_executions WHERE namespace = 'omninode.acme'")
                     .value(0));
        QVERIFY2(m_view->statusText().contains(QLatin1String("idx_workflow_executions_namespace")),
                 qPrintable(m_view->statusText()));
        QVERIFY(!m_view->statusText().contains(QLatin1String("estimate")));
        saveScreenshot(*m_view, QStringLiteral("data-filter.png"));

        // A malformed filter: the message at the filter box, the grid as it was.
        const QString before = m_view->statusText();
        const QString firstBefore = firstIds(1).value(0);
        QSignalSpy refused(m_view.get(), &DataView::viewRefused);
        m_view->addFilter(Filter { QStringLiteral("metadata"),
                                   FilterOp::JsonContains,
                                   QStringLiteral("{\"priority\": hi"),
                                   {} });
        QVERIFY(refused.wait(20'000));
        QVERIFY2(m_view->filterError().contains(QLatin1String("not valid JSON")),
                 qPrintable(m_view->filterError()));
        QCOMPARE(m_view->spec().filters.size(), 1);
        QCOMPARE(m_view->statusText(), before);
        QCOMPARE(firstIds(1).value(0), firstBefore);
        m_view->addFilter(Filter {
            QStringLiteral("started_at"), FilterOp::Greater, QStringLiteral("last tuesday"), {} });
        QVERIFY(refused.wait(20'000));
        QVERIFY2(m_view->filterError().contains(QLatin1String("timestamp with time zone")),
                 qPrintable(m_view->filterError()));
        QCOMPARE(m_view->spec().filters.size(), 1);

        // Through the filter row as a user does it: the operators follow the column's type.
        auto *columnBox = m_view->findChild<QComboBox *>(QStringLiteral("filterColumn"));
        auto *opBox = m_view->findChild<QComboBox *>(QStringLiteral("filterOp"));
        columnBox->setCurrentText(QStringLiteral("metadata"));
        QVERIFY(opBox->findText(QStringLiteral("@>")) >= 0);
        QCOMPARE(opBox->findText(QStringLiteral("<")), -1);
        opBox->setCurrentIndex(opBox->findText(QStringLiteral("@?")));
        m_view->findChild<QLineEdit *>(QStringLiteral("filterValue"))
            ->setText(QStringLiteral("$.priority ? (@ == \"high\")"));
        QTest::mouseClick(m_view->findChild<QPushButton *>(QStringLiteral("addFilter")),
                          Qt::LeftButton);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().filters.size(), 2);
        QVERIFY(m_view->filterError().isEmpty());
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        QCOMPARE(QString::number(counted.last().first().toLongLong()),
                 psql("SELECT count(*) FROM workflow_executions WHERE namespace = 'omninode.acme' "
                      "AND metadata @? '$.priority ? (@ == \"high\")'")
                     .value(0));
    }

    void jumpsToTheEndWithoutReadingTheMiddle()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        QTableView *grid = m_view->grid();
        grid->setFocus();
        grid->setCurrentIndex(m_view->model()->index(0, 0));
        QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
        const qint64 last = m_view->model()->totalRows() - 1;
        QCOMPARE(m_view->grid()->currentRow(), last);
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->isRowLoaded(last), 20'000);
        QCOMPARE(QString::fromUtf8(*m_view->model()->rawValue(last, 0)), QStringLiteral("60000"));
        // The first block and the last one (and the one the view shows above it), nothing else.
        QVERIFY2(m_view->rows()->cachedBlockCount() <= 3,
                 qPrintable(QString::number(m_view->rows()->cachedBlockCount())));
        saveScreenshot(*m_view, QStringLiteral("data-end.png"));

        // Scrolling up from the end reads backward by keyset: rows stay in order.
        m_view->grid()->scrollToRow(last - 450, QAbstractItemView::PositionAtTop);
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->isRowLoaded(last - 450), 20'000);
        QCOMPARE(QString::fromUtf8(*m_view->model()->rawValue(last - 450, 0)),
                 QString::number(60000 - 450));
    }

    void scrollsThroughEveryRowInOrderWithABoundedCache()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        DataTableModel *model = m_view->model();
        QVERIFY(!model->isCountExact());
        m_view->rows()->setCacheLimits(
            8, 32); // 300 blocks go through a cache of 8 and 32 remembered keys
        for (qint64 row = 0; row < model->totalRows(); row += DataTableModel::kBlockSize / 2) {
            // Past the last row the end turns up and the count shrinks to the truth.
            QVERIFY(loadRow(*model, row));
            if (row >= model->totalRows())
                break;
            QCOMPARE(QString::fromUtf8(*model->rawValue(row, 0)), QString::number(row + 1));
            QVERIFY(m_view->rows()->cachedBlockCount() <= 8);
        }
        QCOMPARE(m_view->rows()->offsetReads(), 0); // every block by keyset from the one before
        // Reading on from the top found the end: the count is exact now.
        QVERIFY(model->isCountExact());
        QCOMPARE(model->totalRows(), 60'000);
    }

    void followsForeignKeysBothWays()
    {
        QVERIFY(open(QStringLiteral("workflow_steps")));
        const int workflowColumn = m_view->spec().table.columnIndex(QStringLiteral("workflow_id"));
        QVERIFY(workflowColumn >= 0);
        const QString workflow = QString::fromUtf8(*m_view->model()->rawValue(0, workflowColumn));
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        m_view->openReferencedRow(0, workflowColumn);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("workflow_executions"));
        QCOMPARE(m_view->model()->totalRows(), 1);
        QCOMPARE(firstIds(1), QStringList { workflow });

        const auto &incoming = m_view->spec().table.referencedBy;
        const auto steps = std::find_if(incoming.begin(), incoming.end(), [](const auto &key) {
            return key.fromTable == QLatin1String("workflow_steps");
        });
        QVERIFY(steps != incoming.end());
        m_view->openReferencingRows(0, *steps);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("workflow_steps"));
        QCOMPARE(QString::number(m_view->model()->totalRows()),
                 psql(QStringLiteral("SELECT count(*) FROM workflow_steps WHERE workflow_id = '%1'")
                          .arg(workflow))
                     .value(0));
    }

    // Following a key opens the target on its first columns; Back (Alt+Left) returns to the
    // table, filters, row, column and sideways scroll it was followed from, step by step.
    void backReturnsAlongFollowedKeys()
    {
        QVERIFY(open(QStringLiteral("workflow_steps")));
        m_view->resize(640, 600); // narrow: the grid scrolls sideways
        const int workflowColumn = m_view->spec().table.columnIndex(QStringLiteral("workflow_id"));
        QVERIFY(workflowColumn >= 0);
        m_view->grid()->setCurrentCell(3, workflowColumn);
        QScrollBar *sideways = m_view->grid()->horizontalScrollBar();
        QTRY_VERIFY(sideways->maximum() > 0);
        sideways->setValue(sideways->maximum() / 2); // the user scrolled sideways
        const int scrolled = sideways->value();
        QVERIFY(scrolled > 0);
        auto *back = m_view->findChild<QPushButton *>(QStringLiteral("dataBack"));
        QVERIFY(!back->isEnabled());

        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        m_view->openReferencedRow(3, workflowColumn);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("workflow_executions"));
        QCOMPARE(sideways->value(), 0); // the target opens on its first columns
        QVERIFY(back->isEnabled());
        QVERIFY(back->toolTip().contains(QStringLiteral("workflow_steps")));

        QTest::keyClick(m_view->grid(), Qt::Key_Left, Qt::AltModifier);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("workflow_steps"));
        QVERIFY(m_view->spec().filters.isEmpty());
        QCOMPARE(m_view->grid()->currentRow(), 3);
        QCOMPARE(m_view->grid()->currentColumn(), workflowColumn);
        QCOMPARE(sideways->value(), scrolled);
        QVERIFY(!back->isEnabled());
        m_view->resize(1200, 800);
    }

    // The detail panel names its cell and shows that cell's value, even when an earlier cell's
    // whole value, read from the server, arrives after the user moved on.
    void theDetailShowsTheCurrentCellOnly()
    {
        QVERIFY(open(QStringLiteral("long_values")));
        QSignalSpy shown(m_view.get(), &DataView::detailShown);
        m_view->grid()->setCurrentCell(0, 1); // read whole, on the worker
        m_view->grid()->setCurrentCell(2, 1); // and this one after it
        QVERIFY(shown.wait(20'000));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->detailText().startsWith(QLatin1String("value 3 ")),
                                 20'000);
        // The first cell's answer came first, and was not shown.
        QCOMPARE(shown.size(), 1);
        QCOMPARE(m_view->findChild<QLabel *>(QStringLiteral("detailTitle"))->text(),
                 QStringLiteral("Row 3 \u00b7 v"));
    }

    void jsonViewerOnACell()
    {
        QVERIFY(open(QStringLiteral("workflow_executions")));
        const int metadata = m_view->spec().table.columnIndex(QStringLiteral("metadata"));
        JsonViewer *viewer = m_view->jsonViewer();
        QSignalSpy documentShown(viewer, &JsonViewer::documentShown);
        m_view->grid()->setCurrentCell(0, metadata);
        QVERIFY(documentShown.wait(20'000));
        QVERIFY(viewer->treeModel()->rowCount() > 0);

        viewer->search(QStringLiteral("priority"));
        QCOMPARE(viewer->selectedPath(), JsonPath { QStringLiteral("priority") });
        QCOMPARE(viewer->copyPostgresPath(), QStringLiteral("#> '{priority}'"));
        QCOMPARE(viewer->copyJsonPath(), QStringLiteral("$.priority"));
        const QString priority = viewer->copyValue();
        m_view->grid()->scrollTo(m_view->model()->index(0, metadata));
        QCOMPARE(m_view->model()->origin(), 0);
        saveScreenshot(*m_view, QStringLiteral("data-grid.png"));

        // "Filter rows with this value": a containment filter, the rows psql finds.
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        viewer->filterBySelection();
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().filters.last().op, FilterOp::JsonContains);
        QSignalSpy counted(m_view.get(), &DataView::rowsCounted);
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        QCOMPARE(QString::number(counted.first().first().toLongLong()),
                 psql(QStringLiteral("SELECT count(*) FROM workflow_executions WHERE metadata ->> "
                                     "'priority' = '%1'")
                          .arg(priority))
                     .value(0));
    }

    void jsonViewerOnHardDocuments()
    {
        JsonViewer viewer;
        viewer.resize(600, 500);
        viewer.show();
        QSignalSpy shown(&viewer, &JsonViewer::documentShown);

        // Deeper than the parser accepts: raw, with a note, no crash.
        viewer.setDocument(QStringLiteral("doc"), QByteArray(5000, '[') + QByteArray(5000, ']'));
        QVERIFY(shown.wait(20'000));
        QVERIFY2(viewer.note().contains(QLatin1String("deeper")), qPrintable(viewer.note()));
        QVERIFY(viewer.rawText().startsWith(QLatin1String("[[[[")));

        // Wide and unicode: every key, paths quoted where they must be.
        QJsonObject wide;
        for (int key = 0; key < 20'000; ++key)
            wide.insert(QStringLiteral("k%1").arg(key), key);
        wide.insert(QStringLiteral("日本 語"),
                    QJsonObject { { QStringLiteral("it's"), QJsonArray { 1, u"ü"_qs } } });
        viewer.setDocument(QStringLiteral("doc"), QJsonDocument(wide).toJson());
        QVERIFY(shown.wait(20'000));
        QCOMPARE(viewer.treeModel()->rowCount(), 20'001);
        viewer.search(QStringLiteral("ü"));
        QCOMPARE(viewer.selectedPath(),
                 (JsonPath { QStringLiteral("日本 語"), QStringLiteral("it's"), 1 }));
        QCOMPARE(viewer.copyPostgresPath(), QStringLiteral("#> '{\"日本 語\",it''s,1}'"));
        QCOMPARE(viewer.copyJsonPath(), QStringLiteral("$.\"日本 語\".\"it's\"[1]"));
        QCOMPARE(viewer.copyValue(), QStringLiteral("ü"));
        // The Raw tab indents the document (off the GUI thread) when it is first shown.
        viewer.findChild<QTabWidget *>()->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(
            viewer.rawText().contains(QLatin1String("\n    \"k19999\": 19999")), 20'000);
        saveScreenshot(viewer, QStringLiteral("data-json-raw.png"));

        // 20 MB: parsed off the GUI thread, items made only for what is shown.
        QJsonArray big;
        for (int item = 0; item < 200'000; ++item)
            big.append(QJsonObject { { QStringLiteral("n"), item },
                                     { QStringLiteral("text"), QString(80, QLatin1Char('x')) } });
        const QByteArray twenty = QJsonDocument(big).toJson(QJsonDocument::Compact);
        QVERIFY(twenty.size() > 20'000'000);
        viewer.setDocument(QStringLiteral("doc"), twenty);
        QVERIFY(viewer.isParsing() || shown.size() == 3);
        QVERIFY(shown.wait(60'000));
        QCOMPARE(viewer.treeModel()->rowCount(), 200'000);
        QVERIFY2(viewer.treeModel()->createdItems() <= 200'000 + 100,
                 qPrintable(QString::number(viewer.treeModel()->createdItems())));
        QVERIFY(viewer.note().contains(QLatin1String("first")));
    }

    void exportsAndCancels()
    {
        QVERIFY(open(QStringLiteral("long_table")));
        ScratchDir dir;
        const QString path = dir.path() + QStringLiteral("/rows.csv");
        QSignalSpy finished(m_view.get(), &DataView::exportFinished);
        m_view->exportTo(path, ExportFormat::Csv);
        QVERIFY(finished.wait(60'000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().last().toString()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 60'001);

        // A read that would take a minute stops at Cancel, and the grid keeps what it showed.
        QSignalSpy refused(m_view.get(), &DataView::viewRefused);
        m_view->openTable(QStringLiteral("public"), QStringLiteral("slow"));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isBusy(), 5'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
                 "'%\"slow\"%' AND state = 'active' AND pid <> pg_backend_pid()")
                .value(0),
            QStringLiteral("1"), 20'000);
        m_view->cancelRunning();
        QVERIFY(refused.wait(20'000));
        QVERIFY2(refused.first().first().toString().contains(QLatin1String("Stopped")),
                 qPrintable(refused.first().first().toString()));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("long_table"));
    }

    void partitionsAreOfferedBesideTheirTable()
    {
        auto *picker = m_view->findChild<QComboBox *>(QStringLiteral("partitionBox"));
        QVERIFY(picker);
        QVERIFY(open(QStringLiteral("long_table")));
        QVERIFY(picker->isHidden()); // no partitions, no box

        QVERIFY(open(QStringLiteral("monthly")));
        QVERIFY(!picker->isHidden());
        QCOMPARE(picker->count(), 3);
        QCOMPARE(picker->currentIndex(), 0); // all partitions
        const int february = picker->findText(QStringLiteral("Monthly, February"));
        QVERIFY(february > 0);

        // Choose February: only its rows, its name in the box, the table box still "monthly".
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        picker->activated(february);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("Monthly, February"));
        QCOMPARE(picker->currentText(), QStringLiteral("Monthly, February"));
        QVERIFY2(m_view->statusText().startsWith(
                     QLatin1String("partition Monthly, February of public.monthly")),
                 qPrintable(m_view->statusText()));
        QSignalSpy counted(m_view.get(), &DataView::rowsCounted);
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        QCOMPARE(QString::number(counted.first().first().toLongLong()),
                 psql("SELECT count(*) FROM \"Monthly, February\"").value(0));
        QCOMPARE(firstIds(2), psql("SELECT id FROM \"Monthly, February\" ORDER BY id, at LIMIT 2"));
        auto *tables = m_view->findChild<QComboBox *>(QStringLiteral("tableBox"));
        QCOMPARE(tables->currentText(), QStringLiteral("monthly"));
        saveScreenshot(*m_view, QStringLiteral("data-partition.png"));

        // And back to all of them.
        picker->activated(0);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->spec().table.name, QStringLiteral("monthly"));
        QCOMPARE(picker->currentIndex(), 0);
    }

    void aRoleWithFewRightsIsToldWhatItMayNotRead()
    {
        ScratchRole role(QStringLiteral("data"));
        QVERIFY(role.isValid());
        QVERIFY(role.grant(QStringLiteral("GRANT SELECT ON long_table TO %1;"
                                          "GRANT SELECT (id, name, manager_id) ON people TO %1;"
                                          "GRANT SELECT (at, note) ON audit TO %1"),
                           m_db.profile()));
        m_view = std::make_unique<DataView>();
        m_view->resize(1280, 760);
        m_view->show();
        m_view->setConnection(role.profile(m_db.profile()));

        // A table it may not read: the grid says so and how to get the right.
        QSignalSpy refused(m_view.get(), &DataView::viewRefused);
        m_view->openTable(QStringLiteral("public"), QStringLiteral("workflow_steps"));
        QVERIFY(refused.wait(30'000));
        const QString message = refused.first().first().toString();
        QVERIFY2(message.startsWith(QLatin1String("Permission denied for table workflow_steps"))
                     && message.contains(QLatin1String("GRANT SELECT ON workflow_steps")),
                 qPrintable(message));
        QCOMPARE(m_view->filterError(), message);
        saveScreenshot(*m_view, QStringLiteral("data-permission-denied.png"));

        // The tab goes on: a table it may read opens, counts and copies as for anyone.
        QVERIFY(open(QStringLiteral("long_table")));
        QCOMPARE(firstIds(3), psql("SELECT id FROM long_table ORDER BY id LIMIT 3"));
        QSignalSpy counted(m_view.get(), &DataView::rowsCounted);
        m_view->countRows();
        QVERIFY(counted.wait(20'000));
        QCOMPARE(counted.first().first().toLongLong(), 60'000);
        QVERIFY(m_view->filterError().isEmpty());

        // SELECT on some columns only: those are browsed, and the status line names the rest.
        QVERIFY(open(QStringLiteral("people")));
        QStringList columns;
        for (const BrowseColumn &column : m_view->spec().table.columns)
            columns << column.name;
        QCOMPARE(columns, QStringList({ "id", "name", "manager_id" }));
        QVERIFY2(m_view->statusText().contains(
                     QLatin1String("1 column left out: the role may not read salary")),
                 qPrintable(m_view->statusText()));
        QVERIFY(m_view->statusText().contains(QLatin1String("paged by primary key (id)")));
        QCOMPARE(firstIds(3), psql("SELECT id FROM people ORDER BY id LIMIT 3"));
        QSignalSpy shown(m_view.get(), &DataView::tableShown);
        m_view->addFilter(
            Filter { QStringLiteral("name"), FilterOp::Contains, QStringLiteral("person 7"), {} });
        QVERIFY(shown.wait(20'000));
        QCOMPARE(m_view->model()->rawValue(0, 1).value_or("(not loaded)"), QByteArray("person 7"));
        saveScreenshot(*m_view, QStringLiteral("data-some-columns.png"));

        // Its key hidden too: paged by OFFSET, and said so.
        QVERIFY(open(QStringLiteral("audit")));
        QCOMPARE(m_view->spec().table.columns.size(), 2);
        QVERIFY2(m_view->statusText().contains(QLatin1String("may not read the table's key")),
                 qPrintable(m_view->statusText()));
        QCOMPARE(m_view->model()->rawValue(0, 1).value_or("(not loaded)"), QByteArray("note 1"));
    }

private:
    bool open(const QString &table) { return openTable(*m_view, table); }
    QStringList firstIds(int count)
    {
        QStringList ids;
        for (int row = 0; row < count; ++row)
            ids << QString::fromUtf8(m_view->model()->rawValue(row, 0).value_or("(not loaded)"));
        return ids;
    }
    QStringList psql(const QString &query) { return psqlColumn(m_db.profile(), query); }
    QStringList psql(const char *query) { return psql(QString::fromUtf8(query)); }

    ScratchDatabase m_db { QStringLiteral("data_view") };
    std::unique_ptr<DataView> m_view;
};

QTEST_MAIN(tst_DataView)
#include "tst_dataview.moc"
