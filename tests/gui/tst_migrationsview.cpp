// The Migrations tab, offscreen, on real databases: apply all, roll back two, apply up to a
// version; a migration that fails halfway; the lock held by another connection; Cancel during a
// long migration. Set BRIDGESCOPE_SCREENSHOT_DIR to save the window mid-apply and after the
// failure (the README's screenshots).
#include "MainWindow.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"
#include "migrations/DriftPane.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationTableModel.h"
#include "migrations/MigrationsView.h"

#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QVariant scalar(const ConnectionProfile &profile, const QString &sql)
{
    Result<Session> session = Session::open(profile, {}, QStringLiteral("test-check"));
    if (!session)
        return {};
    QSqlQuery query(session->database());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

bool tableExists(const ConnectionProfile &profile, const QString &table)
{
    return scalar(profile, QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(table))
        .toBool();
}

// The bundled chain plus one more file, in a folder of its own.
void bundledChainPlus(const QString &directory, const QString &name, const QByteArray &sql)
{
    const QDir bundled(MigrationSet::bundledDirectory());
    for (const QString &file : bundled.entryList({ QStringLiteral("*.sql") })) {
        QFile source(bundled.filePath(file));
        QVERIFY(source.open(QIODevice::ReadOnly));
        writeFile(directory, file, source.readAll());
    }
    writeFile(directory, name, sql);
}

} // namespace

class tst_MigrationsView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QString m_lastQuestion;

    static QPushButton *button(QWidget &view, const char *name)
    {
        return view.findChild<QPushButton *>(QLatin1String(name));
    }
    static QString text(QWidget &view, const char *name)
    {
        return view.findChild<QPlainTextEdit *>(QLatin1String(name))->toPlainText();
    }
    void prepare(MigrationsView &view)
    {
        view.setConfirmation([this](const QString &, const QString &question) {
            m_lastQuestion = question;
            return true;
        });
    }
    static int version(MigrationsView &view) { return view.model().status().currentVersion; }
    // The real window, connected, showing its Migrations tab on the given folder.
    MigrationsView *openOnMigrations(MainWindow &window, const QString &directory,
                                     const ConnectionProfile &profile)
    {
        window.resize(1180, 720);
        window.show();
        auto *view = window.findChild<MigrationsView *>(QStringLiteral("migrationsView"));
        prepare(*view);
        view->setDirectory(directory);
        window.findChild<QTabWidget *>(QStringLiteral("viewTabs"))->setCurrentWidget(view);
        window.connectTo(profile);
        return view;
    }

