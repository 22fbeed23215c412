#pragma once

#include "Error.h"
#include "catalog/SchemaSnapshot.h"
#include "diagram/GraphLayout.h"
#include "diagram/TableItem.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointF>

#include <memory>

class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace bridgescope {

class CatalogIndex;

class EdgeItem;

// The ER diagram of one SchemaSnapshot: a TableItem per table, an EdgeItem per foreign key
// whose both ends are shown, and a frame per schema when there are several. It knows nothing
// of the database or of threads: the view (or the CLI) hands it a snapshot and a layout.
class DiagramScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit DiagramScene(QObject *parent = nullptr);
    ~DiagramScene() override;

    void setSnapshot(const SchemaSnapshot &snapshot);
    const SchemaSnapshot &snapshot() const { return m_snapshot; }
    const QList<TableItem *> &tables() const { return m_tables; }
    const QList<EdgeItem *> &edges() const { return m_edges; }
    TableItem *table(const QString &schema, const QString &name) const;

    // Placement. Remembered positions (by "schema.name") are applied first; the tables left
    // over are laid out by Graphviz and placed beside the remembered ones.
    QList<TableItem *> restorePositions(const QHash<QString, QPointF> &positions);
    LayoutGraph layoutInput(const QList<TableItem *> &tables) const;
    void hideUntilPlaced(const QList<TableItem *> &tables); // and their edges, while Graphviz runs
    void placeLaidOut(const QList<TableItem *> &tables, const LayoutResult &layout);
    Status layOutNow(const QHash<QString, QPointF> &remembered = {}); // the CLI's one call
    QHash<QString, QPointF> positions() const;

    // What the user does.
    void highlightNeighbours(TableItem *table); // nullptr: everything back to normal
    struct Match
    {
        TableItem *table;
        int column; // -1: the table's name matched
    };
    // The tables matching the text, the best first (a table once, by its name or its best
    // column), each marked; old marks cleared.
    QList<Match> search(const QString &text);
    void tablesDropped(); // from TableItem: reroute, refit frames, say positions changed

    QRectF diagramRect() const; // every item with a margin: what an export must hold

signals:
    void tableActivated(const QString &schema, const QString &name);
    void positionsChanged();

private:
    void clearDiagram();
    void refitGroups();
    void onSelectionChanged();

    SchemaSnapshot m_snapshot;
    std::unique_ptr<DiagramMetrics> m_metrics;
    QList<TableItem *> m_tables;
    QList<EdgeItem *> m_edges;
    QHash<QString, QGraphicsRectItem *> m_groups; // schema → frame
    QHash<QString, QGraphicsSimpleTextItem *> m_groupLabels;
    std::unique_ptr<CatalogIndex> m_searchIndex; // the tables and columns, for search()
    QList<Match> m_searchTargets; // what each of its objects is in the scene
};

} // namespace bridgescope
