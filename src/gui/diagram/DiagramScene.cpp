#include "diagram/DiagramScene.h"

#include "catalog/CatalogIndex.h"
#include "diagram/DiagramColors.h"
#include "diagram/EdgeItem.h"

#include <QFont>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>

#include <algorithm>

namespace bridgescope {

namespace {

constexpr qreal kMargin = 40;
constexpr qreal kGroupPadding = 24;

QString keyOf(const TableInfo &table)
{
    return table.qualifiedName();
}

} // namespace

DiagramScene::DiagramScene(QObject *parent)
    : QGraphicsScene(parent)
    , m_metrics(std::make_unique<DiagramMetrics>(QFont()))
{
    setBackgroundBrush(diagramcolors::page());
    // A 1,000-table scene is mostly moved and zoomed, rarely changed: the BSP index pays.
    setItemIndexMethod(BspTreeIndex);
    connect(this, &QGraphicsScene::selectionChanged, this, &DiagramScene::onSelectionChanged);
}

DiagramScene::~DiagramScene()
{
    // Items are deleted by QGraphicsScene; the selection signal must not reach them half-gone.
    disconnect(this, &QGraphicsScene::selectionChanged, this, &DiagramScene::onSelectionChanged);
}

void DiagramScene::clearDiagram()
{
    clearSelection();
    clear();
    m_tables.clear();
    m_searchIndex.reset();
    m_searchTargets.clear();
    m_edges.clear();
    m_groups.clear();
    m_groupLabels.clear();
}

void DiagramScene::setSnapshot(const SchemaSnapshot &snapshot)
{
    clearDiagram();
    m_snapshot = snapshot;
    QSet<QString> schemasShown;
    for (const TableInfo &table : snapshot.tables)
        schemasShown.insert(table.schema);
    const bool showSchema = schemasShown.size() > 1;

    QHash<QString, TableItem *> byName;
    const QList<QList<ColumnRoles>> roles = allColumnRoles(snapshot);
    for (int i = 0; i < snapshot.tables.size(); ++i) {
        const TableInfo &table = snapshot.tables.at(i);
        auto *item = new TableItem(table, roles.at(i), *m_metrics, showSchema);
        addItem(item);
        m_tables.append(item);
        byName.insert(keyOf(table), item);
    }
    // Keys that partitions each declare alike are one edge.
    for (const ForeignKeyInfo &key : distinctForeignKeys(snapshot.foreignKeys)) {
        TableItem *from = byName.value(key.fromSchema + QLatin1Char('.') + key.fromTable);
        TableItem *to = byName.value(key.toSchema + QLatin1Char('.') + key.toTable);
        if (!from || !to)
            continue; // the other end is in a schema not shown
        auto *edge = new EdgeItem(key, from, to);
        addItem(edge);
        if (edge->label())
            addItem(edge->label());
        from->addEdge(edge);
        if (to != from)
            to->addEdge(edge);
        m_edges.append(edge);
    }
    if (showSchema) {
        for (const QString &schema : std::as_const(schemasShown)) {
            auto *frame = addRect(QRectF(), QPen(diagramcolors::boxBorder(), 1, Qt::DashLine),
                                  diagramcolors::groupFill());
            frame->setZValue(-1);
            auto *label = addSimpleText(schema);
            QFont font = m_metrics->bold;
            font.setPointSizeF(12);
            label->setFont(font);
            label->setBrush(diagramcolors::groupText());
            label->setZValue(-1);
            m_groups.insert(schema, frame);
            m_groupLabels.insert(schema, label);
        }
    }
}

TableItem *DiagramScene::table(const QString &schema, const QString &name) const
{
    for (TableItem *item : m_tables) {
        if (item->table().schema == schema && item->table().name == name)
            return item;
    }
    return nullptr;
}

QList<TableItem *> DiagramScene::restorePositions(const QHash<QString, QPointF> &positions)
{
    QList<TableItem *> unplaced;
    for (TableItem *item : std::as_const(m_tables)) {
        const auto found = positions.constFind(keyOf(item->table()));
        if (found == positions.cend())
            unplaced.append(item);
        else
            item->setPos(found.value());
    }
    return unplaced;
}

LayoutGraph DiagramScene::layoutInput(const QList<TableItem *> &tables) const
{
    LayoutGraph graph;
    QHash<const TableItem *, int> index;
    QStringList schemas;
    for (TableItem *item : tables) {
        int group = int(schemas.indexOf(item->table().schema));
        if (group < 0) {
            group = int(schemas.size());
            schemas.append(item->table().schema);
        }
        index.insert(item, int(graph.nodes.size()));
        graph.nodes.append({ item->size(), group });
    }
    for (const EdgeItem *edge : m_edges) {
        const auto from = index.constFind(edge->from());
        const auto to = index.constFind(edge->to());
        if (from != index.cend() && to != index.cend())
            graph.edges.append({ from.value(), to.value() });
    }
    return graph;
}

void DiagramScene::hideUntilPlaced(const QList<TableItem *> &tables)
{
    for (TableItem *item : tables) {
        item->setVisible(false);
        for (EdgeItem *edge : item->edges())
            edge->setVisible(false);
    }
}

void DiagramScene::placeLaidOut(const QList<TableItem *> &tables, const LayoutResult &layout)
{
    // Beside what is already placed: the tables the user arranged stay where they are.
    QRectF placed;
    for (TableItem *item : std::as_const(m_tables)) {
        if (!tables.contains(item))
            placed |= item->sceneBoundingRect();
    }
    const qreal groupRoom = m_groups.isEmpty() ? 0 : kGroupPadding * 2;
    const QPointF origin
        = placed.isNull() ? QPointF(0, 0) : QPointF(placed.right() + 120 + groupRoom, placed.top());
    for (int i = 0; i < tables.size() && i < layout.topLeft.size(); ++i)
        tables.at(i)->setPos(origin + layout.topLeft.at(i));
    for (TableItem *item : std::as_const(m_tables))
        item->setVisible(true);
    for (EdgeItem *edge : std::as_const(m_edges)) {
        edge->reroute();
        edge->setVisible(true);
    }
    refitGroups();
    setSceneRect(diagramRect());
}

Status DiagramScene::layOutNow(const QHash<QString, QPointF> &remembered)
{
    const QList<TableItem *> unplaced = restorePositions(remembered);
    if (unplaced.isEmpty()) {
        placeLaidOut({}, {});
        return {};
    }
    Result<LayoutResult> layout = layoutGraph(layoutInput(unplaced));
    if (!layout)
        return std::unexpected(layout.error());
    placeLaidOut(unplaced, *layout);
    return {};
}

QHash<QString, QPointF> DiagramScene::positions() const
{
    QHash<QString, QPointF> result;
    for (const TableItem *item : m_tables)
        result.insert(keyOf(item->table()), item->pos());
    return result;
}

void DiagramScene::refitGroups()
{
    QHash<QString, QRectF> bounds;
    for (const TableItem *item : std::as_const(m_tables))
        bounds[item->table().schema] |= item->sceneBoundingRect();
    for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
        const QRectF rect = bounds.value(it.key()).adjusted(-kGroupPadding, -kGroupPadding * 2,
                                                            kGroupPadding, kGroupPadding);
        it.value()->setRect(rect);
        m_groupLabels.value(it.key())->setPos(rect.topLeft() + QPointF(10, 6));
    }
}

