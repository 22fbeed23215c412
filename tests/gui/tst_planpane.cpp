// The plan viewer as a user meets it: Explain Analyze in the console on a slow query of
// bridge-like data shows the Plan tab with the finding in words, the tree drawn (children
// under their parent, no box over another), a grid that sorts the slowest node first, a node's
// raw JSON on a click and its table opened in Data; a statement that changes data is refused
// in read-only mode in a sentence and rolled back in write mode; a pasted plan (as psql
// prints it) shows, a broken one says why; two plans compare node by node.
#include "Screenshot.h"
#include "TestDatabase.h"
#include "WorkspaceView.h"
#include "connection/PgQuery.h"
#include "console/ConsoleView.h"
#include "console/QueryResultRows.h"
#include "console/ResultsPane.h"
#include "console/SqlEditor.h"
#include "data/JsonTreeModel.h"
#include "data/JsonViewer.h"
#include "metrics/DemoData.h"
#include "plan/PlanDiagram.h"
#include "plan/PlanFigures.h"
#include "plan/PlanNodesModel.h"
#include "plan/PlanPane.h"
#include "plan/PlanView.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTest>
#include <QWindow>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_PlanPane : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // The demo database: the bundled schema and 20,000 generated workflows.
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        DemoDataOptions options;
        options.workflows = 20'000;
        QVERIFY(fillDemoData(m_db.profile(), options));
        QVERIFY(execSql(QStringLiteral("ANALYZE"), m_db.profile()));
    }

    void init()
    {
        m_view = std::make_unique<ConsoleView>();
        m_router = std::make_unique<ViewRouter>();
        m_view->setRouter(m_router.get());
        m_view->resize(1400, 900);
        m_view->show();
        QTRY_VERIFY(m_view->windowHandle() && m_view->windowHandle()->isExposed());
        QApplication::setActiveWindow(m_view.get());
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY(session);
        m_server = session->serverInfo().value();
        m_view->useConnection(ConnectionContext { m_db.profile(), m_server });
        m_view->setConfirmation([](const QString &, const QString &) { return true; });
    }
    void cleanup() { m_view.reset(); }

    void explainAnalyzeShowsWhereTheTimeGoes()
    {
        m_view->editor()->setText(
            QStringLiteral("SELECT w.namespace, count(*) FROM workflow_executions w\n"
                           "  JOIN workflow_steps s ON s.workflow_id = w.id\n"
                           " WHERE s.step_name LIKE '%valid%'\n GROUP BY 1 ORDER BY 2 DESC"));
        QVERIFY(explain(true));
        PlanPane *pane = m_view->results()->planPane();
        QVERIFY(pane);
        QCOMPARE(m_view->results()->currentWidget(), pane);
        const Plan &plan = pane->plan();
        QVERIFY(plan.analyzed);
        // The finding in words: the scan that reads every step to return the few it wants.
        const QString findings = pane->findings()->text();
        QVERIFY2(findings.contains(QStringLiteral("on workflow_steps reads")),
                 qPrintable(findings));
        QVERIFY2(findings.contains(QStringLiteral("filter removes")), qPrintable(findings));
        // The tree drawn: each child under its parent, no box over another.
        for (const PlanNode &node : plan.nodes) {
            const QRectF box = pane->diagram()->nodeRect(node.id);
            if (node.parent >= 0)
                QVERIFY(box.top() > pane->diagram()->nodeRect(node.parent).bottom());
            for (const PlanNode &other : plan.nodes)
                if (other.id != node.id)
                    QVERIFY(!box.intersects(pane->diagram()->nodeRect(other.id)));
        }
        // The grid sorts the slowest first by a header click (twice: descending).
        QTableView *grid = pane->grid();
        grid->sortByColumn(PlanNodesModel::OwnMs, Qt::DescendingOrder);
        double slowest = 0;
        for (const PlanNode &node : plan.nodes)
            slowest = qMax(slowest, node.exclusiveMs);
        const int firstId = grid->model()->index(0, 0).data(PlanNodesModel::NodeIdRole).toInt();
        QCOMPARE(plan.nodes[firstId].exclusiveMs, slowest);
        // The screenshot with the results dragged up, as one reads a plan.
        if (auto *split = m_view->findChild<QSplitter *>(); split && split->count() == 2)
            split->setSizes({ 160, 740 }); // resizes the panes at once (they are shown)
        pane->diagram()->showPlan(plan); // fitted again to its new size
        saveScreenshot(*m_view, QStringLiteral("plan.png"));

        // A click on a box selects its node: its raw JSON, and its table opens in Data.
        int scan = -1;
        for (const PlanNode &node : plan.nodes)
            if (node.relation == QLatin1String("workflow_steps"))
                scan = node.id;
        QVERIFY(scan >= 0);
        PlanDiagram *diagram = pane->diagram();
        diagram->ensureVisible(diagram->nodeRect(scan));
        QSignalSpy shown(pane->nodeJson(), &JsonViewer::documentShown);
        QTest::mouseClick(diagram->viewport(), Qt::LeftButton, {},
                          diagram->mapFromScene(diagram->nodeRect(scan).center()));
        QCOMPARE(pane->selectedNode(), scan);
        QVERIFY(shown.wait(10'000));
        QAbstractItemModel *tree = pane->nodeJson()->treeModel();
        QString relation;
        for (int row = 0; row < tree->rowCount(); ++row)
            if (tree->index(row, 0).data().toString() == QLatin1String("Relation Name"))
                relation = tree->index(row, 2).data().toString();
        QVERIFY2(relation.contains(QStringLiteral("workflow_steps")), qPrintable(relation));
        QSignalSpy opened(m_router.get(), &ViewRouter::openRequested);
        auto *open = pane->findChild<QPushButton *>(QStringLiteral("planOpenTable"));
        QVERIFY(open->isEnabled());
        open->click();
        QCOMPARE(opened.size(), 1);
        const ViewTarget target = opened.first().first().value<ViewTarget>();
        QCOMPARE(target.table, QStringLiteral("workflow_steps"));
        QCOMPARE(target.schema, QStringLiteral("public"));
    }

    void aChangeIsRefusedReadOnlyAndRolledBackInWriteMode()
    {
        const QByteArray before = stepsOfOrderOne();
        m_view->editor()->setText(
            QStringLiteral("DELETE FROM workflow_steps WHERE step_order = 1"));
        QVERIFY(!explain(true));
        QVERIFY2(m_view->results()->messagesText().contains(QStringLiteral("switch to write mode")),
                 qPrintable(m_view->results()->messagesText()));
        QVERIFY(m_view->setWriteMode(true));
        QVERIFY(explain(true));
        PlanPane *pane = m_view->results()->planPane();
        QVERIFY(pane->findings()->text().contains(QStringLiteral("rolled back")));
        QCOMPARE(pane->plan().nodes[0].label, QStringLiteral("Delete"));
        QVERIFY(pane->plan().nodes[0].actualRowsTotal == 0); // a DELETE returns no rows
        QCOMPARE(stepsOfOrderOne(), before); // nothing was deleted
        QVERIFY(before.toInt() > 0);
    }

    // A plan pasted as psql prints it (header, border, + marks); a broken one gets a sentence.
    void aPastedPlanShowsABrokenOneSaysWhy()
    {
        PlanPane pane;
        pane.resize(1000, 700);
        const QByteArray psql
            = "                 QUERY PLAN\n"
              "--------------------------------------------------------------------\n"
              " Sort  (cost=10.1..10.2 rows=4 width=8) (actual time=5.0..5.1 rows=4 loops=1)\n"
              "   Sort Key: (count(*)) DESC\n"
              "   Sort Method: external merge  Disk: 2048kB\n"
              "   ->  Seq Scan on workflow_steps s  (cost=0.00..9.00 rows=4 width=8) (actual "
              "time=0.1..4.0 rows=4 loops=1)\n"
              "         Filter: (step_name = 'x'::text)\n"
              "         Rows Removed by Filter: 99996\n"
              " Planning Time: 0.2 ms\n"
              " Trigger audit_steps on workflow_steps: time=0.4 calls=3\n"
              " Execution Time: 5.3 ms\n"
              "(9 rows)\n";
        QVERIFY(pane.showPlanText(psql, QStringLiteral("the clipboard")));
        QCOMPARE(pane.plan().nodes.size(), 2);
        const QString findings = pane.findings()->text();
        QVERIFY2(findings.contains(QStringLiteral("spills to disk: 2.0 MB")), qPrintable(findings));
        QVERIFY2(findings.contains(QStringLiteral("reads 100 k rows to return 4")),
                 qPrintable(findings));
        QVERIFY2(findings.contains(QStringLiteral("trigger audit_steps: 0.4 ms in 3 calls")),
                 qPrintable(findings));
        QVERIFY(!pane.showPlanText("[{\"Plan\": {\"Node Type\": ", QStringLiteral("plan.json")));
        QVERIFY2(pane.findings()->text().contains(QStringLiteral("cut short")),
                 qPrintable(pane.findings()->text()));
    }

    // Health's "Explain in console" on a top statement with parameters: a generic plan on
    // PostgreSQL 16+, the user's values before.
    void aStatementWithParametersIsExplained()
    {
        QStringList asked;
        m_view->setParameterQuestion([&](const QStringList &names) -> std::optional<QStringList> {
            asked = names;
            return QStringList { QStringLiteral("'FAILED'"), QStringLiteral("10") };
        });
        QSignalSpy finished(m_view.get(), &ConsoleView::runFinished);
        m_view->open(ViewTarget::explainSql(
            QStringLiteral("SELECT count(*) FROM workflow_executions WHERE current_state = $1 AND "
                           "execution_time_ms > $2")));
        QVERIFY(finished.wait(30'000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(m_view->results()->messagesText()));
        PlanPane *pane = m_view->results()->planPane();
        QVERIFY(pane && !pane->plan().nodes.isEmpty());
        bool scans = false;
        for (const PlanNode &node : pane->plan().nodes)
            scans = scans || node.relation == QLatin1String("workflow_executions");
        QVERIFY(scans);
        if (m_server.serverVersionNumber >= 160000) {
            QVERIFY(asked.isEmpty());
        } else {
            QCOMPARE(asked, (QStringList { QStringLiteral("$1"), QStringLiteral("$2") }));
            QVERIFY(m_view->editor()->text().contains(
                QStringLiteral("current_state = 'FAILED' AND execution_time_ms > 10")));
        }
    }

    // View 8, without a connection: the plan on the clipboard, pasted.
    void thePlanViewReadsAPastedPlanWithoutAConnection()
    {
        PlanView view;
        view.resize(1200, 800);
        view.show();
        QTRY_VERIFY(view.windowHandle() && view.windowHandle()->isExposed());
        QApplication::clipboard()->setText(QStringLiteral(
            "Limit  (cost=0.29..0.50 rows=10 width=8)\n"
            "  ->  Index Scan Backward using workflow_executions_pkey on workflow_executions  "
            "(cost=0.29..4200.29 rows=200000 width=8)\n"));
        view.findChild<QPushButton *>(QStringLiteral("planPaste"))->click();
        QCOMPARE(view.pane()->plan().nodes.size(), 2);
        QCOMPARE(view.pane()->plan().nodes[1].label, QStringLiteral("Index Scan Backward"));
        QCOMPARE(view.pane()->plan().nodes[1].index, QStringLiteral("workflow_executions_pkey"));
        QVERIFY(view.pane()->findings()->text().contains(QStringLiteral("estimates only")));
    }

    // A plan of 5,000 nodes (an Append over as many partitions) opens, drawn and listed.
    void aPlanOfFiveThousandNodesOpens()
    {
        QJsonArray scans;
        for (int i = 0; i < 5000; ++i)
            scans << QJsonObject {
                { QStringLiteral("Node Type"), QStringLiteral("Seq Scan") },
                { QStringLiteral("Parent Relationship"), QStringLiteral("Member") },
                { QStringLiteral("Relation Name"), QStringLiteral("events_%1").arg(i) },
                { QStringLiteral("Alias"), QStringLiteral("events_%1").arg(i) },
                { QStringLiteral("Startup Cost"), 0.0 },
                { QStringLiteral("Total Cost"), 10.0 },
                { QStringLiteral("Plan Rows"), 100 },
                { QStringLiteral("Plan Width"), 8 },
                { QStringLiteral("Actual Startup Time"), 0.01 },
                { QStringLiteral("Actual Total Time"), i == 4321 ? 90.0 : 0.02 },
                { QStringLiteral("Actual Rows"), 100 },
                { QStringLiteral("Actual Loops"), 1 }
            };
        const QJsonObject append { { QStringLiteral("Node Type"), QStringLiteral("Append") },
                                   { QStringLiteral("Startup Cost"), 0.0 },
                                   { QStringLiteral("Total Cost"), 50000.0 },
                                   { QStringLiteral("Plan Rows"), 500000 },
                                   { QStringLiteral("Plan Width"), 8 },
                                   { QStringLiteral("Actual Startup Time"), 0.01 },
                                   { QStringLiteral("Actual Total Time"), 200.0 },
                                   { QStringLiteral("Actual Rows"), 500000 },
                                   { QStringLiteral("Actual Loops"), 1 },
                                   { QStringLiteral("Plans"), scans } };
        const QJsonArray explain { QJsonObject { { QStringLiteral("Plan"), append },
                                                 { QStringLiteral("Execution Time"), 210.0 } } };
        PlanView view;
        view.resize(1400, 900);
        view.show();
        QTRY_VERIFY(view.windowHandle() && view.windowHandle()->isExposed());
        QVERIFY(
            view.pane()->showPlanText(QJsonDocument(explain).toJson(), QStringLiteral("a file")));
        QCOMPARE(view.pane()->plan().nodes.size(), 5001);
        QCOMPARE(view.pane()->grid()->model()->rowCount(), 5001);
        // The slow partition is named and found by the grid's sort.
        QVERIFY(
            view.pane()->findings()->text().contains(QStringLiteral("Seq Scan on events_4321")));
        view.pane()->grid()->sortByColumn(PlanNodesModel::OwnMs, Qt::DescendingOrder);
        QCOMPARE(view.pane()->grid()->model()->index(0, 0).data(PlanNodesModel::NodeIdRole).toInt(),
                 4322);
        PlanDiagram *diagram = view.pane()->diagram();
        QVERIFY(diagram->nodeRect(1).right() < diagram->nodeRect(2).left());
        QVERIFY(diagram->nodeRect(0).bottom() < diagram->nodeRect(5000).top());
        view.pane()->selectNode(4322); // scrolls to it
        QVERIFY(diagram->mapToScene(diagram->viewport()->rect())
                    .boundingRect()
                    .intersects(diagram->nodeRect(4322)));
        saveScreenshot(view, QStringLiteral("plan-large.png"));
    }

    // Before and after an index: the Seq Scan is gone, an Index Scan came, the top node is the
    // same.
    void twoPlansCompareNodeByNode()
    {
        const QByteArray before
            = "Aggregate  (cost=1.0..2.0 rows=1 width=8) (actual time=40.0..40.0 rows=1 loops=1)\n"
              "  ->  Seq Scan on workflow_executions  (cost=0.0..1.0 rows=400 width=0) (actual "
              "time=0.1..39.0 rows=400 loops=1)\n"
              "        Filter: (current_state = 'FAILED'::text)\n"
              "        Rows Removed by Filter: 199600\n";
        const QByteArray after
            = "Aggregate  (cost=1.0..2.0 rows=1 width=8) (actual time=0.6..0.6 rows=1 loops=1)\n"
              "  ->  Index Only Scan using idx_state on workflow_executions  (cost=0.0..1.0 "
              "rows=400 width=0) (actual time=0.1..0.5 rows=400 loops=1)\n"
              "        Index Cond: (current_state = 'FAILED'::text)\n";
        PlanPane pane;
        QVERIFY(pane.showPlanText(before, QStringLiteral("before")));
        const Result<Plan> other = readPlan(after);
        QVERIFY(other);
        const QStringList lines = pane.comparisonText(*other).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith(QStringLiteral("Aggregate\t1.000\t0.100")),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(QStringLiteral(
                     "Index Only Scan using idx_state on workflow_executions\t—\t0.500")),
                 qPrintable(lines[1]));
        QVERIFY2(lines[2].contains(QStringLiteral("Seq Scan on workflow_executions\t39.000\t—")),
                 qPrintable(lines[2]));
    }

private:
    QByteArray stepsOfOrderOne() const
    {
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        if (!session)
            return {};
        const Result<RowSet> rows = queryRows(
            *session, QStringLiteral("SELECT count(*) FROM workflow_steps WHERE step_order = 1"));
        return rows ? rows->rows.value(0).value(0).value_or(QByteArray()) : QByteArray();
    }

    bool explain(bool analyze)
    {
        QSignalSpy finished(m_view.get(), &ConsoleView::runFinished);
        QTest::keyClick(m_view->editor(), Qt::Key_E,
                        analyze ? Qt::ControlModifier | Qt::ShiftModifier : Qt::ControlModifier);
        if (!finished.wait(60'000))
            return false;
        return finished.first().first().toBool();
    }

    ScratchDatabase m_db { QStringLiteral("plan_gui") };
    std::unique_ptr<ConsoleView> m_view;
    std::unique_ptr<ViewRouter> m_router;
    ServerInfo m_server;
};

QTEST_MAIN(tst_PlanPane)
#include "tst_planpane.moc"
