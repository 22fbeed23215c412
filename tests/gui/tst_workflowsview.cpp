// The Workflows tab in the real window on demo data: find a failed workflow by the start of its
// correlation_id and land on its failed step, open a payload in the JSONB viewer, triage the
// failures by group and trace one, follow a session, a workflow still running refreshes, and
// bad input gets a sentence. BRIDGESCOPE_SCREENSHOT_DIR saves the README's screenshots.
#include "LockWait.h"
#include "MainWindow.h"
#include "Psql.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "connection/Session.h"
#include "data/JsonTreeModel.h"
#include "data/JsonViewer.h"
#include "workflows/TracePage.h"
#include "workflows/TraceWaterfall.h"
#include "workflows/WorkflowsView.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_WorkflowsView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<ScratchDatabase> m_db;
    QDateTime m_connectedAt; // the failures list is read from then on
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    WorkflowsView *m_view = nullptr;

    QString scalar(const QString &sql)
    {
        Result<Session> session = Session::open(m_db->profile(), {}, QStringLiteral("test-wf"));
        QSqlQuery query(session->database());
        return query.exec(sql) && query.next() ? query.value(0).toString() : QString();
    }
    bool findAndWait(const QString &text)
    {
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        auto *edit = m_view->findChild<QLineEdit *>(QStringLiteral("findEdit"));
        edit->setText(text);
        QTest::keyClick(edit, Qt::Key_Return);
        // A refusal in words comes at once, before the wait.
        return answered.count() > 0 || answered.wait(20'000);
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<ScratchDatabase>(QStringLiteral("guiworkflows"));
        QVERIFY(applyBundledMigrations(m_db->profile()));
        DemoDataOptions options;
        options.workflows = 3'000;
        options.days = 2;
        QVERIFY(fillDemoData(m_db->profile(), options));
        m_settings = std::make_unique<QSettings>(m_settingsDir.filePath(QStringLiteral("w.ini")),
                                                 QSettings::IniFormat);
        m_window = std::make_unique<MainWindow>(*m_settings);
        m_window->resize(1280, 860);
        m_window->show();
        m_view = m_window->findChild<WorkflowsView *>(QStringLiteral("workflowsView"));
        QVERIFY(m_view);
        m_window->findChild<QTabWidget *>(QStringLiteral("viewTabs"))->setCurrentWidget(m_view);
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        m_connectedAt = QDateTime::currentDateTimeUtc();
        m_window->connectTo(m_db->profile());
        // Shown and connected: the failures load by themselves.
        QTRY_VERIFY_WITH_TIMEOUT(m_view->failureTree()->topLevelItemCount() > 0, 30'000);
    }

    void findingAFailedWorkflowLandsOnItsFailedStep()
    {
        const QString correlation = scalar(QStringLiteral(
            "SELECT w.correlation_id FROM workflow_executions w WHERE w.current_state = 'FAILED' "
            "AND (SELECT count(*) FROM workflow_steps s WHERE s.workflow_id = w.id) >= 4 "
            "ORDER BY w.started_at DESC LIMIT 1"));
        QVERIFY(!correlation.isEmpty());
        QVERIFY(findAndWait(correlation.left(10)));
        TracePage *page = m_view->tracePage();
        QTRY_VERIFY(page->hasTrace());
        QCOMPARE(page->trace()->workflow.correlationId, correlation);
        QVERIFY2(page->headerLabel()->text().contains(QLatin1String("FAILED")),
                 qPrintable(page->headerLabel()->text()));
        const int failed = page->trace()->firstFailedStep;
        QVERIFY(failed >= 3);
        QCOMPARE(page->waterfall()->currentStep(), failed); // opened at the failure
        QVERIFY(page->findChild<QPushButton *>(QStringLiteral("firstFailureButton"))->isEnabled());
        QVERIFY(m_view->statusText().contains(QLatin1String("correlation_id")));
        QCOMPARE(page->eventModel()->rowCount(), int(page->trace()->events.size()));
        saveScreenshot(*m_window, QStringLiteral("workflows-trace.png"));

        // Double-click the failed step: its step_data opens in the JSONB viewer.
        TraceWaterfall *waterfall = page->waterfall();
        waterfall->setCurrentStep(failed);
        const int y = 34
            + (failed - waterfall->verticalScrollBar()->value()) * waterfall->rowHeight()
            + waterfall->rowHeight() / 2;
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        QSignalSpy documentShown(page->payloadViewer(), &JsonViewer::documentShown);
        QTest::mouseDClick(waterfall->viewport(), Qt::LeftButton, {}, QPoint(400, y));
        QVERIFY(answered.wait(20'000));
        QVERIFY2(m_view->statusText().startsWith(QLatin1String("workflow_steps.step_data of ")),
                 qPrintable(m_view->statusText()));
        QVERIFY(documentShown.count() > 0 || documentShown.wait(20'000));
        JsonTreeModel *tree = page->payloadViewer()->treeModel();
        QStringList keys;
        for (int row = 0; row < tree->rowCount(); ++row)
            keys << tree->index(row, 0).data().toString();
        QVERIFY2(keys.contains(QLatin1String("attempt")), qPrintable(keys.join(QLatin1Char(','))));
    }

    // A payload asked for while another workflow's trace is on its way (the double-click landed
    // on the trace still shown) is not shown over that other workflow's trace.
    void aPayloadOfTheTraceBeforeIsNotShownOverTheNext()
    {
        const QStringList two = psqlColumn(
            m_db->profile(),
            QStringLiteral("SELECT correlation_id FROM workflow_executions w WHERE EXISTS "
                           "(SELECT 1 FROM workflow_steps s WHERE s.workflow_id = w.id) "
                           "ORDER BY started_at LIMIT 2"));
        QCOMPARE(two.size(), 2);
        QVERIFY(findAndWait(two[0]));
        TracePage *page = m_view->tracePage();
        QTRY_VERIFY(page->hasTrace() && page->trace()->workflow.correlationId == two[0]);
        QVERIFY(!page->trace()->steps.isEmpty());
        QVERIFY(!page->trace()->steps.first().payloads.isEmpty());
        const PayloadRef first = page->trace()->steps.first().payloads.first();
        QVERIFY(first.isValid());

        // The other workflow's trace asked for (its lookup answered; the trace waits on a lock
        // on the steps), then the payload of the first, then the namespaces, whose answer says
        // the payload's has come: they are answered in that order.
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        QSignalSpy shown(page->payloadViewer(), &JsonViewer::documentShown);
        auto *edit = m_view->findChild<QLineEdit *>(QStringLiteral("findEdit"));
        {
            LockWait lock(m_db->profile(), QStringLiteral("workflow_steps"));
            QVERIFY(lock.isValid());
            edit->setText(two[1]);
            QTest::keyClick(edit, Qt::Key_Return);
            QTRY_VERIFY_WITH_TIMEOUT(
                m_view->statusText().startsWith(QLatin1String("Reading the workflow")), 20'000);
            emit page->payloadRequested(first);
            auto *range = m_view->findChild<QComboBox *>(QStringLiteral("namespaceRange"));
            range->setCurrentIndex((range->currentIndex() + 1) % range->count());
            QCOMPARE(page->trace()->workflow.correlationId, two[0]); // still waiting
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            answered.count() >= 2 && page->trace()->workflow.correlationId == two[1], 20'000);
        QCOMPARE(answered.count(), 2); // the trace and the namespaces; the payload was let go
        QVERIFY2(page->payloadViewer()->note().isEmpty(),
                 qPrintable(page->payloadViewer()->note()));
        QCOMPARE(page->payloadViewer()->treeModel()->rowCount(), 0);
        QCOMPARE(shown.count(), 0);
    }

    void failuresAreGroupedAndTraceable()
    {
        m_window->findChild<QTabWidget *>(QStringLiteral("workflowPages"))->setCurrentIndex(1);
        QTreeWidget *tree = m_view->failureTree();
        qint64 total = 0;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            total += tree->topLevelItem(i)->text(0).toLongLong();
        // The last 24 hours as of when the list was read: between now's and the connection's
        // (the window moves on while the tests run, and a failure may leave it meanwhile).
        const QString failedSince = QStringLiteral(
            "SELECT count(*) FROM workflow_executions WHERE current_state = 'FAILED' AND "
            "started_at >= %1 - interval '24 hours'");
        const qint64 sinceNow = scalar(failedSince.arg(QStringLiteral("now()"))).toLongLong();
        const qint64 sinceConnected
            = scalar(failedSince.arg(QStringLiteral("'%1'::timestamptz")
                                         .arg(m_connectedAt.toString(Qt::ISODateWithMs))))
                  .toLongLong();
        QVERIFY2(sinceNow <= total && total <= sinceConnected,
                 qPrintable(QStringLiteral("%1 listed, %2 to %3 in the window")
                                .arg(total)
                                .arg(sinceNow)
                                .arg(sinceConnected)));
        // A group says why its messages are one: what each mask in its message stands for.
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *group = tree->topLevelItem(i);
            if (group->text(3).contains(QLatin1String("<content type>"))) {
                QVERIFY2(
                    group->toolTip(3).contains(QLatin1String("<content type>: a content type")),
                    qPrintable(group->toolTip(3)));
                QVERIFY(
                    group->toolTip(3).startsWith(QLatin1String("For example: ValidationError")));
            }
        }
        // The largest group first; expanding lists its workflows.
        QVERIFY(tree->topLevelItem(0)->text(0).toLongLong()
                >= tree->topLevelItem(tree->topLevelItemCount() - 1)->text(0).toLongLong());
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        tree->expandItem(tree->topLevelItem(0));
        QVERIFY(answered.wait(20'000));
        QCOMPARE(qint64(tree->topLevelItem(0)->childCount()),
                 qMin<qint64>(500, tree->topLevelItem(0)->text(0).toLongLong()));
        saveScreenshot(*m_window, QStringLiteral("workflows-failures.png"));
        QTreeWidgetItem *child = tree->topLevelItem(0)->child(0);
        emit tree->itemActivated(child, 0);
        QVERIFY(answered.wait(20'000));
        QTRY_VERIFY(m_view->tracePage()->hasTrace());
        QCOMPARE(m_view->tracePage()->trace()->workflow.state, QStringLiteral("FAILED"));
    }

    void aSessionAndManyMatchesAreListed()
    {
        const QString sessionId = scalar(QStringLiteral(
            "SELECT session_id FROM event_logs WHERE session_id IS NOT NULL LIMIT 1"));
        QVERIFY(findAndWait(sessionId));
        // The session's own events, and the batch's workflows that carry its id: a list.
        QTRY_VERIFY(m_view->matchList()->isVisible());
        QVERIFY(m_view->matchList()->topLevelItemCount() > 2);
        QVERIFY(m_view->statusText().contains(QLatin1String("pick one")));
    }

    // The Sessions page's events: the time on one line and whole, the event type not cut, the
    // payload's size a narrow column on the right.
    void aSessionsEventsAreSizedToBeRead()
    {
        const QString sessionId = scalar(QStringLiteral(
            "SELECT session_id FROM event_logs WHERE session_id IS NOT NULL LIMIT 1"));
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        m_view->showSession(sessionId);
        QVERIFY(answered.wait(20'000));
        auto *events = m_view->findChild<QTableView *>(QStringLiteral("sessionEvents"));
        QVERIFY(events->model()->rowCount() > 0);
        QVERIFY(!events->wordWrap());
        const QFontMetrics metrics = events->fontMetrics();
        int longestType = 0;
        for (int row = 0; row < events->model()->rowCount(); ++row)
            longestType
                = qMax(longestType,
                       metrics.horizontalAdvance(
                           events->model()->index(row, EventTableModel::Type).data().toString()));
        QVERIFY2(events->columnWidth(EventTableModel::Type) >= longestType,
                 qPrintable(QStringLiteral("%1 < %2")
                                .arg(events->columnWidth(EventTableModel::Type))
                                .arg(longestType)));
        QVERIFY(events->columnWidth(EventTableModel::PayloadSize)
                < events->columnWidth(EventTableModel::Type));
        QVERIFY(events->columnWidth(EventTableModel::Time) >= metrics.horizontalAdvance(
                    events->model()->index(0, EventTableModel::Time).data().toString()));
        QCOMPARE(events->model()
                     ->index(0, EventTableModel::PayloadSize)
                     .data(Qt::TextAlignmentRole)
                     .toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
        // The session's workflows below: each column as wide as what it holds.
        auto *workflows = m_view->findChild<QTreeWidget *>(QStringLiteral("sessionWorkflows"));
        QVERIFY(workflows->topLevelItemCount() > 0);
        const QString started = workflows->topLevelItem(0)->text(0);
        QVERIFY2(workflows->columnWidth(0) >= workflows->fontMetrics().horizontalAdvance(started),
                 qPrintable(started));
        saveScreenshot(*m_window, QStringLiteral("workflows-session.png"));
    }

    // The Sessions page lists the latest sessions to pick from, the latest first; picking one
    // follows it.
    void theSessionsPageListsTheLatestSessions()
    {
        QTreeWidget *recent = m_view->recentSessions();
        QSignalSpy shown(m_view, &WorkflowsView::recentSessionsShown);
        m_view->loadRecentSessions();
        QVERIFY(shown.wait(20'000));
        QVERIFY(recent->topLevelItemCount() > 1);
        const QString first = recent->topLevelItem(0)->data(1, Qt::UserRole).toString();
        // Among the sessions whose last event is the latest of all.
        const QStringList latest
            = psqlColumn(m_db->profile(),
                         QStringLiteral("SELECT session_id FROM event_logs WHERE session_id IS NOT "
                                        "NULL GROUP BY session_id "
                                        "HAVING max(created_at) = (SELECT max(created_at) FROM "
                                        "event_logs WHERE session_id IS "
                                        "NOT NULL)"));
        QVERIFY2(latest.contains(first),
                 qPrintable(first + QLatin1String(" not in ") + latest.join(QLatin1Char(' '))));
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        recent->setCurrentItem(recent->topLevelItem(1));
        QVERIFY(answered.wait(20'000));
        const QString picked = recent->topLevelItem(1)->data(1, Qt::UserRole).toString();
        QVERIFY2(m_view->statusText().contains(picked), qPrintable(m_view->statusText()));
    }

    void badInputGetsASentence()
    {
        QVERIFY(findAndWait(QStringLiteral("abc")));
        QVERIFY2(m_view->statusText().contains(QLatin1String("first 8 characters or more")),
                 qPrintable(m_view->statusText()));
        QVERIFY(findAndWait(QStringLiteral("0123456789abcdef0123")));
        QVERIFY2(m_view->statusText().startsWith(QLatin1String("No workflow has the")),
                 qPrintable(m_view->statusText()));
    }

    void aRunningWorkflowRefreshesWhileShown()
    {
        QVERIFY(execSql(
            QStringLiteral("INSERT INTO workflow_executions (id, correlation_id, workflow_type, "
                           "current_state, namespace) VALUES "
                           "('cccccccc-0000-0000-0000-000000000001', "
                           "'dddddddd-0000-0000-0000-000000000001', 'live', 'PROCESSING', "
                           "'omninode.test')"),
            m_db->profile()));
        m_view->setRefreshInterval(100);
        QVERIFY(findAndWait(QStringLiteral("dddddddd-0000-0000-0000-000000000001")));
        QTRY_VERIFY(m_view->tracePage()->hasTrace());
        QVERIFY(m_view->tracePage()->trace()->steps.isEmpty());
        QVERIFY(
            execSql(QStringLiteral(
                        "INSERT INTO workflow_steps (workflow_id, step_name, step_order, status) "
                        "VALUES ('cccccccc-0000-0000-0000-000000000001', 'validate_input', 0, "
                        "'COMPLETED'); UPDATE workflow_executions SET current_state = "
                        "'COMPLETED', completed_at = now() WHERE id = "
                        "'cccccccc-0000-0000-0000-000000000001'"),
                    m_db->profile()));
        QTRY_COMPARE_WITH_TIMEOUT(m_view->tracePage()->trace()->workflow.state,
                                  QStringLiteral("COMPLETED"), 20'000);
        QCOMPARE(m_view->tracePage()->trace()->steps.size(), 1);
    }

    void aHugeWorkflowOpensWithItsRowsPaged()
    {
        QVERIFY(execSql(QStringLiteral(R"sql(
            INSERT INTO workflow_executions (id, correlation_id, workflow_type, current_state,
                                             namespace, started_at, completed_at)
            VALUES ('aaaaaaaa-0000-0000-0000-000000000002', 'bbbbbbbb-0000-0000-0000-000000000002',
                    'huge', 'COMPLETED', 'omninode.test', now() - interval '1 hour', now());
            INSERT INTO workflow_steps (workflow_id, step_name, step_order, status,
                                        execution_time_ms, created_at)
            SELECT 'aaaaaaaa-0000-0000-0000-000000000002', 'step ' || n, n, 'COMPLETED', 5,
                   now() - interval '1 hour' + n * interval '300 ms'
            FROM generate_series(0, 9999) AS n;
            INSERT INTO event_logs (event_type, correlation_id, payload, created_at)
            SELECT 'TICK', 'bbbbbbbb-0000-0000-0000-000000000002', '{}'::jsonb,
                   now() - interval '1 hour' + n * interval '10 ms'
            FROM generate_series(1, 100000) AS n;
        )sql"),
                        m_db->profile()));
        QVERIFY(findAndWait(QStringLiteral("bbbbbbbb-0000-0000-0000-000000000002")));
        TracePage *page = m_view->tracePage();
        QTRY_VERIFY(page->hasTrace() && page->trace()->steps.size() == 10'000);
        QCOMPARE(page->eventModel()->rowCount(), kDefaultEventLimit);
        // Every step is reachable by scrolling; End goes to the last.
        TraceWaterfall *waterfall = page->waterfall();
        QVERIFY(waterfall->verticalScrollBar()->maximum() > 9'000);
        waterfall->setFocus();
        QTest::keyClick(waterfall, Qt::Key_End);
        QCOMPARE(waterfall->currentStep(), 9'999);
        auto *more = page->findChild<QPushButton *>(QStringLiteral("moreEventsButton"));
        QVERIFY(more->isVisible());
        QSignalSpy answered(m_view, &WorkflowsView::answered);
        QTest::mouseClick(more, Qt::LeftButton);
        QVERIFY(answered.wait(20'000));
        QCOMPARE(page->eventModel()->rowCount(), 2 * kDefaultEventLimit);
    }

    // A role that may read the workflows and nothing else: a find still finds, a trace shows
    // the workflow with what it may not read named, the namespaces leave the stamps blank, and
    // a table it may not read never ends an answer whole.
    void aRoleWithFewRightsSeesWhatItMayReadAndIsToldTheRest()
    {
        ScratchRole role(QStringLiteral("workflows"));
        QVERIFY(role.grant(QStringLiteral("GRANT SELECT ON workflow_executions TO %1"),
                           m_db->profile()));
        WorkflowsView view;
        view.resize(1280, 860);
        view.show();
        QSignalSpy answered(&view, &WorkflowsView::answered);
        view.setConnection(role.profile(m_db->profile()));
        // Failures need only workflow_executions: they load as for anyone.
        QTRY_VERIFY_WITH_TIMEOUT(view.failureTree()->topLevelItemCount() > 0, 20'000);

        const QString correlation = scalar(QStringLiteral(
            "SELECT correlation_id FROM workflow_executions WHERE current_state = 'FAILED' "
            "ORDER BY started_at DESC LIMIT 1"));
        answered.clear();
        view.find(correlation);
        QTRY_VERIFY_WITH_TIMEOUT(view.tracePage()->hasTrace(), 20'000);
        const WorkflowTrace &trace = *view.tracePage()->trace();
        QCOMPARE(trace.workflow.correlationId, correlation);
        QCOMPARE(
            trace.unreadable,
            QStringList({ "workflow_steps", "fsm_transitions", "event_logs", "metadata_stamps" }));
        QVERIFY(trace.steps.isEmpty());
        QVERIFY2(view.tracePage()->headerLabel()->text().contains(
                     QStringLiteral("steps not readable · transitions not readable")),
                 qPrintable(view.tracePage()->headerLabel()->text()));
        QVERIFY2(view.statusText().contains(
                     QLatin1String("Not shown: the role you connected as may not read "
                                   "workflow_steps, fsm_transitions, event_logs or "
                                   "metadata_stamps")),
                 qPrintable(view.statusText()));
        saveScreenshot(view, QStringLiteral("workflows-few-rights.png"));

        // A stamp_id is looked up in the stamps only: nothing found, and why.
        QSignalSpy again(&view, &WorkflowsView::answered);
        view.find(QStringLiteral("stamp-not-a-uuid"));
        QVERIFY(again.count() > 0 || again.wait(20'000));
        QVERIFY2(view.statusText().startsWith(QLatin1String("No workflow has the stamp_id"))
                     && view.statusText().contains(QLatin1String("may not read metadata_stamps")),
                 qPrintable(view.statusText()));

        // The namespaces: the workflows' figures, the stamps' columns blank, and a note.
        again.clear();
        view.loadNamespaces();
        QVERIFY(again.wait(20'000));
        QTreeWidget *namespaces = view.namespaceTree();
        QVERIFY(namespaces->topLevelItemCount() > 0);
        QVERIFY(namespaces->topLevelItem(0)->text(1).toLongLong() > 0);
        QCOMPARE(namespaces->topLevelItem(0)->text(9), QStringLiteral("\u2014"));
        QVERIFY2(view.statusText().contains(QLatin1String("may not read metadata_stamps")),
                 qPrintable(view.statusText()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_db.reset();
    }
};

QTEST_MAIN(tst_WorkflowsView)
#include "tst_workflowsview.moc"