QRectF DiagramScene::diagramRect() const
{
    QRectF rect;
    for (const TableItem *item : m_tables)
        rect |= item->sceneBoundingRect();
    for (const EdgeItem *edge : m_edges)
        rect |= edge->sceneBoundingRect();
    for (const QGraphicsRectItem *frame : m_groups)
        rect |= frame->sceneBoundingRect();
    return rect.adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

void DiagramScene::tablesDropped()
{
    for (EdgeItem *edge : std::as_const(m_edges)) {
        if (edge->from()->isSelected() || edge->to()->isSelected())
            edge->reroute();
    }
    refitGroups();
    setSceneRect(diagramRect());
    emit positionsChanged();
}

void DiagramScene::highlightNeighbours(TableItem *focus)
{
    QSet<const TableItem *> lit;
    if (focus) {
        lit.insert(focus);
        for (const EdgeItem *edge : focus->edges()) {
            lit.insert(edge->from());
            lit.insert(edge->to());
        }
    }
    for (TableItem *item : std::as_const(m_tables))
        item->setDimmed(focus && !lit.contains(item));
    for (EdgeItem *edge : std::as_const(m_edges)) {
        const bool touches = focus && (edge->from() == focus || edge->to() == focus);
        edge->setEmphasis(touches, focus && !touches);
    }
}

void DiagramScene::onSelectionChanged()
{
    const QList<QGraphicsItem *> selected = selectedItems();
    TableItem *focus = nullptr;
    if (selected.size() == 1 && selected.first()->type() == TableItem::Type)
        focus = static_cast<TableItem *>(selected.first());
    highlightNeighbours(focus);
}

QList<DiagramScene::Match> DiagramScene::search(const QString &text)
{
    // Go to anything's matcher over the tables drawn and their columns: the table of the exact
    // name first, a table before a column of the same rank, `schema.table`, `s.t` and
    // `table.column` understood. Made once per diagram, on the first search.
    if (!m_searchIndex) {
        QList<CatalogObject> objects;
        m_searchTargets.clear();
        for (TableItem *item : std::as_const(m_tables)) {
            const TableInfo &table = item->table();
            CatalogObject object;
            object.kind = ObjectKind::Table;
            object.schema = table.schema;
            object.name = table.name;
            objects << object;
            m_searchTargets << Match { item, -1 };
            for (int c = 0; c < table.columns.size(); ++c) {
                CatalogObject column;
                column.kind = ObjectKind::Column;
                column.schema = table.schema;
                column.parent = table.name;
                column.name = table.columns.at(c).name;
                objects << column;
                m_searchTargets << Match { item, c };
            }
        }
        m_searchIndex = std::make_unique<CatalogIndex>(objects);
    }
    for (TableItem *item : std::as_const(m_tables))
        item->setMatch(false);
    QList<Match> matches;
    if (text.trimmed().isEmpty())
        return matches;
    // A table is listed once: at its best rank, by its name or its best column.
    QSet<const TableItem *> listed;
    for (const CatalogMatch &found : m_searchIndex->find(text, int(m_searchTargets.size()))) {
        const Match &match = m_searchTargets.at(found.index);
        if (listed.contains(match.table))
            continue;
        listed.insert(match.table);
        match.table->setMatch(true, match.column);
        matches << match;
    }
    return matches;
}

} // namespace bridgescope
