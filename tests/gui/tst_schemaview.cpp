// The Schema tab on a real server with real widgets: the bundled schema is drawn; search,
// focus, drag (the edges follow, the place is remembered), refresh after someone else changed
// the schema, and export. Set BRIDGESCOPE_SCREENSHOT_DIR to save the README's screenshot.
#include "MainWindow.h"
#include "Psql.h"
#include "Screenshot.h"
#include "SvgFile.h"
#include "TestDatabase.h"
#include "diagram/DiagramScene.h"
#include "diagram/DiagramView.h"
#include "diagram/EdgeItem.h"
#include "diagram/SchemaView.h"
#include "diagram/TableItem.h"
#include "migrations/MigrationsView.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// Sends a real press-move-release through the view's viewport, as a mouse would.
void drag(DiagramView &view, QPointF fromScene, QPointF toScene)
{
    QWidget *viewport = view.viewport();
    const QPointF from = view.mapFromScene(fromScene);
    const QPointF to = view.mapFromScene(toScene);
    const auto send = [&](QEvent::Type type, QPointF at, Qt::MouseButtons buttons) {
        QMouseEvent event(type, at, viewport->mapToGlobal(at), Qt::LeftButton, buttons,
                          Qt::NoModifier);
        QApplication::sendEvent(viewport, &event);
    };
    send(QEvent::MouseButtonPress, from, Qt::LeftButton);
    for (int step = 1; step <= 5; ++step)
        send(QEvent::MouseMove, from + (to - from) * step / 5.0, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, to, Qt::NoButton);
}

} // namespace

