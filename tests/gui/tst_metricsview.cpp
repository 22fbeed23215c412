// The Metrics tab with real widgets on a real server: each chart drawn from seeded demo data
// and exported, the range and namespace controls, refusals in words, and the demo data dialog
// with its progress and Stop.
#include "Psql.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "metrics/DemoDataDialog.h"
#include "metrics/MetricsView.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_MetricsView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(applyBundledMigrations(m_db.profile()));
        DemoDataOptions options;
        options.workflows = 3000;
        options.days = 2;
        options.namespaces = 3;
        QVERIFY(fillDemoData(m_db.profile(), options)); // ends now: "last 24 hours" has data
    }

    void drawsAndExportsEachChart_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("throughput")
            << int(ChartKind::Throughput) << QStringLiteral("metrics-throughput.png");
        QTest::newRow("items per second")
            << int(ChartKind::ItemsPerSecond) << QStringLiteral("metrics-items-per-second.png");
        QTest::newRow("step durations")
            << int(ChartKind::StepDurations) << QStringLiteral("metrics-step-durations.png");
    }
    void drawsAndExportsEachChart()
    {
        QFETCH(int, kind);
        QFETCH(QString, name);
        MetricsView view;
        view.resize(1180, 680);
        view.show();
        QSignalSpy shown(&view, &MetricsView::chartShown);
        view.setRange(MetricsView::Range::Last24Hours);
        view.setChart(ChartKind(kind));
        view.setConnection(m_db.profile());
        QTRY_VERIFY_WITH_TIMEOUT(
            view.chartData() && !view.statusText().contains(QLatin1String("aggregating")), 20'000);
        QVERIFY2(view.messageText().isEmpty(), qPrintable(view.messageText()));
        QCOMPARE(int(view.chartData()->request.kind), kind);
        QVERIFY(view.chartData()->hasData());
        QVERIFY(!view.chartView()->chart()->series().isEmpty());
        saveScreenshot(view, name);

        ScratchDir dir;
        const QString png = dir.path() + QStringLiteral("/chart.png");
        const QString csv = dir.path() + QStringLiteral("/chart.csv");
        QVERIFY(view.exportTo(png));
        QVERIFY(view.exportTo(csv));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 600);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), chartToCsv(*view.chartData()));
        QVERIFY(!view.exportTo(dir.path() + QStringLiteral("/chart.pdf")));
    }

    void legendTogglesSurviveARefreshAndTheNamespaceFilterApplies()
    {
        MetricsView view;
        view.resize(1000, 600);
        view.show();
        view.setRange(MetricsView::Range::Last24Hours);
        view.setConnection(m_db.profile());
        QTRY_VERIFY_WITH_TIMEOUT(view.chartData().has_value(), 20'000);
        QLegendMarker *failed = nullptr;
        for (QLegendMarker *marker : view.chartView()->chart()->legend()->markers())
            if (marker->label() == QLatin1String("failed"))
                failed = marker;
        QVERIFY(failed);
        emit failed->clicked();
        QVERIFY(!failed->series()->isVisible());

        const auto before = view.chartData()->rows.size();
        QSignalSpy shown(&view, &MetricsView::chartShown);
        view.setNamespaceFilter(QStringLiteral("omninode.acme"));
        QVERIFY(shown.wait(20'000));
        QCOMPARE(view.chartData()->request.namespaceFilter, QStringLiteral("omninode.acme"));
        QCOMPARE(view.chartData()->rows.size(), before); // same buckets, fewer workflows
        for (QAbstractSeries *series : view.chartView()->chart()->series())
            if (series->name() == QLatin1String("failed"))
                QVERIFY(!series->isVisible()); // still hidden after the redraw
    }

    // Items per second: one legend entry per aggregation type (not one per namespace, rate
    // and aggregation type: 16 lines that looked alike), a click on it hides both of its
    // lines, and the last bucket, cut by "now", is shaded and named.
    void itemsPerSecondDrawsOneEntryPerAggregationType()
    {
        MetricsView view;
        view.resize(1000, 600);
        view.show();
        view.setRange(MetricsView::Range::Last24Hours);
        view.setChart(ChartKind::ItemsPerSecond);
        view.setConnection(m_db.profile());
        QTRY_VERIFY_WITH_TIMEOUT(view.chartData().has_value(), 20'000);
        const auto legendLabels = [&view] {
            QStringList labels;
            for (QLegendMarker *marker : view.chartView()->chart()->legend()->markers())
                if (marker->isVisible())
                    labels << marker->label();
            return labels;
        };
        const bool partial = view.chartData()->partialLastBucketSeconds().has_value();
        QStringList labels = legendLabels();
        QCOMPARE(labels.size(), 2 + int(partial));
        QVERIFY2(labels.contains(QLatin1String("file_type_grouping"))
                     && labels.contains(QLatin1String("namespace_grouping")),
                 qPrintable(labels.join(QLatin1String(", "))));
        if (partial)
            QVERIFY2(labels.last().startsWith(QLatin1String("last bucket: ")),
                     qPrintable(labels.last()));

        QLegendMarker *grouping = nullptr;
        for (QLegendMarker *marker : view.chartView()->chart()->legend()->markers())
            if (marker->isVisible() && marker->label() == QLatin1String("namespace_grouping"))
                grouping = marker;
        QVERIFY(grouping);
        emit grouping->clicked();
        int hidden = 0;
        for (QAbstractSeries *series : view.chartView()->chart()->series()) {
            if (series->name() == QLatin1String("namespace_grouping")) {
                QVERIFY(!series->isVisible());
                ++hidden;
            }
        }
        QVERIFY(hidden >= 2); // the reducer's line and the window's dashed one

        QSignalSpy shown(&view, &MetricsView::chartShown);
        view.setSplit(ThroughputSplit::Namespace);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(legendLabels().size(), 6 + int(partial)); // 3 namespaces × 2 types
        // Workflow type is no split of a rate.
        view.setSplit(ThroughputSplit::WorkflowType);
        QCOMPARE(view.chartData()->request.split, ThroughputSplit::Namespace);
    }

    void refusalsAndEmptyRangesAreSaidInWords()
    {
        MetricsView view;
        view.setTimeZone("UTC");
        view.setConnection(m_db.profile());
        QVERIFY(!view.chartData()); // nothing runs for a tab nobody looks at
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.chartData().has_value(), 20'000);
        // A range that ends before it starts never reaches the server.
        view.setCustomRange(QDateTime(QDate(2026, 1, 2), QTime(0, 0), Qt::UTC),
                            QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
        QVERIFY2(view.messageText().contains(QLatin1String("not before its end")),
                 qPrintable(view.messageText()));
        QVERIFY(!view.chartData());
        QSignalSpy shown(&view, &MetricsView::chartShown);
        view.setCustomRange(QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC),
                            QDateTime(QDate(2020, 1, 2), QTime(0, 0), Qt::UTC));
        QVERIFY(shown.wait(20'000));
        QVERIFY2(view.messageText().startsWith(QLatin1String("No data in this range")),
                 qPrintable(view.messageText()));

        const int widthBefore = view.minimumSizeHint().width();
        ScratchDatabase bare(QStringLiteral("metrics_bare"));
        view.setConnection(bare.profile());
        QTRY_VERIFY_WITH_TIMEOUT(view.messageText().contains(QLatin1String("workflow_executions")),
                                 20'000);
        // The long sentence wraps: it does not make the window wider than it was.
        QVERIFY2(
            view.minimumSizeHint().width() <= widthBefore,
            qPrintable(
                QStringLiteral("%1, was %2").arg(view.minimumSizeHint().width()).arg(widthBefore)));
    }

    // A role that may read the workflows but not the bridge's states: throughput draws, items
    // per second says what it may not read, and the tab goes on.
    void aRoleWithFewRightsIsToldWhichTableItMayNotRead()
    {
        ScratchRole role(QStringLiteral("metrics"));
        QVERIFY(role.grant(QStringLiteral("GRANT SELECT ON workflow_executions TO %1"),
                           m_db.profile()));
        MetricsView view;
        view.resize(1000, 600);
        view.setRange(MetricsView::Range::Last24Hours);
        view.setChart(ChartKind::ItemsPerSecond);
        view.show();
        view.setConnection(role.profile(m_db.profile()));
        QTRY_VERIFY_WITH_TIMEOUT(view.messageText().startsWith(
                                     QLatin1String("Permission denied for table bridge_states")),
                                 20'000);
        QVERIFY2(view.messageText().contains(QLatin1String("GRANT SELECT ON bridge_states")),
                 qPrintable(view.messageText()));
        QVERIFY(!view.chartData());
        saveScreenshot(view, QStringLiteral("metrics-permission-denied.png"));

        QSignalSpy shown(&view, &MetricsView::chartShown);
        view.setChart(ChartKind::Throughput);
        QTRY_VERIFY_WITH_TIMEOUT(view.chartData().has_value(), 20'000);
        QVERIFY2(view.messageText().isEmpty(), qPrintable(view.messageText()));
        QVERIFY(view.chartData()->hasData());
    }

    void demoDataDialogFillsAndStops()
    {
        ScratchDatabase db(QStringLiteral("metrics_demo"));
        QVERIFY(applyBundledMigrations(db.profile()));
        DemoDataDialog dialog(db.profile());
        dialog.show();
        DemoDataOptions options;
        options.workflows = 1200;
        options.days = 2;
        dialog.setOptions(options);
        QSignalSpy finished(&dialog, &DemoDataDialog::finished);
        dialog.start();
        QVERIFY(dialog.isRunning());
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(dialog.statusText().startsWith(QLatin1String("Wrote 1,200 workflows")),
                 qPrintable(dialog.statusText()));
        saveScreenshot(dialog, QStringLiteral("demo-data-dialog.png"));

        // Emptying the tables first asks, and a No changes nothing.
        options.workflows = 5'000'000;
        options.replace = true;
        dialog.setOptions(options);
        QString asked;
        bool answer = false;
        dialog.setConfirmation([&](const QString &title, const QString &) {
            asked = title;
            return answer;
        });
        dialog.start();
        QCOMPARE(asked, QStringLiteral("Empty and fill %1").arg(db.name()));
        QVERIFY(!dialog.isRunning());
        QCOMPARE(dialog.statusText(), QStringLiteral("Nothing was changed."));
        QCOMPARE(
            psqlColumn(db.profile(), QStringLiteral("SELECT count(*) FROM workflow_executions")),
            QStringList { QStringLiteral("1200") });

        // A big run, stopped as soon as the first batch is in: the server stops at once.
        answer = true;
        finished.clear();
        dialog.start();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QLatin1String(" of 5,000,000")),
                                 60'000);
        dialog.cancel();
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.statusText().startsWith(QLatin1String("Stopped")),
                 qPrintable(dialog.statusText()));
    }

private:
    ScratchDatabase m_db { QStringLiteral("metrics_view") };
};

QTEST_MAIN(tst_MetricsView)
#include "tst_metricsview.moc"
