// The SQL console on a real server, with real widgets: the statement at the cursor and the
// whole script, results in grids and the rest in Messages, an error marked where the server
// points, notices in the order they came, a 10-million-row result scrolled to its last row with
// bounded memory, Cancel of a long statement, read-only until write mode, and the text kept
// per database across restarts.
#include "LockWait.h"
#include "Psql.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "console/ConsoleTabs.h"
#include "console/ConsoleView.h"
#include "console/HistoryDialog.h"
#include "console/QueryHistory.h"
#include "console/QueryResultRows.h"
#include "console/ResultsPane.h"
#include "console/SqlEditor.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/JsonTreeModel.h"
#include "data/JsonViewer.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QWindow>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_ConsoleView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QStandardPaths::setTestModeEnabled(true); // the history file, away from the user's
        QFile::remove(QueryHistory::defaultPath());
    }

    void init()
    {
        m_view = std::make_unique<ConsoleView>();
        m_view->resize(1100, 700);
        m_view->show();
        // Shortcuts reach an active window only; a display without a window manager (Xvfb)
        // activates none by itself.
        QTRY_VERIFY(m_view->windowHandle() && m_view->windowHandle()->isExposed());
        QApplication::setActiveWindow(m_view.get());
        m_view->useConnection(ConnectionContext { m_db.profile(), {} });
    }
    void cleanup() { m_view.reset(); }

    // Ctrl+Enter runs the statement the cursor is in, and only that one.
    void runsTheStatementAtTheCursor()
    {
        m_view->editor()->setText(QStringLiteral("SELECT 1 AS first;\n"
                                                 "SELECT g AS second, 'x;y' AS s\n"
                                                 "  FROM generate_series(1, 3) g;\n"
                                                 "SELECT 3 AS third;"));
        m_view->editor()->setCursorOffset(30); // inside the second statement
        QVERIFY(
            run([&] { QTest::keyClick(m_view->editor(), Qt::Key_Return, Qt::ControlModifier); }));
        QCOMPARE(m_view->results()->resultCount(), 1);
        QueryResultRows *rows = m_view->results()->resultRows(0);
        QCOMPARE(rows->totalRows(), 3);
        QVERIFY(rows->isCountExact());
        QCOMPARE(rows->table().columns[0].name, QStringLiteral("second"));
        QCOMPARE(rows->table().columns[0].type, QStringLiteral("integer"));
        QCOMPARE(*rows->rawValue(2, 0), QByteArray("3"));
        QCOMPARE(*rows->rawValue(2, 1), QByteArray("x;y"));
        DataGrid *grid = m_view->results()->resultGrid(0);
        QCOMPARE(grid->windowModel()->index(0, 1).data().toString(), QStringLiteral("x;y"));
        QVERIFY2(m_view->results()->messagesText().contains(QStringLiteral("line 2 · SELECT 3")),
                 qPrintable(m_view->results()->messagesText()));
    }

    // The whole script: one result tab per returning statement, a line for each statement,
    // semicolons inside quotes and comments left alone, and an error on line 7 marked there.
    void runsAScriptAndMarksItsError()
    {
        const QString script = QStringLiteral("SELECT 'a;b' AS one; -- a comment; here\n"
                                              "/* block; /* nested; */ */\n"
                                              "DO $$ BEGIN RAISE NOTICE 'done; really'; END $$;\n"
                                              "SELECT $q$;$q$ AS two;\n"
                                              "\n"
                                              "SELECT a,\n"
                                              "       nope FROM (SELECT 1 AS a) t;\n"
                                              "SELECT 'never run';\n");
        m_view->editor()->setText(script);
        QVERIFY(!run([&] { m_view->runScript(); }));
        QCOMPARE(m_view->results()->resultCount(), 2);
        const QString messages = m_view->results()->messagesText();
        QVERIFY2(messages.contains(QStringLiteral("NOTICE:  done; really")), qPrintable(messages));
        QVERIFY2(messages.contains(QStringLiteral(
                     "ERROR: line 7, column 8: column \"nope\" does not exist (SQLSTATE 42703)")),
                 qPrintable(messages));
        QVERIFY(!messages.contains(QStringLiteral("never run")));
        // The mark: the cursor stands on the word the server pointed at.
        QVERIFY(m_view->editor()->hasErrorMark());
        int line = 0, index = 0;
        m_view->editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 6);
        QCOMPARE(index, 7);
        saveScreenshot(*m_view, QStringLiteral("console-error.png"));
        // Typing takes the mark away.
        m_view->editor()->insert(QStringLiteral(" "));
        QVERIFY(!m_view->editor()->hasErrorMark());
    }

    // A NOTICE the server sends before the rows is shown before the statement's line.
    void noticesComeInOrder()
    {
        QVERIFY(m_view->setWriteMode(true));
        m_view->editor()->setText(QStringLiteral(
            "CREATE OR REPLACE FUNCTION noisy() RETURNS SETOF int LANGUAGE plpgsql AS $$\n"
            "BEGIN RAISE NOTICE 'before the rows'; RETURN QUERY SELECT 1; END $$;\n"
            "SELECT * FROM noisy();"));
        QVERIFY(run([&] { m_view->runScript(); }));
        const QString messages = m_view->results()->messagesText();
        const qsizetype notice = messages.indexOf(QStringLiteral("NOTICE:  before the rows"));
        const qsizetype select = messages.indexOf(QStringLiteral("SELECT 1"));
        QVERIFY2(notice >= 0 && select > notice, qPrintable(messages));
    }

    // Read-only until write mode: the server refuses the change and says why; in write mode a
    // transaction shows, and Rollback undoes it.
    void readOnlyUntilWriteMode()
    {
        QCOMPARE(m_view->modeText(), QStringLiteral("Read-only"));
        m_view->editor()->setText(QStringLiteral("CREATE TABLE console_written (id int);"));
        QVERIFY(!run([&] { m_view->runScript(); }));
        QVERIFY(m_view->results()->messagesText().contains(
            QStringLiteral("cannot execute CREATE TABLE in a read-only transaction")));

        QVERIFY(m_view->setWriteMode(true));
        QCOMPARE(m_view->modeText(), QStringLiteral("Write mode"));
        m_view->editor()->setText(QStringLiteral("BEGIN; CREATE TABLE console_written (id int); "
                                                 "INSERT INTO console_written VALUES (1), (2);"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QCOMPARE(m_view->transaction(), TransactionState::InTransaction);
        auto *state = m_view->findChild<QLabel *>(QStringLiteral("consoleState"));
        QVERIFY2(state->text().contains(QStringLiteral("in a transaction")),
                 qPrintable(state->text()));
        QVERIFY(m_view->results()->messagesText().contains(QStringLiteral("INSERT 0 2")));
        auto *rollback = m_view->findChild<QAction *>(QStringLiteral("consoleRollback"));
        QVERIFY(rollback->isEnabled());
        QVERIFY(run([&] { rollback->trigger(); }));
        QCOMPARE(m_view->transaction(), TransactionState::Idle);
        m_view->editor()->setText(
            QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'console_written'"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QCOMPARE(*m_view->results()->resultRows(0)->rawValue(0, 0), QByteArray("0"));
    }

    // In write mode, a DELETE without WHERE (or TRUNCATE, DROP) asks first; refused, nothing
    // runs and the rows are still there.
    void writeModeAsksBeforeChangingEveryRow()
    {
        QVERIFY(m_view->setWriteMode(true));
        m_view->editor()->setText(
            QStringLiteral("CREATE TABLE kept_rows AS SELECT g FROM generate_series(1, 10) g;"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QStringList questions;
        bool answer = false;
        m_view->setConfirmation([&](const QString &, const QString &text) {
            questions << text;
            return answer;
        });
        m_view->editor()->setText(QStringLiteral("SELECT 1;\nDELETE FROM kept_rows;"));
        QSignalSpy finished(m_view.get(), &ConsoleView::runFinished);
        m_view->runScript();
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(
                     QStringLiteral("line 2: DELETE without WHERE removes every row")),
                 qPrintable(questions.first()));
        QVERIFY(!m_view->isRunning());
        QVERIFY(m_view->results()->messagesText().contains(QStringLiteral("Not run")));
        m_view->editor()->setText(QStringLiteral("SELECT count(*) FROM kept_rows"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QCOMPARE(*m_view->results()->resultRows(0)->rawValue(0, 0), QByteArray("10"));
        // A WHERE, and there is no question.
        m_view->editor()->setText(QStringLiteral("DELETE FROM kept_rows WHERE g > 5"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QCOMPARE(questions.size(), 1);
        // Yes, and it runs.
        answer = true;
        m_view->editor()->setText(QStringLiteral("DROP TABLE kept_rows"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QCOMPARE(questions.size(), 2);
        QVERIFY(m_view->results()->messagesText().contains(QStringLiteral("DROP TABLE")));
    }

    // Completion from the live catalog, refreshed after DDL: Ctrl+Space offers the new table,
    // and choosing it writes its name, quoted as PostgreSQL needs.
    void completesFromTheLiveCatalog()
    {
        QSignalSpy ready(m_view.get(), &ConsoleView::completionCatalogReady);
        QVERIFY(m_view->hasCompletionCatalog() || ready.wait(20'000));
        QVERIFY(m_view->setWriteMode(true));
        m_view->editor()->setText(
            QStringLiteral("CREATE TABLE \"Completed Rows\" (id int, \"Note\" text)"));
        ready.clear();
        QVERIFY(run([&] { m_view->runScript(); }));
        QVERIFY(ready.wait(20'000)); // read again after the CREATE
        m_view->editor()->setText(QStringLiteral("SELECT * FROM complet"));
        m_view->editor()->setCursorOffset(21);
        QTest::keyClick(m_view->editor(), Qt::Key_Space, Qt::ControlModifier);
        const QList<CompletionCandidate> offered = m_view->editor()->offeredCompletions();
        QVERIFY(!offered.isEmpty());
        QCOMPARE(offered.first().text, QStringLiteral("\"Completed Rows\""));
        m_view->editor()->acceptCompletion(0);
        QCOMPARE(m_view->editor()->text(), QStringLiteral("SELECT * FROM \"Completed Rows\""));
        // After "alias." the table's columns.
        m_view->editor()->setText(QStringLiteral("SELECT c FROM \"Completed Rows\" c"));
        m_view->editor()->setCursorOffset(8);
        QTest::keyClick(m_view->editor(), Qt::Key_Period);
        QStringList columns;
        for (const CompletionCandidate &candidate : m_view->editor()->offeredCompletions())
            columns << candidate.text;
        QVERIFY2(columns.contains(QStringLiteral("\"Note\"")), qPrintable(columns.join(' ')));
        QVERIFY(columns.contains(QStringLiteral("id")));
    }

    // An open transaction is not dropped without a question: refused, the console keeps it.
    void disconnectingAsksAboutAnOpenTransaction()
    {
        QVERIFY(m_view->readyToDisconnect()); // nothing open: no question
        QVERIFY(m_view->setWriteMode(true));
        m_view->editor()->setText(QStringLiteral("BEGIN; SELECT 1;"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QStringList questions;
        bool answer = false;
        m_view->setConfirmation([&](const QString &, const QString &text) {
            questions << text;
            return answer;
        });
        QVERIFY(!m_view->readyToDisconnect());
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.first().contains(QStringLiteral("transaction open")));
        answer = true;
        QVERIFY(m_view->readyToDisconnect());
    }

    // A result's cells on the clipboard as the Data tab copies them, and the whole result to a
    // CSV file byte for byte as psql's \copy (query) to FILE csv header writes it.
    void copiesAndExportsAResult()
    {
        const QString query = QStringLiteral(
            "SELECT g, CASE g % 3 WHEN 0 THEN '' WHEN 1 THEN 'a,\"b' END AS s, "
            "E'two\\nlines' AS t, '{\"k\": [1]}'::jsonb AS doc FROM generate_series(1, 1000) g");
        m_view->editor()->setText(query);
        QVERIFY(run([&] { m_view->runScript(); }));
        DataGrid *grid = m_view->results()->resultGrid(0);
        grid->setCurrentCell(0, 0);
        QTest::keyClick(grid, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(grid, Qt::Key_Down, Qt::ShiftModifier);
        m_view->results()->copyResult(0, CopyFormat::Csv);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("g,s\n1,\"a,\"\"b\"\n2,\n"));
        QTemporaryDir dir;
        const QString ours = dir.filePath(QStringLiteral("ours.csv"));
        const QString theirs = dir.filePath(QStringLiteral("psql.csv"));
        QVERIFY2(m_view->results()->exportResult(0, ours).startsWith(QStringLiteral("Wrote 1,000")),
                 qPrintable(m_view->results()->exportResult(0, ours)));
        const PsqlRun psql = runPsql(
            m_db.profile(), QStringLiteral("\\copy (%1) to '%2' csv header").arg(query, theirs));
        QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
        QFile a(ours), b(theirs);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());

        // A jsonb cell opens in the JSONB viewer beside the grid; a text cell closes it.
        JsonViewer *json = m_view->results()->resultJson(0);
        QVERIFY(json->isHidden());
        QSignalSpy shown(json, &JsonViewer::documentShown);
        grid->setCurrentCell(4, 3);
        QVERIFY(shown.wait(10'000));
        QVERIFY(json->isVisible());
        QVERIFY(json->treeModel()->rowCount() > 0);
        // No "Filter rows with this value": the rows are the statement's.
        QVERIFY(json->findChild<QWidget *>(QStringLiteral("jsonFilter"))->isHidden());
        saveScreenshot(*m_view, QStringLiteral("console-json.png"));
        grid->setCurrentCell(4, 1);
        QVERIFY(json->isHidden());
    }

    // A header click sorts the rows the result holds (ascending, descending, then as they came),
    // without running the statement again; the header's arrow and the status line agree.
    void sortsAResultByAHeaderClick()
    {
        m_view->editor()->setText(
            QStringLiteral("SELECT g, (g * 7) % 10 AS d, CASE WHEN g % 4 = 0 THEN NULL ELSE g END "
                           "AS maybe FROM generate_series(1, 1000) g"));
        QVERIFY(run([&] { m_view->runScript(); }));
        QueryResultRows *rows = m_view->results()->resultRows(0);
        DataGrid *grid = m_view->results()->resultGrid(0);
        QHeaderView *header = grid->horizontalHeader();
        auto click = [&](int section) {
            QSignalSpy ordered(rows, &QueryResultRows::orderChanged);
            QTest::mouseClick(
                header->viewport(), Qt::LeftButton, {},
                QPoint(header->sectionViewportPosition(section) + 4, header->height() / 2));
            return !ordered.isEmpty() || ordered.wait(10'000);
        };
        auto shown = [&](int row, int column) {
            return grid->windowModel()->index(row, column).data().toString();
        };
        QVERIFY(click(1));
        QCOMPARE(shown(0, 1), QStringLiteral("0"));
        QCOMPARE(shown(0, 0), QStringLiteral("10")); // ties keep their order: 10 before 20
        QCOMPARE(shown(1, 0), QStringLiteral("20"));
        QCOMPARE(header->sortIndicatorSection(), 1);
        const QString status
            = m_view->results()->findChild<QLabel *>(QStringLiteral("resultStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("sorted by d \u2191")), qPrintable(status));
        QVERIFY(click(1));
        QCOMPARE(shown(0, 1), QStringLiteral("9"));
        saveScreenshot(*m_view, QStringLiteral("console-sorted.png"));
        // NULLs last ascending, first descending, as ORDER BY puts them.
        QVERIFY(click(2));
        QCOMPARE(*rows->rawValue(0, 2), QByteArray("1"));
        QVERIFY(!rows->rawValue(999, 2).has_value());
        QVERIFY(click(2));
        QVERIFY(!rows->rawValue(0, 2).has_value());
        QCOMPARE(*rows->rawValue(999, 2), QByteArray("1"));
        // Copy takes the rows as shown.
        grid->setCurrentCell(0, 0);
        m_view->results()->copyResult(0, CopyFormat::Tsv);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("4"));
        QVERIFY(click(2)); // the third click: as they came
        QCOMPARE(shown(0, 0), QStringLiteral("1"));
        QCOMPARE(header->sortIndicatorSection(), -1);
    }

    // History: what ran on this database, found with Ctrl+R and taken back into the editor.
    void historyFindsWhatRan()
    {
        ServerInfo server;
        server.host = QStringLiteral("history-host");
        server.database = m_db.name();
        m_view->useConnection(ConnectionContext { m_db.profile(), server });
        m_view->editor()->setText(QStringLiteral("SELECT 'found again' AS phrase;\nSELECT 2;"));
        QVERIFY(run([&] { m_view->runScript(); }));
        m_view->editor()->setText(QString());
        QTest::keyClick(m_view->editor(), Qt::Key_R, Qt::ControlModifier);
        auto *dialog = m_view->findChild<HistoryDialog *>(QStringLiteral("historyDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->list()->topLevelItemCount(), 2);
        dialog->searchBox()->setText(QStringLiteral("FOUND"));
        QCOMPARE(dialog->list()->topLevelItemCount(), 1);
        QCOMPARE(dialog->list()->topLevelItem(0)->text(4), QStringLiteral("SELECT 1"));
        QTest::keyClick(dialog->list(), Qt::Key_Return);
        QCOMPARE(m_view->editor()->text(), QStringLiteral("SELECT 'found again' AS phrase;\n"));
    }

    // After ->' the keys of the json column's data, the most frequent first, when they arrive
    // from the sample (typing never waits for them).
    void completesJsonKeysFromTheData()
    {
        QSignalSpy ready(m_view.get(), &ConsoleView::completionCatalogReady);
        QVERIFY(m_view->hasCompletionCatalog() || ready.wait(20'000));
        QVERIFY(m_view->setWriteMode(true));
        m_view->editor()->setText(QStringLiteral(
            "CREATE TABLE docs AS SELECT jsonb_build_object('priority', 'high', 'rare_'||g, g) "
            "|| CASE WHEN g % 2 = 0 THEN '{\"client\": {\"name\": \"x\"}}'::jsonb ELSE '{}' END "
            "AS doc FROM generate_series(1, 10) g"));
        ready.clear();
        QVERIFY(run([&] { m_view->runScript(); }));
        QVERIFY(ready.wait(20'000));
        m_view->editor()->setText(QStringLiteral("SELECT d.doc->'pr FROM docs d"));
        m_view->editor()->setCursorOffset(17); // right after "pr"
        QSignalSpy keys(m_view.get(), &ConsoleView::jsonKeysReady);
        QTest::keyClick(m_view->editor(), Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(keys.wait(20'000));
        const QList<CompletionCandidate> offered = m_view->editor()->offeredCompletions();
        QVERIFY(!offered.isEmpty());
        QCOMPARE(offered.first().text, QStringLiteral("priority'"));
        QCOMPARE(offered.first().kind, QStringLiteral("key"));
        m_view->editor()->acceptCompletion(0);
        QCOMPARE(m_view->editor()->text(), QStringLiteral("SELECT d.doc->'priority' FROM docs d"));
        // A path: the keys one level down.
        m_view->editor()->setText(QStringLiteral("SELECT doc->'client'->>' FROM docs"));
        m_view->editor()->setCursorOffset(24); // right after the quote
        keys.clear();
        QTest::keyClick(m_view->editor(), Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(keys.wait(20'000));
        QCOMPARE(m_view->editor()->offeredCompletions().value(0).text, QStringLiteral("name'"));
    }

    // 10 million rows: the first rows show while the rest stream, the last row is reachable,
    // and the client keeps a bounded number of blocks whatever the size.
    void aTenMillionRowResultScrollsToItsEnd()
    {
        m_view->editor()->setText(
            QStringLiteral("SELECT g, 'row ' || g AS label FROM generate_series(1, 10000000) g"));
        QSignalSpy finished(m_view.get(), &ConsoleView::runFinished);
        m_view->runScript();
        // The result tab opens with rows while the statement still runs.
        QTRY_VERIFY_WITH_TIMEOUT(m_view->results()->resultCount() == 1
                                     && m_view->results()->resultRows(0)->totalRows() > 0,
                                 20'000);
        QVERIFY(m_view->isRunning());
        QCOMPARE(*m_view->results()->resultRows(0)->rawValue(0, 1), QByteArray("row 1"));
        QVERIFY(finished.wait(300'000));
        QCOMPARE(finished.first().first().toBool(), true);
        QueryResultRows *rows = m_view->results()->resultRows(0);
        QCOMPARE(rows->totalRows(), 10'000'000);
        QVERIFY(rows->isCountExact());
        DataGrid *grid = m_view->results()->resultGrid(0);
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(grid->currentRow(), 9'999'999);
        const int viewRow = grid->windowModel()->viewRow(9'999'999);
        QVERIFY(viewRow >= 0);
        QCOMPARE(grid->windowModel()->index(viewRow, 1).data().toString(),
                 QStringLiteral("row 10000000"));
        // Rows from all over: the cache stays bounded.
        for (qint64 row = 0; row < 10'000'000; row += 77'777)
            QVERIFY(rows->rawValue(row, 0).has_value());
        QVERIFY2(rows->cachedBlockCount() <= 60,
                 qPrintable(QString::number(rows->cachedBlockCount())));
        saveScreenshot(*m_view, QStringLiteral("console.png"));
    }

    // Cancel stops the statement on the server and gives control back: one seen running
    // there, and one cancelled at once, before it may have reached the server (it cancels
    // itself once sent, and again until it ends: a cancel that arrives before the statement has
    // begun is dropped by the server).
    void cancelStopsALongStatement()
    {
        // The statement waits on a lock the test holds (its own workload, ended by Cancel or,
        // at the latest, by the holder going away with the test).
        QCOMPARE(runPsql(m_db.profile(),
                         QStringLiteral("CREATE TABLE IF NOT EXISTS cancel_target (id int)"))
                     .exitCode,
                 0);
        LockWait lock(m_db.profile(), QStringLiteral("cancel_target"));
        QVERIFY(lock.isValid());
        // Esc at once on a console that has not connected yet: the statement may not have
        // reached the server when the cancel is asked for.
        m_view->editor()->setText(
            QStringLiteral("SELECT count(*) FROM cancel_target AS running_for_cancel"));
        QSignalSpy finished(m_view.get(), &ConsoleView::runFinished);
        m_view->runScript();
        QTest::keyClick(m_view->editor(), Qt::Key_Escape);
        QVERIFY(finished.wait(20'000));
        QCOMPARE(finished.first().first().toBool(), false);
        const QString messages = m_view->results()->messagesText();
        QVERIFY2(messages.contains(QStringLiteral("canceling statement due to user request"))
                     || messages.contains(QStringLiteral("Cancelled before it was sent")),
                 qPrintable(messages));

        // Seen running on the server, then Esc.
        const qsizetype cancelledBefore = m_view->results()->messagesText().count(
            QStringLiteral("canceling statement due to user request"));
        finished.clear();
        m_view->runScript();
        QVERIFY(m_view->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(
            psqlColumn(m_db.profile(),
                       QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = "
                                      "'active' AND query LIKE '%running_for_cancel'")),
            QStringList { QStringLiteral("1") }, 20'000);
        QVERIFY(m_view->findChild<QAction *>(QStringLiteral("consoleCancel"))->isEnabled());
        QTest::keyClick(m_view->editor(), Qt::Key_Escape);
        QVERIFY(finished.wait(20'000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(m_view->results()->messagesText().count(
                     QStringLiteral("canceling statement due to user request"))
                     == cancelledBefore + 1,
                 qPrintable(m_view->results()->messagesText()));
        QVERIFY(!m_view->isRunning());
    }

    // Each tab's text is kept per database: the tabs are there again after a restart.
    void textIsKeptPerDatabase()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ServerInfo server;
        server.host = QStringLiteral("/tmp");
        server.port = QStringLiteral("5432");
        server.database = m_db.name();
        {
            ConsoleView view;
            view.useSettings(settings);
            view.useConnection(ConnectionContext { m_db.profile(), server });
            view.editor()->setText(QStringLiteral("SELECT 'kept';"));
            view.findChild<QToolButton *>(QStringLiteral("consoleNewTab"))->click();
            QCOMPARE(view.tabs()->count(), 2);
            view.editor()->setText(QStringLiteral("SELECT 'second tab';"));
        }
        ConsoleView again;
        again.useSettings(settings);
        again.useConnection(ConnectionContext { m_db.profile(), server });
        QCOMPARE(again.tabs()->texts(),
                 (QStringList { QStringLiteral("SELECT 'kept';"),
                                QStringLiteral("SELECT 'second tab';") }));
        QCOMPARE(again.editor()->text(), QStringLiteral("SELECT 'kept';"));
        // Closing a tab takes its text away; the last one is emptied, never removed.
        again.tabs()->closeEditor(1);
        again.tabs()->closeEditor(0);
        QCOMPARE(again.tabs()->texts(), QStringList { QString() });
        server.database = QStringLiteral("another");
        again.useConnection(ConnectionContext { m_db.profile(), server });
        QCOMPARE(again.editor()->text(), QString());
    }

    // Each tab runs its own text, and an error is marked in the tab it came from.
    void tabsRunTheirOwnText()
    {
        m_view->editor()->setText(QStringLiteral("SELECT 'first tab' AS t"));
        m_view->findChild<QToolButton *>(QStringLiteral("consoleNewTab"))->click();
        SqlEditor *second = m_view->editor();
        second->setText(QStringLiteral("SELECT nope_in_second"));
        QVERIFY(!run([&] { m_view->runScript(); }));
        QVERIFY(second->hasErrorMark());
        QVERIFY(!m_view->tabs()->editorAt(0)->hasErrorMark());
        m_view->tabs()->setCurrentIndex(0);
        QVERIFY(run([&] { m_view->runScript(); }));
        QCOMPARE(*m_view->results()->resultRows(0)->rawValue(0, 0), QByteArray("first tab"));
    }

    // A standby refuses write mode, in a sentence.
    void aStandbyRefusesWriteMode()
    {
        ServerInfo standby;
        standby.replication = QStringLiteral("standby, replay lag 0.0 s");
        m_view->useConnection(ConnectionContext { m_db.profile(), standby });
        QVERIFY(!m_view->setWriteMode(true));
        QCOMPARE(m_view->modeText(), QStringLiteral("Read-only"));
        QVERIFY(m_view->results()->messagesText().contains(QStringLiteral("standby")));
    }

private:
    // Runs and waits for the run to end; its success.
    template<typename Start> bool run(Start start)
    {
        QSignalSpy finished(m_view.get(), &ConsoleView::runFinished);
        start();
        if (!finished.wait(60'000))
            return false;
        return finished.first().first().toBool();
    }

    ScratchDatabase m_db { QStringLiteral("console_gui") };
    std::unique_ptr<ConsoleView> m_view;
};

QTEST_MAIN(tst_ConsoleView)
#include "tst_consoleview.moc"
