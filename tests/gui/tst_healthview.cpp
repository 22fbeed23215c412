// The Health view on a real lock wait: the waiter shows in the blocking tree under its holder,
// Cancel (confirmed) ends the wait and says so, a refused confirmation does nothing, and the
// view samples only while it is on screen. Storage shows dead rows, bloat and duplicate indexes;
// Activity draws rates and exports them; Statements explains a missing pg_stat_statements.
#include "LockWait.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"
#include "health/ActivityPane.h"
#include "health/HealthFormat.h"
#include "health/HealthView.h"
#include "health/ReplicationPane.h"
#include "health/StatementsPane.h"
#include "health/StoragePane.h"

#include <QAbstractAxis>
#include <QAction>
#include <QChartView>
#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_HealthView : public QObject
{
    Q_OBJECT
private slots:
    void aLockWaitIsShownAndCancelEndsIt()
    {
        ScratchDatabase db(QStringLiteral("guihealth"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE held (a int)"), db.profile()));
        LockWait wait(db.profile(), QStringLiteral("held"));
        QVERIFY(wait.isValid());
        const int holderPid = wait.holderPid();
        const int waiterPid = wait.waiterPid();

        HealthView view;
        QStringList questions;
        bool answer = false;
        view.setConfirmation([&](const QString &, const QString &question) {
            questions << question;
            return answer;
        });
        view.setInterval(100);
        view.resize(1200, 700);
        view.show();
        view.setConnection(db.profile());
        QVERIFY(view.isSampling());
        // The wait shows as a tree: the holder, with the waiter under it.
        QTRY_VERIFY_WITH_TIMEOUT(view.blockingTree()->topLevelItemCount() == 1
                                     && view.blockingTree()->topLevelItem(0)->childCount() == 1,
                                 20'000);
        QTreeWidgetItem *root = view.blockingTree()->topLevelItem(0);
        QCOMPARE(root->text(0), QString::number(holderPid));
        QCOMPARE(root->child(0)->text(0), QString::number(waiterPid));
        QVERIFY(view.sessionsPane()->summary().contains(QLatin1String("1 blocking others")));
        saveScreenshot(view, QStringLiteral("health-sessions.png"));

        // Declined: nothing is signalled.
        view.blockingTree()->setCurrentItem(root->child(0));
        auto *cancel = view.findChild<QPushButton *>(QStringLiteral("cancelButton"));
        QVERIFY(cancel && cancel->isEnabled());
        view.cancelSelected();
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.first().contains(QString::number(waiterPid)));
        QSignalSpy refreshed(&view, &HealthView::refreshed);
        QVERIFY(refreshed.wait(20'000));
        QCOMPARE(view.blockingTree()->topLevelItem(0)->childCount(), 1); // still waiting

        // Confirmed: the waiter's query is cancelled (57014) and the status says so.
        answer = true;
        QSignalSpy signalled(&view, &HealthView::signalled);
        view.cancelSelected();
        QVERIFY(signalled.wait(20'000));
        QCOMPARE(signalled.first().first().toBool(), true);
        QCOMPARE(view.statusText(),
                 QStringLiteral("Cancelled the query of process %1.").arg(waiterPid));
        QCOMPARE(wait.waiterOutcome(), QByteArray("57014"));
        QTRY_COMPARE_WITH_TIMEOUT(view.blockingTree()->topLevelItemCount(), 0, 20'000);

        // Hidden: no more sampling.
        view.hide();
        QVERIFY(!view.isSampling());
        QVERIFY(executeStatement(wait.holder(), QStringLiteral("ROLLBACK")));
    }

    void storageShowsTablesAndIndexesToLookAt()
    {
        ScratchDatabase db(QStringLiteral("guistorage"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE churn (id int PRIMARY KEY, payload text) "
                                       "  WITH (autovacuum_enabled = off);"
                                       "CREATE INDEX churn_payload ON churn (payload);"
                                       "CREATE INDEX churn_payload_again ON churn (payload);"
                                       "INSERT INTO churn SELECT g, repeat('x', 200) "
                                       "  FROM generate_series(1, 20000) g;"
                                       "UPDATE churn SET payload = repeat('y', 200);"),
                        db.profile()));
        // A small table whose name sorts after the big one's: the list is largest first.
        QVERIFY(execSql(QStringLiteral("CREATE TABLE zz_small (n int); ANALYZE churn, zz_small"),
                        db.profile()));
        HealthView view;
        view.resize(1400, 800);
        view.show();
        QSignalSpy read(&view, &HealthView::storageRead);
        view.setConnection(db.profile());
        view.showPage(HealthView::Page::Storage); // read the first time it is shown
        QVERIFY(read.wait(20'000));
        QCOMPARE(read.first().first().toBool(), true);
        StoragePane *pane = view.storagePane();
        QTreeWidget *tables = pane->tableTree();
        QCOMPARE(tables->topLevelItemCount(), 2);
        QTreeWidgetItem *churn = tables->topLevelItem(0);
        QCOMPARE(churn->text(0), QStringLiteral("public.churn"));
        QCOMPARE(tables->topLevelItem(1)->text(0), QStringLiteral("public.zz_small"));
        QTreeWidget *databases = pane->databaseTree();
        QVERIFY(databases->topLevelItemCount() >= 2);
        for (int row = 1; row < databases->topLevelItemCount(); ++row)
            QVERIFY2(databases->topLevelItem(row - 1)
                             ->data(1, health::SortableItem::kSortRole)
                             .toDouble()
                         >= databases->topLevelItem(row)
                                ->data(1, health::SortableItem::kSortRole)
                                .toDouble(),
                     qPrintable(databases->topLevelItem(row)->text(0)));
        QVERIFY(churn->text(4).remove(QRegularExpression(QStringLiteral("\\D"))).toInt() >= 15'000);
        // Half the heap is dead rows: the bloat estimate says so and is tinted.
        QVERIFY2(churn->text(5).contains(QLatin1Char('%')), qPrintable(churn->text(5)));
        QVERIFY(churn->background(5).color().isValid());
        QVERIFY(churn->background(4).color().isValid());
        QTreeWidget *duplicates = pane->duplicateTree();
        QCOMPARE(duplicates->topLevelItemCount(), 2);
        QCOMPARE(duplicates->topLevelItem(0)->text(0), QStringLiteral("keep"));
        QCOMPARE(duplicates->topLevelItem(0)->text(1), QStringLiteral("public.churn_payload"));
        QCOMPARE(duplicates->topLevelItem(1)->text(0), QStringLiteral("drop"));
        QCOMPARE(duplicates->topLevelItem(1)->text(1),
                 QStringLiteral("public.churn_payload_again"));
        QCOMPARE(pane->unusedTree()->topLevelItemCount(), 2);
        QVERIFY(pane->summary().contains(QLatin1String("1 duplicate indexes")));
        saveScreenshot(view, QStringLiteral("health-storage.png"));

        // Refresh reads again: the VACUUM shows. (Whether it could remove the dead rows depends
        // on what else runs on the server; that it ran does not.)
        QCOMPARE(churn->text(6), QStringLiteral("never"));
        QVERIFY(execSql(QStringLiteral("VACUUM churn"), db.profile()));
        // The VACUUM's time reaches the statistics at once from PostgreSQL 15 on, within a
        // second or so before: each Refresh reads them again.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                read.clear();
                view.refreshPage();
                return read.wait(20'000)
                    && tables->topLevelItem(0)->text(6).endsWith(QLatin1String(" ago"));
            }(),
            20'000);
    }

    void activityIsDrawnWhileShownAndExportedAsCsv()
    {
        ScratchDatabase db(QStringLiteral("guiactivity"));
        HealthView view;
        view.setInterval(100);
        view.resize(1200, 700);
        view.show();
        view.showPage(HealthView::Page::Activity);
        view.setConnection(db.profile());
        QVERIFY(view.isSampling());
        ActivityPane *pane = view.activityPane();
        QTRY_VERIFY_WITH_TIMEOUT(pane->history().size() >= 3, 20'000);
        for (const ActivityRates &rates : pane->history())
            QVERIFY(rates.seconds > 0 && rates.active >= 1);
        QVERIFY(pane->summary().contains(QLatin1String("samples kept")));
        // The server's checkpoints, from whichever statistics view its major has.
        const ActivityRates &last = pane->history().last();
        QVERIFY2(pane->summary().contains(QStringLiteral("%1 on schedule, %2 requested")
                                              .arg(last.checkpointsTimed)
                                              .arg(last.checkpointsRequested)),
                 qPrintable(pane->summary()));
        // Small charts keep whole axis labels ("100%", not "1…").
        for (const QChartView *chart : view.findChildren<QChartView *>())
            for (const QAbstractAxis *axis : chart->chart()->axes())
                QVERIFY(!axis->labelsTruncated() || !axis->truncateLabels());
        saveScreenshot(view, QStringLiteral("health-activity.png"));

        // Small charts keep whole axis labels ("100%", not "1…").
        view.resize(640, 420);
        const auto anyLabelCut = [&view] {
            for (const QChartView *chart : view.findChildren<QChartView *>())
                for (const QAbstractAxis *axis : chart->chart()->axes())
                    if (axis->labelsTruncated())
                        return true;
            return false;
        };
        QTRY_VERIFY(!anyLabelCut());
        view.resize(1200, 700);

        ScratchDir dir;
        const QString path = dir.path() + QStringLiteral("/activity.csv");
        QVERIFY(pane->exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QVERIFY(lines.size() >= 4);
        QVERIFY(lines.first().startsWith("time,seconds,transactions_per_second"));
        const Status refused = pane->exportCsv(dir.path() + QStringLiteral("/missing/a.csv"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.startsWith(QLatin1String("Cannot write ")),
                 qPrintable(refused.error().message));

        // Hidden, nothing more is asked of the server; shown again, sampling resumes.
        view.hide();
        QVERIFY(!view.isSampling());
        view.show();
        QVERIFY(view.isSampling());
        view.clearConnection();
        QCOMPARE(pane->history().size(), 0);
    }

    void statementsAndReplicationPages()
    {
        ScratchDatabase db(QStringLiteral("guistatements"));
        HealthView view;
        view.resize(1200, 700);
        view.show();
        view.setConnection(db.profile());
        QSignalSpy read(&view, &HealthView::statementsRead);
        view.showPage(HealthView::Page::Statements);
        QVERIFY(read.wait(20'000));
        StatementsPane *statements = view.statementsPane();
        QVERIFY2(statements->summary().contains(
                     QStringLiteral("CREATE EXTENSION pg_stat_statements; in database %1")
                         .arg(db.name())),
                 qPrintable(statements->summary()));
        QVERIFY(statements->statementTree()->isHidden());
        if (statements->summary().startsWith(QLatin1String("pg_stat_statements is loaded"))) {
            QVERIFY(execSql(QStringLiteral("CREATE EXTENSION pg_stat_statements;"
                                           "SELECT count(*) AS gui_distinctive FROM pg_class"),
                            db.profile()));
            read.clear();
            view.refreshPage();
            QVERIFY(read.wait(20'000));
            QVERIFY(!statements->statementTree()->isHidden());
            QVERIFY(!statements->statementTree()
                         ->findItems(QStringLiteral("gui_distinctive"), Qt::MatchContains, 6)
                         .isEmpty());
        }

        QSignalSpy refreshed(&view, &HealthView::refreshed);
        view.showPage(HealthView::Page::Replication);
        QTRY_VERIFY_WITH_TIMEOUT(
            view.replicationPane()->summary().contains(QLatin1String("<b>primary</b>")), 20'000);
        QCOMPARE(view.replicationPane()->standbyTree()->topLevelItemCount(), 0);
    }

    // A statement opens in the console whole, not as the one line the list shows.
    void aStatementOpensInTheConsoleWhole()
    {
        StatementsPane pane;
        TopStatementsReport report;
        report.available = true;
        const QString query = QStringLiteral("SELECT *\n  FROM workflow_executions\n WHERE "
                                             "namespace = $1 AND status = $2");
        report.statements << StatementStats {
            query, QStringLiteral("bridge"), {}, 3, 9.5, 3.2, 30, 10, 0
        };
        pane.showReport(report);
        QSignalSpy opened(&pane, &StatementsPane::openInConsoleRequested);
        QTreeWidget *tree = pane.statementTree();
        tree->setCurrentItem(tree->topLevelItem(0));
        tree->findChild<QAction *>(QStringLiteral("openStatementInConsole"))->trigger();
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().toString(), query);
    }
};

QTEST_MAIN(tst_HealthView)
#include "tst_healthview.moc"
