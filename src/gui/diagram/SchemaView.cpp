#include "diagram/SchemaView.h"

#include "Counted.h"
#include "catalog/CatalogReader.h"
#include "connection/DbWorker.h"
#include "diagram/DiagramExport.h"
#include "diagram/DiagramPositions.h"
#include "diagram/DiagramView.h"
#include "diagram/EdgeItem.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace bridgescope {

namespace {

struct TimedLayout
{
    Result<LayoutResult> layout;
    qint64 milliseconds = 0;
};

} // namespace

SchemaView::SchemaView(QSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_positions(std::make_unique<DiagramPositions>(settings))
{
    m_scene = new DiagramScene(this);
    m_view = new DiagramView(this);
    m_view->setObjectName(QStringLiteral("diagramView"));
    m_view->setScene(m_scene);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("schemaMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_view);
    m_pages->addWidget(m_message);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("schemaStatus"));
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(160);
    m_busy->hide();
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(6, 2, 6, 2);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_busy);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    buildToolBar();
    layout->addWidget(findChild<QToolBar *>());
    layout->addWidget(m_pages, 1);
    layout->addLayout(statusRow);

    connect(m_scene, &DiagramScene::tableActivated, this, &SchemaView::openTableRequested);
    connect(m_scene, &DiagramScene::positionsChanged, this, &SchemaView::savePositions);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &SchemaView::updateActions);
    clearConnection();
    connect(this, &SchemaView::openTableRequested, this,
            [this](const QString &schema, const QString &table) {
                if (router())
                    router()->open(ViewTarget::tableRows(schema, table));
            });
}

SchemaView::~SchemaView()
{
    if (m_worker)
        m_worker->retire();
    // The scene goes with QWidget's children, after this object has stopped being a
    // SchemaView: its items' removal must not call back into our slots (UBSan's finding).
    m_scene->disconnect(this);
}

void SchemaView::buildToolBar()
{
    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("schemaToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_refreshAction = bar->addAction(tr("Refresh"), this, &SchemaView::reload);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Read the catalog again (F5). Tables you placed stay put."));
    bar->addSeparator();
    bar->addAction(tr("Fit"), m_view, &DiagramView::fitAll)
        ->setToolTip(tr("Show the whole diagram"));
    bar->addAction(tr("100%"), this, [this] { m_view->setZoom(1.0); });
    bar->addAction(tr("−"), this, [this] { m_view->zoomBy(1 / 1.25); })->setToolTip(tr("Zoom out"));
    bar->addAction(tr("+"), this, [this] { m_view->zoomBy(1.25); })->setToolTip(tr("Zoom in"));
    bar->addSeparator();

    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("schemaSearch"));
    m_search->setPlaceholderText(tr("Find a table or column"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(240);
    bar->addWidget(m_search);
    // "3 of 29 ▾": where Enter (next) and Shift+Enter (back) are, and the matches to pick from.
    m_matchButton = new QToolButton(bar);
    m_matchButton->setObjectName(QStringLiteral("schemaMatches"));
    m_matchButton->setPopupMode(QToolButton::InstantPopup);
    m_matchButton->setMenu(new QMenu(m_matchButton));
    m_matchButton->setToolTip(tr("The matches, the best first: pick one"));
    bar->addWidget(m_matchButton);
    connect(m_search, &QLineEdit::textChanged, this, &SchemaView::setSearchText);
    connect(m_search, &QLineEdit::returnPressed, this, &SchemaView::findNext);
    m_search->installEventFilter(this); // Shift+Enter: back
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    bar->addSeparator();

    m_focusAction = bar->addAction(tr("Focus"), this, [this] {
        const QList<QGraphicsItem *> selected = m_scene->selectedItems();
        if (selected.size() == 1 && selected.first()->type() == TableItem::Type) {
            const TableInfo &table = static_cast<TableItem *>(selected.first())->table();
            focusOn(table.schema, table.name, m_depth->value());
        }
    });
    m_focusAction->setToolTip(tr("Show only the selected table and its neighbours"));
    m_depth = new QSpinBox(bar);
    m_depth->setObjectName(QStringLiteral("focusDepth"));
    m_depth->setRange(1, 6);
    m_depth->setPrefix(tr("depth "));
    m_depth->setToolTip(tr("How many foreign keys away the focus reaches"));
    bar->addWidget(m_depth);
    connect(m_depth, &QSpinBox::valueChanged, this, [this](int depth) {
        if (m_focus)
            focusOn(m_focus->schema, m_focus->table, depth);
    });
    m_showAllAction = bar->addAction(tr("Show all"), this, &SchemaView::showAll);
    bar->addSeparator();
    m_relayoutAction = bar->addAction(tr("Re-layout"), this, [this] {
        m_positions->forget(m_databaseKey);
        showSnapshot(false);
    });
    m_relayoutAction->setToolTip(tr("Forget where tables were moved and lay out afresh"));

    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(tr("Whole diagram…"), this, [this] { chooseExport(false); });
    exportMenu->addAction(tr("Visible part…"), this, [this] { chooseExport(true); });
    m_exportAction = bar->addAction(tr("Export"));
    m_exportAction->setMenu(exportMenu);
    if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(m_exportAction)))
        button->setPopupMode(QToolButton::InstantPopup);
}

