// The navigator with real widgets on a real server: every kind of object in the tree with its
// counts, partitions under their table, the filter, the DDL of the selected object, opening a
// table in Data, Go to anything; and a 10,000-table catalog opened without making its nodes.
#include "CatalogFixture.h"
#include "Psql.h"
#include "Screenshot.h"
#include "TestDatabase.h"
#include "catalog/ObjectDdl.h"
#include "connection/Session.h"
#include "navigator/DdlPane.h"
#include "navigator/GoToPopup.h"
#include "navigator/NavigatorModel.h"
#include "navigator/NavigatorView.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// The labels of the rows under a model index.
QStringList labels(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList shown;
    for (int row = 0; row < model.rowCount(parent); ++row)
        shown << model.index(row, 0, parent).data().toString();
    return shown;
}

QModelIndex child(const QAbstractItemModel &model, const QModelIndex &parent, const QString &label)
{
    for (int row = 0; row < model.rowCount(parent); ++row)
        if (model.index(row, 0, parent).data().toString() == label)
            return model.index(row, 0, parent);
    return {};
}

} // namespace

class tst_NavigatorView : public QObject
{
    Q_OBJECT
private:
    ScratchDatabase m_db { QStringLiteral("navigator_gui") };
    ScratchRole m_reader { QStringLiteral("nav_reader"), QStringLiteral("NOLOGIN") };

private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        const PsqlRun made = runPsql(
            m_db.profile(),
            catalogFixtureSql(m_reader.name(),
                              psqlColumn(m_db.profile(), QStringLiteral("SHOW server_version_num"))
                                  .value(0)
                                  .toInt()));
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    }

    void showsEveryKindWithItsCounts()
    {
        NavigatorView view;
        view.resize(360, 760);
        view.show();
        QSignalSpy read(&view, &NavigatorView::catalogRead);
        QSignalSpy parts(&view, &NavigatorView::partsRead);
        view.setConnection(m_db.profile());
        QVERIFY(read.wait(20'000));
        // The tables' columns, indexes, … after the first paint (maybe in the same turn).
        QTRY_VERIFY_WITH_TIMEOUT(!parts.isEmpty(), 20'000);
        QVERIFY2(view.statusText().contains(QLatin1String("objects in all")),
                 qPrintable(view.statusText()));
        const NavigatorModel &model = *view.model();
        const QStringList roots = labels(model);
        for (const char *root : { "Odd Schema", "public", "Extensions (1)", "Publications (2)" })
            QVERIFY2(roots.contains(QLatin1String(root)), qPrintable(roots.join(", ")));
        const QModelIndex publicSchema = child(model, {}, QStringLiteral("public"));
        QCOMPARE(labels(model, publicSchema),
                 (QStringList { QStringLiteral("Tables (3)"), QStringLiteral("Views (2)"),
                                QStringLiteral("Materialized views (1)"),
                                QStringLiteral("Sequences (3)"), QStringLiteral("Functions (6)"),
                                QStringLiteral("Procedures (1)"), QStringLiteral("Aggregates (1)"),
                                QStringLiteral("Types (4)") }));
        // Partitions fold under their table, which lists its parts by kind.
        const QModelIndex tables = child(model, publicSchema, QStringLiteral("Tables (3)"));
        QCOMPARE(labels(model, tables),
                 (QStringList { QStringLiteral("child"), QStringLiteral("events"),
                                QStringLiteral("parent") }));
        const QModelIndex events = child(model, tables, QStringLiteral("events"));
        QCOMPARE(labels(model, events).first(), QStringLiteral("Partitions (2)"));
        QCOMPARE(labels(model, child(model, events, QStringLiteral("Partitions (2)"))),
                 (QStringList { QStringLiteral("events_2026"), QStringLiteral("events_other") }));
        const QModelIndex childTable = child(model, tables, QStringLiteral("child"));
        QCOMPARE(labels(model, childTable),
                 (QStringList { QStringLiteral("Columns (4)"), QStringLiteral("Indexes (3)"),
                                QStringLiteral("Constraints (3)"), QStringLiteral("Triggers (2)"),
                                QStringLiteral("Policies (2)") }));
        // Columns in the table's order, with their types.
        QCOMPARE(
            labels(model, child(model, childTable, QStringLiteral("Columns (4)"))),
            (QStringList { QStringLiteral("id : integer"), QStringLiteral("parent_id : bigint"),
                           QStringLiteral("small : integer"), QStringLiteral("note : text") }));
        QVERIFY(labels(model, child(model, publicSchema, QStringLiteral("Functions (6)")))
                    .contains(QStringLiteral("add(integer, integer)")));
        view.tree()->expand(tables);
        view.tree()->expand(childTable);
        saveScreenshot(view, QStringLiteral("navigator.png"));
    }

    void selectingShowsTheDdlAndOpeningGoesToData()
    {
        NavigatorView view;
        ViewRouter router;
        view.setRouter(&router);
        view.resize(360, 760);
        view.show();
        QSignalSpy read(&view, &NavigatorView::catalogRead);
        view.setConnection(m_db.profile());
        QVERIFY(read.wait(20'000));

        // The filter keeps what matches and what holds it.
        view.setFilterText(QStringLiteral("events_2026"));
        const NavigatorModel &model = *view.model();
        QCOMPARE(labels(model), QStringList { QStringLiteral("public") });
        const QModelIndex tables = child(model, child(model, {}, QStringLiteral("public")),
                                         QStringLiteral("Tables (1)"));
        QVERIFY(tables.isValid());
        const QModelIndex partitions = child(model, child(model, tables, QStringLiteral("events")),
                                             QStringLiteral("Partitions (1)"));
        QCOMPARE(labels(model, partitions), QStringList { QStringLiteral("events_2026") });
        view.setFilterText(QStringLiteral("zzqq"));
        QVERIFY(labels(model).isEmpty());
        QVERIFY2(view.statusText().startsWith(QLatin1String("Nothing matches")),
                 qPrintable(view.statusText()));
        view.setFilterText(QString());

        // Selecting a function shows its DDL, as `bridgescope ddl` writes it.
        const int add = view.catalog()->lookup(QStringLiteral("public.add(text, text)"));
        QSignalSpy ddl(&view, &NavigatorView::ddlShown);
        view.goTo(add, false);
        QVERIFY(ddl.wait(20'000));
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY(session);
        Result<QString> expected = readObjectDdl(*session, view.catalog()->objects().at(add));
        QVERIFY(expected);
        QCOMPARE(view.ddlPane()->ddl(), *expected);
        QCOMPARE(view.model()->objectAt(view.tree()->currentIndex()), add);
        // Save writes it as shown; a folder that is not there is refused in a sentence.
        ScratchDir dir;
        QVERIFY(view.ddlPane()->saveTo(dir.path() + QStringLiteral("/add.sql")));
        QFile saved(dir.path() + QStringLiteral("/add.sql"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(saved.readAll()), *expected);
        const Status refused = view.ddlPane()->saveTo(dir.path() + QStringLiteral("/no/add.sql"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.startsWith(QLatin1String("Cannot write")),
                 qPrintable(refused.error().message));

        // Arrowing through several objects: the last one's DDL is what shows.
        for (const char *name : { "public.mood", "public.pair", "public.posint", "public.counter" })
            view.goTo(view.catalog()->lookup(QString::fromLatin1(name)), false);
        QTRY_VERIFY_WITH_TIMEOUT(view.ddlPane()->title().endsWith(QLatin1String("public.counter")),
                                 20'000);
        QVERIFY(view.ddlPane()->ddl().startsWith(QLatin1String("CREATE SEQUENCE public.counter")));

        // Enter on a table opens it in Data.
        QSignalSpy opened(&router, &ViewRouter::openRequested);
        const int parent = view.catalog()->lookup(QStringLiteral("public.parent"));
        view.goTo(parent, true);
        QCOMPARE(opened.size(), 1);
        const auto target = opened.first().first().value<ViewTarget>();
        QCOMPARE(target.schema, QStringLiteral("public"));
        QCOMPARE(target.table, QStringLiteral("parent"));
        QVERIFY(ddl.wait(20'000));
        QVERIFY(view.ddlPane()->ddl().startsWith(QLatin1String("CREATE TABLE public.parent (")));
        saveScreenshot(view, QStringLiteral("navigator-ddl.png"));
    }

    void goToAnythingFindsByPartsOfNames()
    {
        QWidget window;
        window.resize(900, 600);
        NavigatorView view(&window);
        view.resize(300, 600);
        window.show();
        QSignalSpy read(&view, &NavigatorView::catalogRead);
        view.setConnection(m_db.profile());
        view.showGoTo(&window);
        GoToPopup *popup = view.goToPopup();
        QVERIFY(popup->isVisible());
        QVERIFY(read.wait(20'000)); // said "Reading the catalog…" until then
        QTest::keyClicks(popup->findChild<QLineEdit *>(QStringLiteral("goToText")),
                         QStringLiteral("o.m_c"));
        QCOMPARE(popup->shownNames().value(0), QStringLiteral("\"Odd Schema\".\"Mixed Case\""));
        popup->setText(QStringLiteral("par_cou"));
        QCOMPARE(popup->shownNames().value(0), QStringLiteral("public.parent_counts"));
        saveScreenshot(window, QStringLiteral("navigator-goto.png"));
        QSignalSpy ddl(&view, &NavigatorView::ddlShown);
        QTest::keyClick(popup->findChild<QLineEdit *>(QStringLiteral("goToText")), Qt::Key_Return);
        QVERIFY(!popup->isVisible());
        QVERIFY(ddl.wait(20'000));
        QVERIFY2(view.ddlPane()->ddl().startsWith(
                     QLatin1String("CREATE MATERIALIZED VIEW public.parent_counts AS")),
                 qPrintable(view.ddlPane()->ddl()));
        // Down moves the choice; Esc closes.
        view.showGoTo(&window);
        popup->setText(QStringLiteral("add"));
        QTest::keyClick(popup->findChild<QLineEdit *>(QStringLiteral("goToText")), Qt::Key_Down);
        QCOMPARE(popup->findChild<QListWidget *>()->currentRow(), 1);
        QTest::keyClick(popup->findChild<QLineEdit *>(QStringLiteral("goToText")), Qt::Key_Escape);
        QVERIFY(!popup->isVisible());
        // Focus elsewhere closes it too.
        view.showGoTo(&window);
        QVERIFY(popup->isVisible());
        QApplication::setActiveWindow(&window);
        view.tree()->setFocus();
        QTRY_VERIFY(!popup->isVisible());
    }

    // The parts of tables come after the first paint: a table already open keeps its place
    // and gains its folders; the rest gain theirs when opened.
    void partsArriveUnderWhatIsOpen()
    {
        QList<CatalogObject> tables;
        QList<CatalogObject> parts;
        CatalogObject schema;
        schema.kind = ObjectKind::Schema;
        schema.name = QStringLiteral("app");
        tables << schema;
        for (const char *name : { "alpha", "beta" }) {
            CatalogObject table;
            table.kind = ObjectKind::Table;
            table.schema = QStringLiteral("app");
            table.name = QString::fromLatin1(name);
            tables << table;
            for (int c = 1; c <= 3; ++c) {
                CatalogObject column;
                column.kind = ObjectKind::Column;
                column.schema = table.schema;
                column.parent = table.name;
                column.name = QStringLiteral("c%1").arg(c);
                column.position = c;
                parts << column;
            }
        }
        const auto first = std::make_shared<const CatalogIndex>(tables);
        NavigatorModel model;
        model.setIndex(first);
        QTreeView tree;
        tree.setModel(&model);
        tree.show();
        const QModelIndex alpha = model.indexOfObject(first->lookup(QStringLiteral("app.alpha")));
        QVERIFY(!model.hasChildren(alpha));
        tree.expand(alpha);
        QCOMPARE(model.rowCount(alpha), 0);
        const QPersistentModelIndex kept(alpha);
        model.addParts(std::make_shared<const CatalogIndex>(first->withParts(parts)));
        QVERIFY(kept.isValid());
        QCOMPARE(labels(model, kept), QStringList { QStringLiteral("Columns (3)") });
        QVERIFY(tree.isExpanded(kept));
        const QModelIndex beta
            = model.indexOfObject(model.catalog()->lookup(QStringLiteral("app.beta")));
        QVERIFY(model.hasChildren(beta));
        QCOMPARE(labels(model, child(model, beta, QStringLiteral("Columns (3)"))),
                 (QStringList { QStringLiteral("c1 : "), QStringLiteral("c2 : "),
                                QStringLiteral("c3 : ") }));
        // Go to anything finds the parts now.
        QCOMPARE(model.catalog()->find(QStringLiteral("beta.c2"), 1).size(), 1);
    }

    // 10,000 tables of 20 columns: the tree shows its first screen having made a few dozen
    // nodes, and finds the last table on request.
    void tenThousandTablesOpenAtOnce()
    {
        QList<CatalogObject> objects;
        for (int s = 0; s < 10; ++s) {
            CatalogObject schema;
            schema.kind = ObjectKind::Schema;
            schema.name = QStringLiteral("s%1").arg(s);
            objects << schema;
        }
        for (int t = 0; t < 10'000; ++t) {
            CatalogObject table;
            table.kind = ObjectKind::Table;
            table.schema = QStringLiteral("s%1").arg(t % 10);
            table.name = QStringLiteral("t%1").arg(t, 5, 10, QLatin1Char('0'));
            objects << table;
            for (int c = 1; c <= 20; ++c) {
                CatalogObject column;
                column.kind = ObjectKind::Column;
                column.schema = table.schema;
                column.parent = table.name;
                column.name = QStringLiteral("c%1").arg(c);
                column.position = c;
                objects << column;
            }
        }
        NavigatorModel model;
        model.setIndex(std::make_shared<const CatalogIndex>(objects));
        QTreeView tree;
        tree.setUniformRowHeights(true);
        tree.setModel(&model);
        tree.resize(300, 700);
        tree.show();
        tree.expand(model.index(0, 0));
        QCOMPARE(labels(model, model.index(0, 0)), QStringList { QStringLiteral("Tables (1000)") });
        const int last = model.catalog()->lookup(QStringLiteral("s9.t09999"));
        const QModelIndex found = model.indexOfObject(last);
        QVERIFY(found.isValid());
        QCOMPARE(found.data().toString(), QStringLiteral("t09999"));
        QCOMPARE(found.parent().data().toString(), QStringLiteral("Tables (1000)"));
        QCOMPARE(found.parent().parent().data().toString(), QStringLiteral("s9"));
        const int column = model.catalog()->find(QStringLiteral("s9.t09999.c20"), 1).value(0).index;
        QCOMPARE(model.indexOfObject(column).data().toString(), QStringLiteral("c20 : "));
    }
};

QTEST_MAIN(tst_NavigatorView)
#include "tst_navigatorview.moc"