private slots:
    void applyAllRollBackTwoApplyUpToAVersion()
    {
        ScratchDatabase db(QStringLiteral("guiapply"));
        MigrationsView view;
        prepare(view);
        view.resize(1000, 640);
        view.show();
        QSignalSpy shown(&view, &MigrationsView::snapshotShown);
        view.setConnection(db.profile());
        QVERIFY(shown.wait(20'000));
        QCOMPARE(view.model().rowCount(), 19);
        QCOMPARE(view.model().status().count(MigrationState::Pending), 19);
        QVERIFY(!button(view, "rollbackLastButton")->isEnabled());
        QCOMPARE(button(view, "rollbackLastButton")->toolTip(),
                 QStringLiteral("Nothing is applied."));

        QVERIFY(button(view, "applyAllButton")->isEnabled());
        QTest::mouseClick(button(view, "applyAllButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 19, 30'000);
        QCOMPARE(view.model().status().count(MigrationState::Applied), 19);
        QVERIFY2(text(view, "logEdit").contains(QStringLiteral("✔ 019 done")),
                 qPrintable(text(view, "logEdit").right(400)));
        QVERIFY(tableExists(db.profile(), QStringLiteral("router_performance_metrics")));

        // Roll back two, each asking first and naming what it drops.
        QTest::mouseClick(button(view, "rollbackLastButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 18, 30'000);
        QVERIFY2(
            m_lastQuestion.contains(QLatin1String("table router_performance_metrics and its rows")),
            qPrintable(m_lastQuestion));
        // The drift line checked before the rollback is not shown as the database's state now.
        const QString drift = view.findChild<QLabel *>(QStringLiteral("driftLabel"))->text();
        QVERIFY2(!drift.contains(QLatin1String("19 applied")), qPrintable(drift));
        QVERIFY2(drift.contains(QLatin1String("since the last run")), qPrintable(drift));
        QTest::mouseClick(button(view, "rollbackLastButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 17, 30'000);
        QVERIFY(!tableExists(db.profile(), QStringLiteral("agent_transformation_events")));
        QVERIFY(tableExists(db.profile(), QStringLiteral("agent_definitions")));

        // An applied row cannot be applied again; a pending one can be applied up to.
        view.selectVersion(5);
        QVERIFY(!button(view, "applyToSelectedButton")->isEnabled());
        QCOMPARE(button(view, "applyToSelectedButton")->toolTip(),
                 QStringLiteral("005 is already applied."));
        view.selectVersion(18);
        QVERIFY(button(view, "applyToSelectedButton")->isEnabled());
        QTest::mouseClick(button(view, "applyToSelectedButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 18, 30'000);
        const MigrationStatusRow *nineteen = view.model().status().row(19);
        QCOMPARE(nineteen->state, MigrationState::Pending);
        QVERIFY(tableExists(db.profile(), QStringLiteral("agent_transformation_events")));
        QVERIFY(!tableExists(db.profile(), QStringLiteral("router_performance_metrics")));
        QCOMPARE(scalar(db.profile(),
                        QStringLiteral("SELECT count(*) FROM bridgescope.schema_history "
                                       "WHERE action = 'rollback'"))
                     .toInt(),
                 2);

        // Rolling back to the selected one rolls back everything after it.
        view.selectVersion(16);
        QTest::mouseClick(button(view, "rollbackToSelectedButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 16, 30'000);
        QVERIFY(!tableExists(db.profile(), QStringLiteral("agent_definitions")));
    }

    // A database with tables of its own, none of the bridge's and no history: the tab says so,
    // and applying asks, naming what it would create there; a No leaves it as it was.
    void aStrangersDatabaseIsNamedAndApplyingAsks()
    {
        ScratchDatabase db(QStringLiteral("guistranger"));
        QVERIFY(execSql(QStringLiteral("CREATE SCHEMA shop; CREATE TABLE shop.orders (id int); "
                                       "CREATE TABLE customers (id int)"),
                        db.profile()));
        MigrationsView view;
        QStringList titles;
        bool answer = false;
        view.setConfirmation([&](const QString &title, const QString &question) {
            titles << title;
            m_lastQuestion = question;
            return answer;
        });
        view.resize(1000, 640);
        view.show();
        QSignalSpy shown(&view, &MigrationsView::snapshotShown);
        view.setConnection(db.profile());
        QVERIFY(shown.wait(20'000));
        const QString label = view.findChild<QLabel *>(QStringLiteral("versionLabel"))->text();
        QVERIFY2(label.contains(QLatin1String("Not one of BridgeScope's")), qPrintable(label));

        QTest::mouseClick(button(view, "applyAllButton"), Qt::LeftButton);
        QCOMPARE(titles, QStringList { QStringLiteral("Apply to %1").arg(db.name()) });
        QVERIFY2(m_lastQuestion.contains(
                     QLatin1String("holds 2 tables of its own (in 2 schemas) and none of the "
                                   "OmniNode Bridge tables")),
                 qPrintable(m_lastQuestion));
        QVERIFY(text(view, "logEdit").contains(QLatin1String("nothing applied")));
        QVERIFY(!tableExists(db.profile(), QStringLiteral("workflow_executions")));
        QCOMPARE(version(view), 0);

        answer = true;
        QTest::mouseClick(button(view, "applyNextButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 1, 30'000);
        QCOMPARE(titles.size(), 2);
        // From then on it is one of ours: the rest applies without asking.
        QTRY_VERIFY(!view.findChild<QLabel *>(QStringLiteral("versionLabel"))
                         ->text()
                         .contains(QLatin1String("Not one of BridgeScope's")));
        QTest::mouseClick(button(view, "applyAllButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 19, 30'000);
        QCOMPARE(titles.size(), 2);
    }

    void aRefreshShowsTheFolderAsItIsWhenAsked()
    {
        // A run ends with a refresh of its own; a user who edits a file and clicks Refresh then
        // must not be shown the older answer (the cause of a flaky dryRunVerify… below).
        ScratchDatabase db(QStringLiteral("guirefresh"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_t.sql"), "CREATE TABLE t (a int);\n");
        writeFile(dir.path(), QStringLiteral("001_rollback_t.sql"), "DROP TABLE t;\n");
        MigrationsView view;
        prepare(view);
        view.show();
        view.setDirectory(dir.path());
        QSignalSpy shown(&view, &MigrationsView::snapshotShown);
        view.setConnection(db.profile());
        QVERIFY(shown.wait(20'000));
        QCOMPARE(view.model().rowCount(), 1);

        for (int round = 2; round <= 6; ++round) {
            shown.clear();
            QTest::mouseClick(button(view, "refreshButton"), Qt::LeftButton);
            writeFile(dir.path(), QStringLiteral("%1_m.sql").arg(round, 3, 10, QLatin1Char('0')),
                      "SELECT 1;\n");
            QTest::mouseClick(button(view, "refreshButton"), Qt::LeftButton);
            QVERIFY(shown.wait(20'000));
            QCOMPARE(view.model().rowCount(), round);
        }
    }

    void dryRunVerifyAndAcceptingAChangedFile()
    {
        ScratchDatabase db(QStringLiteral("guidry"));
        ScratchDir dir;
        writeFile(dir.path(), QStringLiteral("001_t.sql"), "CREATE TABLE t (a int);\n");
        writeFile(dir.path(), QStringLiteral("001_rollback_t.sql"), "DROP TABLE t;\n");
        writeFile(dir.path(), QStringLiteral("002_u.sql"), "CREATE TABLE u (a int);\n");
        writeFile(dir.path(), QStringLiteral("002_rollback_u.sql"), "DROP TABLE u;\n");
        MigrationsView view;
        prepare(view);
        view.show();
        view.setDirectory(dir.path());
        QSignalSpy shown(&view, &MigrationsView::snapshotShown);
        QSignalSpy schemaChanged(&view, &MigrationsView::schemaChanged);
        view.setConnection(db.profile());
        QVERIFY(shown.wait(20'000));

        // A dry run executes and rolls back: nothing changes, nothing is recorded.
        QSignalSpy ended(&view, &MigrationsView::runEnded);
        view.selectVersion(2);
        QVERIFY2(button(view, "dryRunButton")->isEnabled(),
                 qPrintable(view.findChild<QLabel *>(QStringLiteral("versionLabel"))->text()));
        QTest::mouseClick(button(view, "dryRunButton"), Qt::LeftButton);
        QVERIFY(ended.wait(20'000));
        QVERIFY2(text(view, "logEdit")
                     .contains(QLatin1String(
                         "Dry run: 2 migrations ran and rolled back; nothing changed")),
                 qPrintable(text(view, "logEdit")));
        QVERIFY(!tableExists(db.profile(), QStringLiteral("t")));
        QCOMPARE(schemaChanged.count(), 0);

        // Verify round trip, in a scratch database of its own.
        QTest::mouseClick(button(view, "verifyButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QVERIFY2(
            text(view, "verifyEdit").contains(QLatin1String("Round trip passed: 2 migrations")),
            qPrintable(text(view, "verifyEdit")));

        // Apply, then edit an applied file: Apply is blocked until the change is accepted.
        QTest::mouseClick(button(view, "applyAllButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 2, 20'000);
        // The table shows each migration as it commits (a refresh of its own); the schema is
        // announced once the whole run has ended, which may come a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(schemaChanged.count(), 1, 20'000);
        writeFile(dir.path(), QStringLiteral("001_t.sql"), "CREATE TABLE t (a bigint);\n");
        writeFile(dir.path(), QStringLiteral("003_v.sql"), "CREATE TABLE v (a int);\n");
        shown.clear();
        QTest::mouseClick(button(view, "refreshButton"), Qt::LeftButton);
        QVERIFY(shown.wait(20'000));
        QCOMPARE(view.model().status().row(1)->state, MigrationState::Changed);
        QVERIFY(!button(view, "applyAllButton")->isEnabled());
        QVERIFY(button(view, "applyAllButton")->toolTip().contains(QLatin1String("changed")));
        auto *accept = view.findChild<QCheckBox *>(QStringLiteral("acceptChangedCheck"));
        QVERIFY(!accept->isHidden());
        accept->setChecked(true); // the confirmation says yes
        QVERIFY(button(view, "applyAllButton")->isEnabled());
        QTest::mouseClick(button(view, "applyAllButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 3, 20'000);
        QVERIFY(tableExists(db.profile(), QStringLiteral("v")));
    }

    void failingMigrationIsShownAndLeavesTheDatabaseAsItWas()
    {
        ScratchDatabase db(QStringLiteral("guifail"));
        ScratchDir dir;
        bundledChainPlus(dir.path(), QStringLiteral("020_backfill_stamp_sizes.sql"),
                         "-- fills file sizes from stamp_data, in one transaction\n"
                         "ALTER TABLE metadata_stamps ADD COLUMN size_bytes BIGINT;\n"
                         "UPDATE metadata_stamps SET size_bytes = (stamp_data->>'size')::bigint;\n"
                         "CREATE INDEX idx_metadata_stamps_size ON metadata_stamps (size_byte);\n");
        QSettings settings(m_settingsDir.filePath(QStringLiteral("fail.ini")),
                           QSettings::IniFormat);
        MainWindow window(settings);
        MigrationsView *view = openOnMigrations(window, dir.path(), db.profile());
        QTRY_COMPARE_WITH_TIMEOUT(view->model().rowCount(), 20, 20'000);

        QSignalSpy ended(view, &MigrationsView::runEnded);
        QTest::mouseClick(button(*view, "applyAllButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(view->model().status().row(20)->state, MigrationState::Failed,
                                  20'000);
        const QString log = text(*view, "logEdit");
        QVERIFY2(log.contains(QLatin1String("020_backfill_stamp_sizes.sql, line 4: Column "
                                            "\"size_byte\" does not exist (SQLSTATE 42703).")),
                 qPrintable(log));
        QVERIFY(view->findChild<QLabel *>(QStringLiteral("runStatusLabel"))
                    ->text()
                    .contains(QLatin1String("the database is as it was before it")));
        QCOMPARE(version(*view), 19);
        QCOMPARE(scalar(db.profile(),
                        QStringLiteral("SELECT count(*) FROM pg_attribute WHERE "
                                       "attrelid = 'metadata_stamps'::regclass AND "
                                       "attname = 'size_bytes'"))
                     .toInt(),
                 0);
        view->selectVersion(20);
        saveScreenshot(window, QStringLiteral("migrations-failed.png"));
    }

    // Roles with few rights: one that may not see the history is told so and offered nothing to
    // run; one that may read it but owns nothing sees the status, and a rollback it may not do
    // is refused in a sentence with the database and the history as they were.
    void aRoleWithFewRightsIsToldWhatItMayNotDo()
    {
        ScratchDatabase db(QStringLiteral("guirights"));
        QVERIFY(applyBundledMigrations(db.profile()));
        ScratchRole stranger(QStringLiteral("migrations_stranger"));
        ScratchRole reader(QStringLiteral("migrations_reader"));
        QVERIFY(reader.grant(QStringLiteral("GRANT USAGE ON SCHEMA bridgescope TO %1;"
                                            "GRANT SELECT ON ALL TABLES IN SCHEMA bridgescope "
                                            "TO %1"),
                             db.profile()));
        const QString history = QStringLiteral("SELECT count(*) FROM bridgescope.schema_history");
        const int historyBefore = scalar(db.profile(), history).toInt();

        MigrationsView view;
        prepare(view);
        view.resize(1000, 640);
        view.show();
        QSignalSpy shown(&view, &MigrationsView::snapshotShown);
        view.setConnection(stranger.profile(db.profile()));
        auto *versionLabel = view.findChild<QLabel *>(QStringLiteral("versionLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(versionLabel->text().contains(
                                     QLatin1String("Permission denied for schema bridgescope")),
                                 20'000);
        QVERIFY2(versionLabel->text().contains(QLatin1String("GRANT USAGE ON SCHEMA bridgescope")),
                 qPrintable(versionLabel->text()));
        QVERIFY(!button(view, "applyAllButton")->isEnabled());
        QVERIFY(!button(view, "rollbackLastButton")->isEnabled());
        saveScreenshot(view, QStringLiteral("migrations-permission-denied.png"));
        // Granted the right, Refresh reads the history.
        QVERIFY(stranger.grant(QStringLiteral("GRANT USAGE ON SCHEMA bridgescope TO %1;"
                                              "GRANT SELECT ON ALL TABLES IN SCHEMA bridgescope "
                                              "TO %1"),
                               db.profile()));
        QVERIFY(button(view, "refreshButton")->isEnabled());
        QTest::mouseClick(button(view, "refreshButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 19, 20'000);

        view.setConnection(reader.profile(db.profile()));
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 19, 20'000);
        QSignalSpy ended(&view, &MigrationsView::runEnded);
        QTest::mouseClick(button(view, "rollbackLastButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        const QString log = text(view, "logEdit");
        QVERIFY2(log.contains(
                     QLatin1String("only its owner (a member of the owning role) or a superuser")),
                 qPrintable(log.right(600)));
        QTRY_COMPARE_WITH_TIMEOUT(version(view), 19, 20'000);
        QVERIFY(tableExists(db.profile(), QStringLiteral("router_performance_metrics")));
        QCOMPARE(scalar(db.profile(), history).toInt(), historyBefore);
        saveScreenshot(view, QStringLiteral("migrations-not-owner.png"));
    }

    void lockHeldByAnotherConnectionIsShownUntilReleased()
    {
        ScratchDatabase db(QStringLiteral("guilock"));
        SessionOptions writable;
        writable.mode = AccessMode::ReadWrite;
        auto holder = std::make_unique<Result<Session>>(
            Session::open(db.profile(), writable, QStringLiteral("other-runner")));
        QVERIFY(*holder);
        QVERIFY(executeStatement(**holder,
                                 QStringLiteral("SELECT pg_advisory_lock(%1, %2)")
                                     .arg(kMigrationLockClass)
                                     .arg(kMigrationLockObject)));
        const int pid = scalar(db.profile(),
                               QStringLiteral("SELECT pid FROM pg_stat_activity WHERE "
                                              "application_name = 'bridgescope' AND pid <> "
                                              "pg_backend_pid() AND datname = current_database() "
                                              "LIMIT 1"))
                            .toInt();

        MigrationsView view;
        prepare(view);
        view.controller().setLockPollInterval(100);
        QSignalSpy shown(&view, &MigrationsView::snapshotShown);
        view.setConnection(db.profile());
        QVERIFY(shown.wait(20'000));
        auto *banner = view.findChild<QLabel *>(QStringLiteral("lockBanner"));
        QVERIFY(!banner->isHidden());
        QVERIFY2(banner->text().contains(QStringLiteral("process %1").arg(pid)),
                 qPrintable(banner->text()));

        holder.reset(); // the other runner disconnects: the server releases its lock
        QTRY_VERIFY_WITH_TIMEOUT(banner->isHidden(), 20'000);
    }

    void cancelDuringALongMigrationRollsItBack()
    {
        ScratchDatabase db(QStringLiteral("guicancel"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(execSql(QStringLiteral("INSERT INTO event_logs (event_type, payload) "
                                       "VALUES ('x', '{}')"),
                        db.profile()));
        ScratchDir dir;
        // A long data migration: slow where there is data, quick in the drift check's empty
        // database.
        bundledChainPlus(dir.path(), QStringLiteral("020_rebuild_event_payloads.sql"),
                         "CREATE TABLE event_payload_archive (LIKE event_logs);\n"
                         "SELECT pg_sleep(120) FROM event_logs LIMIT 1;\n");
        QSettings settings(m_settingsDir.filePath(QStringLiteral("cancel.ini")),
                           QSettings::IniFormat);
        MainWindow window(settings);
        MigrationsView *view = openOnMigrations(window, dir.path(), db.profile());
        QTRY_VERIFY2_WITH_TIMEOUT(
            view->model().rowCount() == 20,
            qPrintable(window.findChild<QLabel *>(QStringLiteral("connectionLabel"))->text()),
            20'000);

        QTest::mouseClick(button(*view, "applyAllButton"), Qt::LeftButton);
        // Wait until the server is really running the long statement, so the cancel hits it.
        QTRY_VERIFY_WITH_TIMEOUT(scalar(db.profile(),
                                        QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                                       "WHERE query LIKE 'SELECT pg_sleep(120)%' "
                                                       "AND state = 'active' "
                                                       "AND datname = current_database()"))
                                         .toInt()
                                     == 1,
                                 30'000);
        QTRY_VERIFY(view->model()
                        .data(view->model().index(19, MigrationTableModel::State))
                        .toString()
                        .startsWith(QLatin1String("running")));
        saveScreenshot(window, QStringLiteral("migrations-applying.png"));

        QSignalSpy ended(view, &MigrationsView::runEnded);
        QVERIFY(button(*view, "cancelButton")->isEnabled());
        QTest::mouseClick(button(*view, "cancelButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(version(*view), 19, 20'000); // the refreshed snapshot
        QCOMPARE(view->model().status().row(20)->state, MigrationState::Pending);
        QVERIFY(!tableExists(db.profile(), QStringLiteral("event_payload_archive")));
        QVERIFY(text(*view, "logEdit").contains(QLatin1String("The query was cancelled")));
        QVERIFY(view->findChild<QLabel *>(QStringLiteral("runStatusLabel"))
                    ->text()
                    .startsWith(QLatin1String("Cancelled: 020_rebuild_event_payloads.sql was "
                                              "rolled back")));
    }

    void checkForDriftNamesAHandMadeChangeWithItsSql()
    {
        ScratchDatabase db(QStringLiteral("guidrift"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(execSql(QStringLiteral("CREATE INDEX hand_made_idx ON workflow_steps (status);"
                                       "ALTER TABLE bridge_states DROP COLUMN node_type;"
                                       "COMMENT ON TABLE event_logs IS 'edited in production'"),
                        db.profile()));
        QSettings settings(m_settingsDir.filePath(QStringLiteral("drift.ini")),
                           QSettings::IniFormat);
        MainWindow window(settings);
        MigrationsView *view
            = openOnMigrations(window, MigrationSet::bundledDirectory(), db.profile());
        QTRY_COMPARE_WITH_TIMEOUT(version(*view), 19, 20'000);
        auto *driftLabel = view->findChild<QLabel *>(QStringLiteral("driftLabel"));
        QVERIFY(driftLabel->text().startsWith(QLatin1String("Drift not checked")));

        QSignalSpy ended(view, &MigrationsView::runEnded);
        QTRY_VERIFY(button(*view, "driftButton")->isEnabled());
        QTest::mouseClick(button(*view, "driftButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QVERIFY2(driftLabel->text().contains(QLatin1String("<b>4 differences</b>")),
                 qPrintable(driftLabel->text()));
        auto *pane = view->findChild<DriftPane *>(QStringLiteral("driftPane"));
        QCOMPARE(view->findChild<QTabWidget *>(QStringLiteral("detailTabs"))->currentWidget(),
                 pane);
        QTreeWidget *list = pane->findingList();
        QCOMPARE(list->topLevelItemCount(), 4);
        QStringList rows;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            rows << list->topLevelItem(i)->text(0) + QLatin1Char(' ')
                    + list->topLevelItem(i)->text(1);
        QVERIFY2(rows.contains(QLatin1String("in the migrations only column "
                                             "public.bridge_states.node_type")),
                 qPrintable(rows.join(QLatin1Char('\n'))));
        QVERIFY(rows.contains(QLatin1String("in the database only index public.hand_made_idx")));
        QVERIFY(rows.contains(QLatin1String("different comment table public.event_logs")));
        // The column's index is gone with it, and named on its own.
        QVERIFY(rows.contains(
            QLatin1String("in the migrations only index public.idx_bridge_states_node_type")));
        // The dropped column's comment is folded under it.
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            if (list->topLevelItem(i)->text(1).startsWith(QLatin1String("column ")))
                QCOMPARE(list->topLevelItem(i)->child(0)->text(1),
                         QStringLiteral("comment table column public.bridge_states.node_type"));
        }
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            if (list->topLevelItem(i)->text(1) == QLatin1String("index public.hand_made_idx"))
                list->setCurrentItem(list->topLevelItem(i));
        }
        const QString sql = pane->sqlView()->toPlainText();
        QVERIFY2(sql.contains(QLatin1String("DROP INDEX IF EXISTS public.hand_made_idx;")),
                 qPrintable(sql));
        QVERIFY(sql.contains(QLatin1String(
            "CREATE INDEX hand_made_idx ON public.workflow_steps USING btree (status);")));
        // Shown, never run: the index is still there.
        QCOMPARE(
            scalar(db.profile(), QStringLiteral("SELECT to_regclass('hand_made_idx') IS NOT NULL"))
                .toBool(),
            true);
        saveScreenshot(window, QStringLiteral("migrations-drift.png"));
    }

    void applyAsksFirstWhenDriftTouchesWhatItChanges()
    {
        ScratchDatabase db(QStringLiteral("guidrifttouch"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QVERIFY(execSql(QStringLiteral("CREATE INDEX hand_made_idx ON workflow_steps (status)"),
                        db.profile()));
        ScratchDir dir;
        bundledChainPlus(dir.path(), QStringLiteral("020_steps_retries.sql"),
                         "ALTER TABLE workflow_steps ADD COLUMN retries int NOT NULL DEFAULT 0;\n");
        QSettings settings(m_settingsDir.filePath(QStringLiteral("drifttouch.ini")),
                           QSettings::IniFormat);
        MainWindow window(settings);
        MigrationsView *view = openOnMigrations(window, dir.path(), db.profile());
        QTRY_COMPARE_WITH_TIMEOUT(view->model().rowCount(), 20, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(version(*view), 19, 20'000);

        // Declined: nothing runs, and the status says why.
        QStringList questions;
        bool answer = false;
        view->setConfirmation([&](const QString &, const QString &question) {
            questions << question;
            return answer;
        });
        QSignalSpy ended(view, &MigrationsView::runEnded);
        QTest::mouseClick(button(*view, "applyAllButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(QLatin1String("020 steps retries")),
                 qPrintable(questions.first()));
        QVERIFY(questions.first().contains(
            QLatin1String("in the database, not in the migrations: index public.hand_made_idx")));
        QVERIFY(view->findChild<QLabel *>(QStringLiteral("runStatusLabel"))
                    ->text()
                    .startsWith(QLatin1String("Not run")));
        QCOMPARE(view->model().status().row(20)->state, MigrationState::Pending);

        // Accepted: it runs.
        answer = true;
        QTest::mouseClick(button(*view, "applyAllButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(version(*view), 20, 30'000);
        QCOMPARE(questions.size(), 2);
        QVERIFY(text(*view, "logEdit").contains(QStringLiteral("✔ 020 done")));
    }

    void cancelDuringTheDriftCheckRunsNothing()
    {
        ScratchDatabase db(QStringLiteral("guidriftcancel"));
        QVERIFY(applyBundledMigrations(db.profile()));
        ScratchDir dir;
        // Slow anywhere, the empty database too: the check before the run waits on it.
        bundledChainPlus(dir.path(), QStringLiteral("020_wait.sql"),
                         "CREATE TABLE waited (a int);\nSELECT pg_sleep(120);\n");
        QSettings settings(m_settingsDir.filePath(QStringLiteral("driftcancel.ini")),
                           QSettings::IniFormat);
        MainWindow window(settings);
        MigrationsView *view = openOnMigrations(window, dir.path(), db.profile());
        QTRY_COMPARE_WITH_TIMEOUT(view->model().rowCount(), 20, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(version(*view), 19, 20'000);

        QTest::mouseClick(button(*view, "applyAllButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            scalar(db.profile(),
                   QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                  "WHERE query LIKE 'SELECT pg_sleep(120)%' "
                                  "AND state = 'active' "
                                  "AND datname LIKE 'bridgescope\\_drift\\_%'"))
                    .toInt()
                == 1,
            30'000);
        // The stage's signal is queued: it may arrive just after the server started the sleep.
        auto *status = view->findChild<QLabel *>(QStringLiteral("runStatusLabel"));
        QTRY_VERIFY2(status->text().startsWith(QLatin1String("Drift: try 020")),
                     qPrintable(status->text()));
        QSignalSpy ended(view, &MigrationsView::runEnded);
        QTest::mouseClick(button(*view, "cancelButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QCOMPARE(view->findChild<QLabel *>(QStringLiteral("runStatusLabel"))->text(),
                 QStringLiteral("Cancelled before running: nothing was run."));
        QCOMPARE(view->model().status().row(20)->state, MigrationState::Pending);
        QVERIFY(!tableExists(db.profile(), QStringLiteral("waited")));
        QCOMPARE(scalar(db.profile(),
                        QStringLiteral("SELECT count(*) FROM pg_database WHERE "
                                       "datname LIKE 'bridgescope\\_drift\\_%'"))
                     .toInt(),
                 0);
    }
};

QTEST_MAIN(tst_MigrationsView)
#include "tst_migrationsview.moc"