void SchemaView::setConnection(const ConnectionProfile &profile, const QString &databaseKey)
{
    clearConnection();
    m_profile = profile;
    m_databaseKey = databaseKey;
    m_worker = new DbWorker(profile, SessionOptions {}, QStringLiteral("schema"), this);
    reload();
}

void SchemaView::clearConnection()
{
    ++m_generation;
    if (m_worker) {
        m_worker->retire();
        m_worker = nullptr;
    }
    m_catalog.reset();
    m_focus.reset();
    m_scene->setSnapshot({});
    // The search and its count were of the database that has gone.
    m_search->clear();
    m_matches.clear();
    m_matchButton->setText(QString());
    m_matchButton->menu()->clear();
    m_busy->hide();
    m_status->clear();
    showMessage(tr("Not connected. Connect to a database (File ▸ Connect) to see its schema."));
    updateActions();
}

void SchemaView::reload()
{
    if (!m_worker)
        return;
    const quint64 generation = ++m_generation;
    setBusy(tr("Reading the catalog…"));
    m_worker->run<SchemaSnapshot>(
        [](Session &session) { return readSchema(session); }, this,
        [this, generation](Result<SchemaSnapshot> snapshot) {
            if (generation != m_generation)
                return; // the user moved on
            if (!snapshot) {
                m_busy->hide();
                showMessage(tr("Could not read the schema: %1").arg(snapshot.error().message));
                m_status->setText(snapshot.error().message);
                emit failed(snapshot.error().message);
                return;
            }
            const bool keepView = m_catalog.has_value();
            m_catalog = *snapshot;
            showSnapshot(keepView);
        });
}

void SchemaView::focusOn(const QString &schema, const QString &table, int depth)
{
    if (schema.isEmpty() || table.isEmpty()) {
        showAll();
        return;
    }
    m_focus = Focus { schema, table, depth };
    if (m_depth->value() != depth) {
        const QSignalBlocker blocker(m_depth);
        m_depth->setValue(depth);
    }
    showSnapshot(false);
}

void SchemaView::showAll()
{
    if (!m_focus)
        return;
    m_focus.reset();
    showSnapshot(false);
}

