// The main window, offscreen: its tabs, menus and status bar, connecting without freezing, and
// what a person sees when a connection fails.
#include "ElidedLabel.h"
#include "MainWindow.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/ServerVersion.h"
#include "connection/Session.h"
#include "console/ConsoleView.h"
#include "console/QueryResultRows.h"
#include "console/ResultsPane.h"
#include "console/SqlEditor.h"
#include "data/DataView.h"
#include "health/HealthView.h"
#include "health/ReplicationPane.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString statusText(MainWindow &window)
    {
        return window.findChild<QLabel *>(QStringLiteral("connectionLabel"))->text();
    }

private slots:
    void init()
    {
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("s.ini")),
                                                 QSettings::IniFormat);
    }

    void hasOneTabPerView()
    {
        MainWindow window(*m_settings);
        window.show();
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        QVERIFY(tabs);
        QStringList names;
        for (int i = 0; i < tabs->count(); ++i)
            names << tabs->tabText(i);
        QCOMPARE(names,
                 (QStringList { QStringLiteral("Schema"), QStringLiteral("Data"),
                                QStringLiteral("Migrations"), QStringLiteral("Metrics"),
                                QStringLiteral("Workflows"), QStringLiteral("Health"),
                                QStringLiteral("Console"), QStringLiteral("Plan") }));
        QCOMPARE(tabs->widget(0)->objectName(), QStringLiteral("schemaView"));
        QCOMPARE(tabs->widget(1)->objectName(), QStringLiteral("dataView"));
        QCOMPARE(tabs->widget(2)->objectName(), QStringLiteral("migrationsView"));
        QCOMPARE(tabs->widget(3)->objectName(), QStringLiteral("metricsView"));
        QCOMPARE(statusText(window), QStringLiteral("Not connected"));

        // The tab last looked at opens again.
        tabs->setCurrentIndex(3);
        MainWindow again(*m_settings);
        QCOMPARE(again.findChild<QTabWidget *>(QStringLiteral("viewTabs"))->currentIndex(), 3);
        tabs->setCurrentIndex(0);
    }

    // Open in console: the Data tab's rows as the SELECT a person would type, filters written
    // in, through the router to the console, which shows and can run it.
    void dataOpensItsRowsInTheConsole()
    {
        ScratchDatabase db(QStringLiteral("open_in_console"));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE \"Odd rows\" (id int PRIMARY KEY, note text);"
                                       "INSERT INTO \"Odd rows\" SELECT g, 'it''s ' || g FROM "
                                       "generate_series(1, 20) g"),
                        db.profile()));
        MainWindow window(*m_settings);
        window.show();
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(db.profile());
        QVERIFY(connected.wait(20'000));
        auto *data = window.findChild<DataView *>(QStringLiteral("dataView"));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        tabs->setCurrentWidget(data);
        QSignalSpy shown(data, &DataView::tableShown);
        data->openTable(
            QStringLiteral("public"), QStringLiteral("Odd rows"),
            { Filter { QStringLiteral("note"), FilterOp::Equal, QStringLiteral("it's 7"), {} } });
        QVERIFY(shown.wait(20'000));
        data->findChild<QPushButton *>(QStringLiteral("openInConsole"))->click();
        auto *console = window.findChild<ConsoleView *>(QStringLiteral("consoleView"));
        QCOMPARE(tabs->currentWidget(), console);
        const QString sql = console->editor()->text();
        QVERIFY2(sql.contains(QStringLiteral("FROM \"public\".\"Odd rows\" AS r")),
                 qPrintable(sql));
        QVERIFY2(sql.contains(QStringLiteral("'it''s 7'")), qPrintable(sql));
        QSignalSpy ran(console, &ConsoleView::runFinished);
        console->runAtCursor();
        QVERIFY(ran.wait(20'000));
        QVERIFY(ran.first().first().toBool());
        QCOMPARE(console->results()->resultRows(0)->totalRows(), 1);
        QCOMPARE(*console->results()->resultRows(0)->rawValue(0, 0), QByteArray("7"));
    }

    void menusAndShortcuts()
    {
        MainWindow window(*m_settings);
        window.show();
        QStringList menus;
        for (QAction *action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus,
                 (QStringList { QStringLiteral("&File"), QStringLiteral("&View"),
                                QStringLiteral("&Help") }));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        auto *showMetrics = window.findChild<QAction *>(QStringLiteral("actionShowMetrics"));
        QCOMPARE(showMetrics->shortcut(), QKeySequence(QStringLiteral("Ctrl+4")));
        showMetrics->trigger();
        QCOMPARE(tabs->currentIndex(), 3);
        QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionQuit"))->shortcut(),
                 QKeySequence(QKeySequence::Quit));
        QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionDisconnect"))->isEnabled());
    }

    void connectsOffTheGuiThreadAndShowsTheServer()
    {
        MainWindow window(*m_settings);
        window.show();
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(testProfile());
        // connectTo returned at once: the window is still "connecting", not blocked.
        QVERIFY(statusText(window).startsWith(QLatin1String("Connecting to")));
        QVERIFY(connected.wait(15'000));
        const QString status = statusText(window);
        QVERIFY2(status.contains(QLatin1String("PostgreSQL ")), qPrintable(status));
        QVERIFY(status.contains(
            QStringLiteral("database %1").arg(testProfile().value(QStringLiteral("dbname")))));
        QVERIFY(status.contains(
            QStringLiteral("user %1").arg(testProfile().value(QStringLiteral("user")))));
        QVERIFY(window.isConnected());
        QVERIFY(window.windowTitle().contains(QLatin1String("BridgeScope")));
        // A major outside the tested ones, or past its end of life, is named on the label.
        Result<Session> session = Session::open(testProfile(), {}, QStringLiteral("test-version"));
        QVERIFY(session);
        const QString note = serverVersionNote(session->serverInfo()->serverVersionNumber);
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("connectionLabel"))->toolTip(), note);
        if (!note.isEmpty())
            QCOMPARE(window.statusBar()->currentMessage(), note);

        auto *disconnect = window.findChild<QAction *>(QStringLiteral("actionDisconnect"));
        QVERIFY(disconnect->isEnabled());
        disconnect->trigger();
        QCOMPARE(statusText(window), QStringLiteral("Not connected"));
        QVERIFY(!window.isConnected());
    }

    // At 640×420 every view is still usable: the window takes that size (no view holds it
    // wider or taller), and no button, combo box or one-line label of any view is squeezed
    // below the width its text needs ("pply nex"). Rows of controls wrap; pages of stacked
    // parts scroll; the status bar's long line is cut with "…" and shown whole in its tooltip.
    void everyViewFitsASmallWindow()
    {
        ScratchDatabase db(QStringLiteral("smallwindow"));
        QVERIFY(applyBundledMigrations(db.profile()));
        MainWindow window(*m_settings);
        // The navigator takes its own width beside the view: narrow, and closed (View ▸
        // Navigator) on a screen this small, as it starts on one.
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("navigatorDock"));
        QVERIFY2(dock->minimumSizeHint().width() <= 240, qPrintable(QString::number(dock->minimumSizeHint().width())));
        auto *navigator = window.findChild<QAction *>(QStringLiteral("actionShowNavigator"));
        if (navigator->isChecked())
            navigator->trigger();
        QVERIFY(!dock->isVisibleTo(&window));
        window.resize(640, 420);
        window.show();
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(db.profile());
        QVERIFY(connected.wait(15'000));
        QCOMPARE(window.size(), QSize(640, 420));
        auto *status = window.findChild<ElidedLabel *>(QStringLiteral("connectionLabel"));
        QVERIFY(status->isElided());
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QWidget *view = tabs->widget(i);
            QVERIFY2(view->minimumSizeHint().width() <= view->width(),
                     qPrintable(tabs->tabText(i)));
            QVERIFY2(view->minimumSizeHint().height() <= view->height(),
                     qPrintable(tabs->tabText(i)));
            QStringList cut;
            for (QWidget *widget : view->findChildren<QWidget *>()) {
                if (!widget->isVisibleTo(&window))
                    continue;
                const auto *label = qobject_cast<QLabel *>(widget);
                if (qobject_cast<ElidedLabel *>(widget))
                    continue; // cut with "…" by design, whole in its tooltip
                const bool control = qobject_cast<QAbstractButton *>(widget)
                    || qobject_cast<QComboBox *>(widget) || (label && !label->wordWrap());
                if (control && widget->width() < widget->minimumSizeHint().width())
                    cut << QStringLiteral("%1 \"%2\" %3 < %4")
                               .arg(QString::fromLatin1(widget->metaObject()->className()),
                                    label ? label->text() : widget->objectName())
                               .arg(widget->width())
                               .arg(widget->minimumSizeHint().width());
            }
            QVERIFY2(cut.isEmpty(),
                     qPrintable(tabs->tabText(i) + QStringLiteral(": ") + cut.join(", ")));
            saveScreenshot(window,
                           QStringLiteral("small-window-%1.png").arg(tabs->tabText(i).toLower()));
        }
    }

    void failedConnectionSaysWhyAndKeepsTheWindowUsable()
    {
        MainWindow window(*m_settings);
        window.show();
        ConnectionProfile profile = testProfile();
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("bridge_missing"));
        QSignalSpy failed(&window, &MainWindow::connectionFailed);
        window.connectTo(profile);
        QVERIFY(failed.wait(15'000));
        QVERIFY2(failed.first().first().toString().startsWith(
                     QLatin1String("The database \"bridge_missing\" does not exist")),
                 qPrintable(failed.first().first().toString()));
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("connectionErrorBox"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QCOMPARE(box->text(), failed.first().first().toString());
        QCOMPARE(statusText(window), QStringLiteral("Not connected"));
        box->accept();

        // A later, good connection still works.
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(testProfile());
        QVERIFY(connected.wait(15'000));
    }

    void asksForAPasswordWhenTheServerWantsOne()
    {
        // A server that wants a password over TCP, and no keyring, .pgpass or PGPASSWORD.
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path(), true));
        Result<ConnectionProfile> started = cluster.start();
        QVERIFY(started);
        QVERIFY(execSql(QStringLiteral("create role ana login password 'open sesame'"), *started));
        qputenv("PGPASSFILE", QFile::encodeName(m_dir.filePath(QStringLiteral("no-pgpass"))));
        ConnectionProfile profile;
        profile.setValue(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        profile.setValue(QStringLiteral("port"), QString::number(cluster.options().port));
        profile.setValue(QStringLiteral("user"), QStringLiteral("ana"));
        profile.setValue(QStringLiteral("dbname"), QStringLiteral("postgres"));

        MainWindow window(*m_settings);
        window.show();
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(profile);
        QInputDialog *prompt = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (prompt = window.findChild<QInputDialog *>(QStringLiteral("passwordPrompt"))), 15'000);
        QVERIFY(prompt->labelText().contains(QLatin1String("requires a password")));
        QCOMPARE(prompt->textEchoMode(), QLineEdit::Password);
        prompt->setTextValue(QStringLiteral("open sesame"));
        prompt->accept();
        QVERIFY(connected.wait(15'000));
        QVERIFY(connected.first().first().toString().contains(QLatin1String("user ana")));

        // A wrong password for another attempt: the prompt again, and cancelling it keeps the
        // connection the window has (its status and title), as a failed attempt does.
        const QString working = statusText(window);
        const QString title = window.windowTitle();
        ConnectionProfile wrong = profile;
        wrong.setValue(QStringLiteral("password"), QStringLiteral("not it"));
        QSignalSpy failed(&window, &MainWindow::connectionFailed);
        window.connectTo(wrong);
        QInputDialog *again = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QInputDialog *candidate :
                     window.findChildren<QInputDialog *>(QStringLiteral("passwordPrompt")))
                    if (candidate->isVisible())
                        again = candidate;
                return again != nullptr;
            }(),
            15'000);
        QVERIFY2(again->labelText().contains(QLatin1String("password")),
                 qPrintable(again->labelText()));
        again->reject();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(statusText(window), working);
        QCOMPARE(window.windowTitle(), title);
        QVERIFY(window.isConnected());

        ConnectionProfile missing = profile;
        missing.setValue(QStringLiteral("password"), QStringLiteral("open sesame"));
        missing.setValue(QStringLiteral("dbname"), QStringLiteral("bridge_missing"));
        window.connectTo(missing);
        QVERIFY(failed.wait(15'000));
        QCOMPARE(statusText(window), working);
        QCOMPARE(window.windowTitle(), title);
        QVERIFY(window.isConnected());
        if (auto *box = window.findChild<QMessageBox *>(QStringLiteral("connectionErrorBox")))
            box->accept();
        qunsetenv("PGPASSFILE");
        QVERIFY(cluster.stop());
    }

    void newerConnectionWinsOverAnOlderOne()
    {
        MainWindow window(*m_settings);
        ConnectionProfile slow = testProfile();
        slow.setValue(QStringLiteral("dbname"), QStringLiteral("bridge_missing"));
        QSignalSpy failed(&window, &MainWindow::connectionFailed);
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(slow);
        window.connectTo(testProfile()); // the user changed their mind at once
        QVERIFY(connected.wait(15'000));
        QCOMPARE(failed.count(), 0);
    }

    void aStandbysStatusBarFollowsItsPrimary()
    {
        if (const QString why = whyNoStandby(); !why.isEmpty())
            QSKIP(qPrintable(why));
        ScratchDir dir;
        LocalCluster primary(scratchClusterOptions(dir.path() + QStringLiteral("/primary")));
        QVERIFY(primary.start());
        LocalClusterOptions options
            = scratchClusterOptions(dir.path() + QStringLiteral("/standby"));
        options.standbyOf = primary.options().directory;
        LocalCluster standby(options);
        Result<ConnectionProfile> profile = standby.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));

        MainWindow window(*m_settings);
        window.resize(1144, 724);
        window.show();
        QSignalSpy connected(&window, &MainWindow::connected);
        window.connectTo(*profile);
        QVERIFY(connected.wait(15'000));
        // Streaming, caught up: the status bar says it is a standby, and its lag.
        QTRY_VERIFY_WITH_TIMEOUT(statusText(window).endsWith(QLatin1String("standby, replay lag "
                                                                           "0.0 s")),
                                 30'000);
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("viewTabs"));
        auto *health = window.findChild<HealthView *>(QStringLiteral("healthView"));
        tabs->setCurrentWidget(health);
        health->showPage(HealthView::Page::Replication);
        QTRY_VERIFY_WITH_TIMEOUT(
            health->replicationPane()->summary().contains(QLatin1String("read-only standby")),
            20'000);
        saveScreenshot(window, QStringLiteral("health-standby.png"));

        // The primary goes away: the status bar notices without a reconnect.
        QVERIFY(primary.stop());
        QTRY_VERIFY_WITH_TIMEOUT(
            statusText(window).endsWith(QLatin1String("not streaming from its primary")), 30'000);
        window.disconnectFromServer();
        QVERIFY(standby.stop());
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