class tst_SchemaView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

    QSettings settings(const QString &name)
    {
        return QSettings(m_settingsDir.filePath(name + QStringLiteral(".ini")),
                         QSettings::IniFormat);
    }

    // The diagram may be ready before the call returns (remembered positions need no layout)
    // or later (Graphviz runs on a thread): either counts.
    static bool becameReady(QSignalSpy &ready) { return !ready.isEmpty() || ready.wait(30'000); }

private slots:
    void searchFocusDragRefreshExport()
    {
        ScratchDatabase db(QStringLiteral("guischema"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QSettings store = settings(QStringLiteral("drag"));
        SchemaView view(store);
        view.resize(1200, 800);
        view.show();
        QSignalSpy ready(&view, &SchemaView::diagramReady);
        view.setConnection(db.profile(), db.name());
        QVERIFY(ready.wait(30'000));
        DiagramScene *scene = view.scene();
        QCOMPARE(scene->tables().size(), 10);
        QCOMPARE(scene->edges().size(), 4);
        QVERIFY2(view.statusText().contains(QLatin1String("10 tables, 4 foreign keys")),
                 qPrintable(view.statusText()));

        // The CASCADE and SET NULL edges are there, in different colours.
        const EdgeItem *cascade = nullptr;
        for (const EdgeItem *edge : scene->edges()) {
            if (edge->key().fromTable == QLatin1String("workflow_steps"))
                cascade = edge;
        }
        QVERIFY(cascade);
        QCOMPARE(cascade->key().onDelete, QStringLiteral("CASCADE"));
        // Each key's action is written on it above the boxes: no box covers the words.
        int labels = 0;
        for (const EdgeItem *edge : scene->edges()) {
            if (edge->key().onDelete == QLatin1String("NO ACTION"))
                continue;
            QVERIFY(edge->label());
            QCOMPARE(edge->label()->text(), edge->key().onDelete);
            QCOMPARE(edge->label()->scene(), scene);
            for (const TableItem *table : scene->tables())
                QVERIFY(edge->label()->zValue() > table->zValue());
            ++labels;
        }
        QVERIFY(labels >= 2); // CASCADE and SET NULL

        // Search: a column name finds the tables that have it; Enter selects the next one.
        view.setSearchText(QStringLiteral("workflow_id"));
        view.findNext();
        QList<QGraphicsItem *> selected = scene->selectedItems();
        QCOMPARE(selected.size(), 1);
        auto *found = static_cast<TableItem *>(selected.first());
        QVERIFY(found->matchedColumn() >= 0);
        QCOMPARE(found->table().columns.at(found->matchedColumn()).name,
                 QStringLiteral("workflow_id"));
        // The table of the name typed comes before a table with a column of that name
        // (workflow_executions has a column workflow_steps), and schema.table is understood.
        const QList<DiagramScene::Match> byName = scene->search(QStringLiteral("workflow_steps"));
        QVERIFY(byName.size() >= 2);
        QCOMPARE(byName.first().table->table().name, QStringLiteral("workflow_steps"));
        QCOMPARE(byName.first().column, -1);
        QCOMPARE(byName.at(1).table->table().name, QStringLiteral("workflow_executions"));
        const QList<DiagramScene::Match> qualified
            = scene->search(QStringLiteral("public.workflow_steps"));
        QCOMPARE(qualified.size(), 1);
        QCOMPARE(qualified.first().table->table().name, QStringLiteral("workflow_steps"));
        // Shortened parts work too, every match is marked (at every zoom), and Shift+Enter
        // goes back.
        QCOMPARE(scene->search(QStringLiteral("pub.w_st")).value(0).table->table().name,
                 QStringLiteral("workflow_steps"));
        view.setSearchText(QStringLiteral("workflow"));
        QVERIFY(view.matchText().endsWith(QLatin1String("matches")));
        int marked = 0;
        for (const TableItem *table : scene->tables())
            marked += table->isMatch();
        QVERIFY(marked >= 2);
        view.view()->setZoom(0.25); // zoomed out: the marks stay
        saveScreenshot(view, QStringLiteral("schema-find-overview.png"));
        view.findNext();
        view.findNext();
        QCOMPARE(view.matchText().left(2), QStringLiteral("2 "));
        QTest::keyClick(view.findChild<QLineEdit *>(QStringLiteral("schemaSearch")), Qt::Key_Return,
                        Qt::ShiftModifier);
        QCOMPARE(view.matchText().left(2), QStringLiteral("1 "));
        QTest::keyClick(view.findChild<QLineEdit *>(QStringLiteral("schemaSearch")), Qt::Key_Return,
                        Qt::ShiftModifier);
        QVERIFY(view.matchText().startsWith(QStringLiteral("%1 of").arg(marked)));
        // The matches are listed to pick from, the best first.
        const QList<QAction *> listed
            = view.findChild<QToolButton *>(QStringLiteral("schemaMatches"))->menu()->actions();
        QVERIFY(listed.size() >= marked);
        listed.at(0)->trigger();
        QVERIFY(view.matchText().startsWith(QLatin1String("1 of")));
        scene->search(QString());
        for (const TableItem *table : scene->tables())
            QVERIFY(!table->isMatch());
        // Selecting a table dims the tables that are not its neighbours.
        TableItem *executions
            = scene->table(QStringLiteral("public"), QStringLiteral("workflow_executions"));
        scene->clearSelection();
        executions->setSelected(true);
        QCOMPARE(
            scene->table(QStringLiteral("public"), QStringLiteral("workflow_steps"))->opacity(),
            1.0);
        QVERIFY(scene->table(QStringLiteral("public"), QStringLiteral("event_logs"))->opacity()
                < 0.5);
        scene->clearSelection();

        // Focus: one table and its neighbours, then everything again.
        ready.clear();
        view.focusOn(QStringLiteral("public"), QStringLiteral("workflow_steps"), 1);
        QVERIFY(becameReady(ready));
        QCOMPARE(scene->tables().size(), 2);
        QVERIFY2(view.statusText().contains(QLatin1String("focus on public.workflow_steps")),
                 qPrintable(view.statusText()));
        ready.clear();
        view.focusOn(QStringLiteral("public"), QStringLiteral("workflow_steps"), 2);
        QVERIFY(becameReady(ready));
        QCOMPARE(scene->tables().size(), 3);
        ready.clear();
        view.showAll();
        QVERIFY(becameReady(ready));
        QCOMPARE(scene->tables().size(), 10);

        // Drag workflow_steps by its header; its edge follows once it is dropped.
        view.view()->setZoom(1.0);
        TableItem *steps = scene->table(QStringLiteral("public"), QStringLiteral("workflow_steps"));
        view.view()->centerOn(steps);
        const QPointF grip = steps->sceneBoundingRect().topLeft() + QPointF(40, 8);
        const QPointF before = steps->pos();
        cascade = nullptr; // the focus rebuilt the items: find the new one
        for (const EdgeItem *edge : scene->edges()) {
            if (edge->key().fromTable == QLatin1String("workflow_steps"))
                cascade = edge;
        }
        QVERIFY(cascade);
        const QRectF edgeBefore = cascade->sceneBoundingRect();
        drag(*view.view(), grip, grip + QPointF(150, 120));
        QCOMPARE(steps->pos(), before + QPointF(150, 120));
        QVERIFY(cascade->sceneBoundingRect() != edgeBefore);
        QVERIFY(cascade->sceneBoundingRect().intersects(steps->sceneBoundingRect()));

        // Someone else adds a table that references workflow_executions; refresh shows it,
        // and the table moved by hand stays where it was put.
        QVERIFY(
            execSql(QStringLiteral("CREATE TABLE \"Audit \"\"Trail\"\" ü\" (id int PRIMARY KEY, "
                                   "workflow_id uuid REFERENCES workflow_executions (id) "
                                   "ON DELETE CASCADE)"),
                    db.profile()));
        ready.clear();
        view.reload();
        QVERIFY(becameReady(ready));
        QCOMPARE(scene->tables().size(), 11);
        QCOMPARE(scene->edges().size(), 5);
        QVERIFY(scene->table(QStringLiteral("public"), QStringLiteral("Audit \"Trail\" ü")));
        QCOMPARE(scene->table(QStringLiteral("public"), QStringLiteral("workflow_steps"))->pos(),
                 before + QPointF(150, 120));
        // The new table is placed clear of every table already there.
        const TableItem *added
            = scene->table(QStringLiteral("public"), QStringLiteral("Audit \"Trail\" ü"));
        for (const TableItem *other : scene->tables())
            QVERIFY2(other == added
                         || !other->sceneBoundingRect().intersects(added->sceneBoundingRect()),
                     qPrintable(other->table().name));

        // Export the whole diagram: every table as text, every key as a curve; then a PNG of the
        // visible part.
        QTemporaryDir out;
        const QString svg = out.filePath(QStringLiteral("schema.svg"));
        QVERIFY(view.exportTo(svg, false));
        const QStringList texts = svgTexts(svg);
        for (const TableItem *table : scene->tables())
            QVERIFY2(texts.contains(table->table().name), qPrintable(table->table().name));
        const QString png = out.filePath(QStringLiteral("visible.png"));
        QVERIFY(view.exportTo(png, true));
        const QImage image(png);
        QVERIFY(!image.isNull());
        const QRectF visible = view.view()->visibleSceneRect();
        QCOMPARE(image.width(), qRound(visible.width() * 2));
        const Status refused = view.exportTo(out.filePath(QStringLiteral("schema.pdf")), false);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String(".svg or .png")));

        // A second view on the same settings finds every table where this one left it.
        SchemaView again(store);
        QSignalSpy againReady(&again, &SchemaView::diagramReady);
        again.setConnection(db.profile(), db.name());
        QVERIFY(againReady.wait(30'000));
        for (const TableItem *table : scene->tables())
            QCOMPARE(again.scene()->table(table->table().schema, table->table().name)->pos(),
                     table->pos());

        // Disconnected, nothing of the search is left: no count of the gone database's tables.
        again.findChild<QLineEdit *>(QStringLiteral("schemaSearch"))->setText(QStringLiteral("id"));
        QVERIFY(again.findChild<QToolButton *>(QStringLiteral("schemaMatches"))
                    ->text()
                    .contains(QLatin1String("matches")));
        again.clearConnection();
        QCOMPARE(again.findChild<QToolButton *>(QStringLiteral("schemaMatches"))->text(),
                 QString());
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("schemaSearch"))->text(), QString());
    }

    void wideTablesFoldAndTheDiagramStaysFitted()
    {
        ScratchDatabase db(QStringLiteral("guiwide"));
        QString wide = QStringLiteral("CREATE TABLE parent (id int PRIMARY KEY);"
                                      "CREATE TABLE wide (id int PRIMARY KEY");
        for (int i = 1; i < 300; ++i)
            wide += QStringLiteral(", c%1 int").arg(i);
        wide += QStringLiteral(", parent_id int REFERENCES parent);");
        // And a partitioned table whose partitions each declare their key to parent.
        wide += QStringLiteral("CREATE TABLE readings_by_month (id bigint, parent_id int, "
                               "at date) PARTITION BY RANGE (at);");
        for (int month = 1; month <= 12; ++month)
            wide += QStringLiteral("CREATE TABLE readings_2026_%1 PARTITION OF readings_by_month "
                                   "FOR VALUES FROM ('2026-%1-01') TO ('%2-%3-01');"
                                   "ALTER TABLE readings_2026_%1 ADD FOREIGN KEY (parent_id) "
                                   "REFERENCES parent ON DELETE CASCADE;")
                        .arg(month, 2, 10, QLatin1Char('0'))
                        .arg(month == 12 ? 2027 : 2026)
                        .arg(month == 12 ? 1 : month + 1, 2, 10, QLatin1Char('0'));
        QVERIFY(execSql(wide, db.profile()));
        QSettings store = settings(QStringLiteral("wide"));
        SchemaView view(store);
        view.resize(560, 380); // smaller than the diagram at 100%
        view.show();
        QSignalSpy ready(&view, &SchemaView::diagramReady);
        view.setConnection(db.profile(), db.name());
        QVERIFY(ready.wait(30'000));
        TableItem *item = view.scene()->table(QStringLiteral("public"), QStringLiteral("wide"));
        QVERIFY(item);

        // The twelve keys the partitions declare alike are one edge, beside wide's own.
        QCOMPARE(view.scene()->edges().size(), 2);

        // Folded: the key, the foreign key (last of 301 columns) and the first columns.
        QCOMPARE(item->shownColumnCount(), TableItem::kShownCollapsed);
        QVERIFY(!item->isExpanded());
        const qreal foldedHeight = item->size().height();
        EdgeItem *edge = item->edges().first();
        const QPointF foldedEnd
            = item->anchor(item->columnIndex(QStringLiteral("parent_id")), false);

        // The window keeps the whole diagram in view as it grows, until the user zooms.
        DiagramView *canvas = view.view();
        QVERIFY(canvas->isFitting());
        const qreal smallZoom = canvas->zoom();
        QVERIFY2(smallZoom < 0.9, qPrintable(QString::number(smallZoom)));
        view.resize(1100, 760);
        QTRY_VERIFY(canvas->zoom() > smallZoom);
        saveScreenshot(view, QStringLiteral("schema-real-world.png"));
        QVERIFY(canvas->sceneRect().isValid());

        // A click on "… 281 more columns" shows them all; the edges follow; a second folds.
        // A folded column anchors on that row: its middle, inside the box.
        const QPointF more
            = item->anchor(item->columnIndex(QStringLiteral("c250")), false) + QPointF(40, 0);
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier,
                          canvas->mapFromScene(more));
        QTRY_VERIFY(item->isExpanded());
        QCOMPARE(item->shownColumnCount(), 301);
        QVERIFY(item->size().height() > 10 * foldedHeight);
        QVERIFY(edge->boundingRect().isValid());
        QVERIFY(item->anchor(item->columnIndex(QStringLiteral("parent_id")), false) != foldedEnd);
        saveScreenshot(view, QStringLiteral("schema-wide-expanded.png"));

        // A search for a folded column unfolds its table too.
        item->setExpanded(false);
        QVERIFY(!item->isExpanded());
        item->setMatch(true, item->columnIndex(QStringLiteral("c250")));
        QVERIFY(item->isExpanded());

        // Moving a scroll bar is a pan: fitting ends; Fit starts it again.
        canvas->fitAll();
        canvas->verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QVERIFY(!canvas->isFitting());
        canvas->fitAll();
        QVERIFY(canvas->isFitting());

        // A zoom by the user ends the fitting: a resize keeps the zoom.
        canvas->zoomBy(1.25);
        QVERIFY(!canvas->isFitting());
        const qreal chosen = canvas->zoom();
        view.resize(1000, 700);
        QCoreApplication::processEvents();
        QCOMPARE(canvas->zoom(), chosen);
    }

    // Zoomed out, a box shows its table's name alone (its schema's frame names the schema),
    // broken after '_' or '.', never inside a word, and never cut.
    void namesZoomedOutBreakBetweenWordsOnly()
    {
        ScratchDatabase db(QStringLiteral("guinames"));
        QVERIFY(execSql(
            QStringLiteral("CREATE SCHEMA musicbrainz; CREATE SCHEMA bridge;"
                           "CREATE TABLE musicbrainz.l_instrument_recording_relationship_type "
                           "(id int PRIMARY KEY);"
                           "CREATE TABLE musicbrainz.instrument (id int PRIMARY KEY, type_id "
                           "int REFERENCES musicbrainz.l_instrument_recording_relationship_type);"
                           "CREATE TABLE musicbrainz.\"Recording Alias Type\" (id int PRIMARY KEY);"
                           "CREATE TABLE bridge.workflow_executions (id int PRIMARY KEY);"
                           "CREATE TABLE bridge.x (id int PRIMARY KEY)"),
            db.profile()));
        QSettings store = settings(QStringLiteral("names"));
        SchemaView view(store);
        view.resize(900, 600);
        view.show();
        QSignalSpy ready(&view, &SchemaView::diagramReady);
        view.setConnection(db.profile(), db.name());
        QVERIFY(ready.wait(30'000));
        int broken = 0;
        for (const TableItem *item : view.scene()->tables()) {
            for (const qreal zoom : { 0.3, 0.15, 0.05 }) {
                const QStringList lines = item->overviewLines(zoom);
                QCOMPARE(lines.join(QString()), item->table().name);
                for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
                    const QChar last = lines[i].back();
                    QVERIFY2(last == QLatin1Char('_') || last == QLatin1Char('.')
                                 || last == QLatin1Char(' '),
                             qPrintable(lines.join(QLatin1Char('|'))));
                    ++broken;
                }
            }
        }
        QVERIFY(broken > 0); // the long names did need more than one line
        view.view()->zoomBy(0.4 / view.view()->zoom()); // just below the names-only zoom
        saveScreenshot(view, QStringLiteral("schema-names-zoomed-out.png"));
    }

    void emptyDatabaseSaysSo()
    {
        ScratchDatabase db(QStringLiteral("guischema_empty"));
        QSettings store = settings(QStringLiteral("empty"));
        SchemaView view(store);
        view.show();
        QSignalSpy ready(&view, &SchemaView::diagramReady);
        view.setConnection(db.profile(), db.name());
        QVERIFY(ready.wait(30'000));
        QVERIFY(view.scene()->tables().isEmpty());
        const QString message = view.findChild<QLabel *>(QStringLiteral("schemaMessage"))->text();
        QVERIFY2(message.contains(QLatin1String("has no tables")), qPrintable(message));
        QVERIFY(message.contains(db.name()));
    }

    // A role that may read two tables: the diagram still shows every table and key (the
    // catalog is readable to all), and marks the tables it may not read.
    void aRoleWithFewRightsSeesEveryTableAndWhichItMayNotRead()
    {
        ScratchDatabase db(QStringLiteral("guischema_rights"));
        QVERIFY(applyBundledMigrations(db.profile()));
        ScratchRole role(QStringLiteral("schema"));
        QVERIFY(role.grant(QStringLiteral("GRANT SELECT ON workflow_executions, workflow_steps "
                                          "TO %1"),
                           db.profile()));
        QSettings store = settings(QStringLiteral("rights"));
        SchemaView view(store);
        view.resize(1280, 800);
        view.show();
        QSignalSpy ready(&view, &SchemaView::diagramReady);
        view.setConnection(role.profile(db.profile()), db.name());
        QVERIFY(ready.wait(30'000));
        int unreadable = 0;
        for (const TableItem *table : view.scene()->tables())
            unreadable += table->table().readable ? 0 : 1;
        // Every table the superuser sees, though the role may read two.
        const QStringList tables
            = psqlColumn(db.profile(),
                         QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                        "'public'"));
        QCOMPARE(QString::number(view.scene()->tables().size()), tables.value(0));
        QCOMPARE(unreadable, view.scene()->tables().size() - 2);
        QVERIFY(view.scene()
                    ->table(QStringLiteral("public"), QStringLiteral("workflow_steps"))
                    ->table()
                    .readable);
        const TableItem *events
            = view.scene()->table(QStringLiteral("public"), QStringLiteral("event_logs"));
        QVERIFY(!events->table().readable);
        QVERIFY(!events->table().columns.isEmpty()); // its columns and keys are still drawn
        saveScreenshot(view, QStringLiteral("schema-few-rights.png"));
    }

    void serverGoneIsSaidInWords()
    {
        ConnectionProfile nowhere = testProfile();
        nowhere.setValue(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        nowhere.setValue(QStringLiteral("port"), QString::number(freeTcpPort()));
        QSettings store = settings(QStringLiteral("gone"));
        SchemaView view(store);
        QSignalSpy failed(&view, &SchemaView::failed);
        view.setConnection(nowhere, QStringLiteral("nowhere"));
        QVERIFY(failed.wait(30'000));
        const QString message = view.findChild<QLabel *>(QStringLiteral("schemaMessage"))->text();
        QVERIFY2(message.startsWith(QLatin1String("Could not read the schema: ")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("127.0.0.1")), qPrintable(message));
    }

    // The real window: the Schema tab is the first thing a user sees once connected, and it
    // redraws when the Migrations tab changes the schema.
    void mainWindowShowsTheDiagram()
    {
        ScratchDatabase db(QStringLiteral("guischema_window"));
        QVERIFY(applyBundledMigrations(db.profile()));
        QSettings store = settings(QStringLiteral("window"));
        MainWindow window(store);
        window.resize(1280, 800);
        window.show();
        auto *view = window.findChild<SchemaView *>(QStringLiteral("schemaView"));
        QVERIFY(view);
        QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("viewTabs"))->currentWidget(), view);
        QSignalSpy ready(view, &SchemaView::diagramReady);
        window.connectTo(db.profile());
        QVERIFY(ready.wait(30'000));
        QCOMPARE(view->scene()->tables().size(), 10);
        view->scene()
            ->table(QStringLiteral("public"), QStringLiteral("workflow_executions"))
            ->setSelected(true);
        saveScreenshot(window, QStringLiteral("schema-diagram.png"));

        QVERIFY(execSql(QStringLiteral("CREATE TABLE extra (id int)"), db.profile()));
        emit window.findChild<MigrationsView *>(QStringLiteral("migrationsView"))->schemaChanged();
        QVERIFY(ready.wait(30'000));
        QCOMPARE(view->scene()->tables().size(), 11);
    }
};

QTEST_MAIN(tst_SchemaView)
#include "tst_schemaview.moc"