void SchemaView::showSnapshot(bool keepView)
{
    if (!m_catalog)
        return;
    const quint64 generation = ++m_generation;
    const SchemaSnapshot shown = m_focus
        ? neighbourhood(*m_catalog, m_focus->schema, m_focus->table, m_focus->depth)
        : *m_catalog;
    const QPointF centre = m_view->mapToScene(m_view->viewport()->rect().center());
    m_scene->setSnapshot(shown);
    updateActions();
    if (shown.tables.isEmpty()) {
        m_busy->hide();
        if (m_focus)
            showMessage(tr("%1.%2 is no longer in the database. Press Show all.")
                            .arg(m_focus->schema, m_focus->table));
        else
            showMessage(tr("Database %1 has no tables or views in its user schemas yet. Apply "
                           "the bundled migrations in the Migrations tab, or connect to another "
                           "database.")
                            .arg(m_catalog->database));
        m_status->setText(tr("No tables"));
        emit diagramReady();
        return;
    }
    m_pages->setCurrentWidget(m_view);

    const QHash<QString, QPointF> remembered
        = m_focus ? QHash<QString, QPointF> {} : m_positions->load(m_databaseKey);
    const QList<TableItem *> unplaced = m_scene->restorePositions(remembered);
    const bool fit = !keepView || unplaced.size() == m_scene->tables().size();
    if (unplaced.isEmpty()) {
        m_scene->placeLaidOut({}, {});
        finishPlacement(!keepView, 0, tr("remembered positions"));
        if (keepView)
            m_view->centerOn(centre);
        return;
    }
    const LayoutGraph graph = m_scene->layoutInput(unplaced);
    const QString busy = tr("Laying out %1 with Graphviz…")
                             .arg(counted(unplaced.size(), tr("table"), tr("tables")));
    setBusy(busy);
    // Boxes not placed yet would pile up at the origin: they appear when Graphviz is done.
    m_scene->hideUntilPlaced(unplaced);
    if (unplaced.size() == m_scene->tables().size())
        showMessage(busy);
    auto *watcher = new QFutureWatcher<TimedLayout>(this);
    connect(watcher, &QFutureWatcher<TimedLayout>::finished, this,
            [this, watcher, generation, unplaced, fit, centre] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return; // a newer snapshot replaced these items
                const TimedLayout timed = watcher->result();
                if (!timed.layout) {
                    m_busy->hide();
                    showMessage(timed.layout.error().message);
                    emit failed(timed.layout.error().message);
                    return;
                }
                m_scene->placeLaidOut(unplaced, *timed.layout);
                finishPlacement(fit, timed.milliseconds,
                                timed.layout->engines.join(QStringLiteral(", ")));
                if (!fit)
                    m_view->centerOn(centre);
            });
    watcher->setFuture(QtConcurrent::run([graph] {
        QElapsedTimer timer;
        timer.start();
        Result<LayoutResult> layout = layoutGraph(graph);
        return TimedLayout { std::move(layout), timer.elapsed() };
    }));
}

void SchemaView::finishPlacement(bool fit, qint64 layoutMs, const QString &engines)
{
    m_busy->hide();
    m_pages->setCurrentWidget(m_view);
    if (fit)
        m_view->fitAll();
    if (!m_focus)
        savePositions();
    QString text = counted(m_scene->tables().size(), tr("table"), tr("tables"))
        + QStringLiteral(", ")
        + counted(m_scene->edges().size(), tr("foreign key"), tr("foreign keys"));
    if (m_focus)
        text += tr(" — focus on %1.%2, depth %3")
                    .arg(m_focus->schema, m_focus->table)
                    .arg(m_focus->depth);
    text += layoutMs > 0 ? tr(" · laid out by %1 in %2 ms").arg(engines).arg(layoutMs)
                         : tr(" · %1").arg(engines);
    m_status->setText(text);
    if (!m_search->text().isEmpty())
        setSearchText(m_search->text());
    updateActions();
    emit diagramReady();
}

void SchemaView::showMessage(const QString &message)
{
    m_message->setText(message);
    m_pages->setCurrentWidget(m_message);
}

void SchemaView::setBusy(const QString &what)
{
    m_status->setText(what);
    m_busy->show();
}

bool SchemaView::isBusy() const
{
    return m_busy->isVisible();
}

QString SchemaView::statusText() const
{
    return m_status->text();
}

void SchemaView::savePositions()
{
    if (m_focus || m_databaseKey.isEmpty() || m_scene->tables().isEmpty())
        return; // a focused subset is laid out for the moment only
    m_positions->save(m_databaseKey, m_scene->positions());
}

