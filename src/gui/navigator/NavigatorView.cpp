#include "navigator/NavigatorView.h"

#include "catalog/ObjectDdl.h"
#include "connection/DbWorker.h"
#include "navigator/DdlPane.h"
#include "navigator/GoToPopup.h"
#include "navigator/NavigatorModel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

QString countsOf(const CatalogIndex &index)
{
    int schemas = 0;
    int relations = 0;
    for (const CatalogObject &object : index.objects()) {
        schemas += object.kind == ObjectKind::Schema;
        relations += isRelation(object.kind);
    }
    const QLocale locale;
    return QObject::tr("%1 schemas, %2 tables and views, %3 objects in all")
        .arg(locale.toString(schemas), locale.toString(relations), locale.toString(index.size()));
}

} // namespace

NavigatorView::NavigatorView(QWidget *parent)
    : QWidget(parent)
    , m_model(new NavigatorModel(this))
    , m_filter(new QLineEdit(this))
    , m_filterDelay(new QTimer(this))
    , m_status(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_ddl(new DdlPane(this))
{
    m_filter->setObjectName(QStringLiteral("navigatorFilter"));
    m_filter->setPlaceholderText(tr("Filter (schema.name works too)"));
    m_filter->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("navigatorStatus"));
    m_status->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("navigatorTree"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true); // 10,000 rows lay out without measuring each
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_filter);
    layout->addWidget(m_status);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_ddl);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    // Each key press would filter 100,000 names: wait for a pause in the typing.
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, [this] { setFilterText(m_filter->text()); });
    connect(m_tree, &QTreeView::activated, this, &NavigatorView::activate);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const int object = m_model->objectAt(current);
                if (object >= 0)
                    requestDdl(object);
            });
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &NavigatorView::showContextMenu);
    clearConnection();
}

NavigatorView::~NavigatorView()
{
    if (m_worker)
        m_worker->retire();
}

void NavigatorView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile);
}

void NavigatorView::setConnection(const ConnectionProfile &profile)
{
    if (m_worker)
        m_worker->retire();
    m_worker = new DbWorker(profile, SessionOptions {}, QStringLiteral("navigator"), this);
    reload();
}

void NavigatorView::clearConnection()
{
    ++m_generation;
    if (m_worker)
        m_worker->retire();
    m_worker = nullptr;
    m_index.reset();
    m_model->setIndex(nullptr);
    if (m_goTo)
        m_goTo->setIndex(nullptr);
    m_status->setText(tr("Not connected."));
    m_ddl->showMessage(tr("Select an object to see its DDL."));
}

void NavigatorView::databaseChanged(DatabaseChange change)
{
    if (change == DatabaseChange::Schema && m_worker)
        reload();
}

void NavigatorView::reload()
{
    if (!m_worker)
        return;
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Reading the catalog…"));
    // Two reads: the tables, views, functions and types paint the tree; their columns,
    // indexes, constraints, triggers and policies (most of a large catalog) follow.
    m_worker->run<CatalogIndex>(
        [](Session &session) { return readCatalogIndex(session, CatalogScope::WithoutTableParts); },
        this,
        [this, generation](Result<CatalogIndex> index) {
            if (generation != m_generation)
                return;
            showCatalog(std::move(index));
            if (m_index)
                readParts(generation);
        });
}

void NavigatorView::readParts(quint64 generation)
{
    // The index with the parts is made on the worker too: 80,000 names copied and lowered
    // there, not on the GUI thread.
    m_worker->run<CatalogIndex>(
        [first = m_index](Session &session) -> Result<CatalogIndex> {
            Result<QList<CatalogObject>> parts = readTableParts(session);
            if (!parts)
                return std::unexpected(parts.error());
            return first->withParts(*parts);
        },
        this,
        [this, generation](Result<CatalogIndex> index) {
            if (generation != m_generation)
                return;
            if (!index) {
                m_status->setText(tr("Could not read the tables' columns and indexes: %1")
                                      .arg(index.error().message));
            } else {
                m_index = std::make_shared<const CatalogIndex>(std::move(*index));
                m_model->addParts(m_index);
                if (m_goTo)
                    m_goTo->setIndex(m_index);
                if (m_model->filter().isEmpty())
                    m_status->setText(countsOf(*m_index));
                else
                    setFilterText(m_model->filter());
            }
            emit partsRead();
        });
}

void NavigatorView::showCatalog(Result<CatalogIndex> index)
{
    if (!index) {
        m_status->setText(tr("Could not read the catalog: %1").arg(index.error().message));
        emit catalogRead();
        return;
    }
    m_index = std::make_shared<const CatalogIndex>(std::move(*index));
    m_model->setIndex(m_index);
    if (m_goTo)
        m_goTo->setIndex(m_index);
    m_status->setText(countsOf(*m_index));
    // The schemas open, their folders closed: the first screen lists what there is.
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_tree->expand(m_model->index(row, 0));
    emit catalogRead();
}