void SchemaView::updateActions()
{
    const bool connected = m_worker != nullptr;
    const bool drawn = !m_scene->tables().isEmpty();
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    m_refreshAction->setEnabled(connected);
    m_focusAction->setEnabled(selected.size() == 1 && selected.first()->type() == TableItem::Type);
    m_showAllAction->setEnabled(m_focus.has_value());
    m_relayoutAction->setEnabled(drawn && !m_focus);
    m_exportAction->setEnabled(drawn);
}

void SchemaView::setSearchText(const QString &text)
{
    m_matches = m_scene->search(text);
    m_matchIndex = -1;
    m_matchButton->setText(text.trimmed().isEmpty()
                               ? QString()
                               : counted(m_matches.size(), tr("match"), tr("matches")));
    QMenu *menu = m_matchButton->menu();
    menu->clear();
    constexpr int kListed = 50;
    for (int i = 0; i < std::min<int>(int(m_matches.size()), kListed); ++i) {
        const DiagramScene::Match &match = m_matches.at(i);
        const TableInfo &table = match.table->table();
        menu->addAction(match.column < 0
                            ? table.qualifiedName()
                            : QStringLiteral("%1 · %2").arg(table.qualifiedName(),
                                                            table.columns.at(match.column).name),
                        this, [this, i] { showMatch(i); });
    }
    if (m_matches.size() > kListed)
        menu->addAction(tr("… %1 more: type more of the name").arg(m_matches.size() - kListed))
            ->setEnabled(false);
    m_matchButton->setEnabled(!m_matches.isEmpty());
}

void SchemaView::findNext()
{
    if (!m_matches.isEmpty())
        showMatch((m_matchIndex + 1) % int(m_matches.size()));
}

void SchemaView::findPrevious()
{
    if (!m_matches.isEmpty())
        showMatch((m_matchIndex - 1 + int(m_matches.size())) % int(m_matches.size()));
}

void SchemaView::showMatch(int index)
{
    m_matchIndex = index;
    const DiagramScene::Match &match = m_matches.at(m_matchIndex);
    m_scene->clearSelection();
    match.table->setSelected(true);
    if (m_view->zoom() < TableItem::kOverviewScale)
        m_view->setZoom(1.0);
    m_view->stopFitting();
    m_view->centerOn(match.column < 0 ? match.table->sceneBoundingRect().center()
                                      : match.table->anchor(match.column, false));
    m_matchButton->setText(tr("%1 of %2").arg(m_matchIndex + 1).arg(m_matches.size()));
}

bool SchemaView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ShiftModifier)) {
            findPrevious();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString SchemaView::matchText() const
{
    return m_matchButton->text();
}

Status SchemaView::exportTo(const QString &path, bool visiblePartOnly)
{
    const QRectF source = visiblePartOnly ? m_view->visibleSceneRect() : m_scene->diagramRect();
    // Selection and search marks are for the screen, not for the file.
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    m_scene->clearSelection();
    Status written = exportDiagram(*m_scene, source, path);
    for (QGraphicsItem *item : selected)
        item->setSelected(true);
    return written;
}

void SchemaView::chooseExport(bool visiblePartOnly)
{
    const QString suggested
        = (m_catalog ? m_catalog->database : QStringLiteral("schema")) + QStringLiteral(".svg");
    const QString path = QFileDialog::getSaveFileName(
        this, visiblePartOnly ? tr("Export the visible part") : tr("Export the diagram"), suggested,
        tr("SVG image (*.svg);;PNG image (*.png)"));
    if (path.isEmpty())
        return;
    if (Status written = exportTo(path, visiblePartOnly); !written)
        QMessageBox::warning(this, tr("Export"), written.error().message);
    else
        m_status->setText(tr("Exported to %1").arg(path));
}

void SchemaView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile, connection.databaseKey());
}

bool SchemaView::canOpen(const ViewTarget &target) const
{
    return target.kind == ViewTarget::Kind::Diagram;
}

void SchemaView::open(const ViewTarget &target)
{
    focusOn(target.schema, target.table, m_depth->value()); // and its neighbours
}

void SchemaView::databaseChanged(DatabaseChange change)
{
    Q_UNUSED(change); // new tables after a migration, new row estimates after demo data
    reload();
}

} // namespace bridgescope