void NavigatorView::setFilterText(const QString &text)
{
    m_filterDelay->stop();
    if (m_filter->text() != text) {
        const QSignalBlocker quiet(m_filter);
        m_filter->setText(text);
    }
    m_model->setFilter(text);
    if (!m_index)
        return;
    if (text.trimmed().isEmpty()) {
        m_status->setText(countsOf(*m_index));
        return;
    }
    m_status->setText(m_model->matchCount() == 0
                          ? tr("Nothing matches \"%1\".").arg(text.trimmed())
                          : tr("%1 match").arg(QLocale().toString(m_model->matchCount())));
    // A filtered tree is small: open it all to show the matches.
    if (m_model->matchCount() <= 500)
        m_tree->expandAll();
}

void NavigatorView::showGoTo(QWidget *over)
{
    if (!m_goTo) {
        m_goTo = new GoToPopup(over);
        connect(m_goTo, &GoToPopup::chosen, this, [this](int object) { goTo(object, true); });
    }
    m_goTo->setIndex(m_index);
    m_goTo->popUp();
}

void NavigatorView::goTo(int object, bool open)
{
    if (!m_index || object < 0 || object >= m_index->size())
        return;
    if (!m_model->filter().isEmpty())
        setFilterText(QString()); // the object may be filtered out
    const QModelIndex found = m_model->indexOfObject(object);
    if (found.isValid()) {
        m_tree->scrollTo(found);
        m_tree->setCurrentIndex(found); // shows its DDL
    } else {
        requestDdl(object);
    }
    if (open)
        activate(found.isValid() ? found : QModelIndex());
}

void NavigatorView::activate(const QModelIndex &index)
{
    const int object = m_model->objectAt(index);
    if (object < 0 || !m_index)
        return;
    const CatalogObject &target = m_index->objects().at(object);
    if (isRelation(target.kind) && router())
        router()->open(ViewTarget::tableRows(target.schema, target.name));
    else if (isTablePart(target.kind) && router())
        router()->open(ViewTarget::tableRows(target.schema, target.parent));
    else
        m_ddl->setFocus();
}

void NavigatorView::requestDdl(int object, std::function<void(const QString &)> then)
{
    if (!m_worker || !m_index)
        return;
    const CatalogObject target = m_index->objects().at(object);
    const quint64 asked = ++*m_ddlGeneration;
    const quint64 generation = m_generation;
    m_ddl->showMessage(tr("Reading the DDL of %1…").arg(target.qualified));
    // Arrowing down the tree asks for one DDL a row: a read that another has overtaken before
    // it started is skipped on the worker, so the last one asked is not kept waiting.
    m_worker->run<QString>(
        [target, asked, latest = m_ddlGeneration](Session &session) -> Result<QString> {
            if (asked != latest->load())
                return QString();
            return readObjectDdl(session, target);
        },
        this,
        [this, asked, generation, target, then](Result<QString> ddl) {
            if (asked != *m_ddlGeneration || generation != m_generation)
                return; // another object was selected meanwhile
            if (!ddl)
                m_ddl->showMessage(ddl.error().message);
            else
                m_ddl->showDdl(
                    QStringLiteral("%1 %2").arg(objectKindName(target.kind), target.qualified),
                    *ddl);
            if (ddl && then)
                then(*ddl);
            emit ddlShown();
        });
}

void NavigatorView::showContextMenu(const QPoint &at)
{
    const QModelIndex index = m_tree->indexAt(at);
    const int object = m_model->objectAt(index);
    if (object < 0 || !m_index)
        return;
    const CatalogObject target = m_index->objects().at(object);
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (isRelation(target.kind) || isTablePart(target.kind))
        menu->addAction(tr("Open in Data"), this, [this, index] { activate(index); });
    if (isRelation(target.kind) && router())
        menu->addAction(tr("Show in diagram"), this, [this, target] {
            router()->open(ViewTarget::diagramOf(target.schema, target.name));
        });
    menu->addAction(tr("Copy name"), this,
                    [target] { QApplication::clipboard()->setText(target.qualified); });
    menu->addAction(tr("Copy DDL"), this, [this, object] {
        requestDdl(object, [](const QString &ddl) { QApplication::clipboard()->setText(ddl); });
    });
    menu->popup(m_tree->viewport()->mapToGlobal(at));
}

QString NavigatorView::statusText() const
{
    return m_status->text();
}

} // namespace bridgescope
