#pragma once

#include "Error.h"

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QSizeF>
#include <QString>

namespace bridgescope {

// Node placement for the ER diagram by Graphviz (libgvc/libcgraph). Only positions come
// back: the diagram draws its own column-to-column edges, so that a dragged table's edges can
// be rerouted without another layout.

struct LayoutGraph
{
    struct Node
    {
        QSizeF size; // in points (1/72 in), as drawn
        int group = 0; // tables of one schema share a group and are laid out together
    };
    struct Edge
    {
        int from = 0; // referencing table
        int to = 0; // referenced table
    };
    QList<Node> nodes;
    QList<Edge> edges;
};

enum class LayoutEngine {
    Auto, // by size, see engineFor()
    Dot, // layered: referenced tables left of the tables that reference them
    Sfdp, // force-directed with overlap removal: seconds where dot would take minutes
};

QString layoutEngineName(LayoutEngine engine); // "dot", "sfdp"

// dot's layered look while it is quick; sfdp beyond. dot grows far faster than linearly with
// nodes and edges (a 500-table, 1,000-key graph takes minutes), sfdp stays near-linear.
LayoutEngine engineFor(int nodes, int edges);

struct LayoutResult
{
    QList<QPointF> topLeft; // per node, in points, y growing downwards, all >= 0
    QSizeF bounds;
    QStringList engines; // the engine used for each group, in group order ("dot", "sfdp")
};

// Lays out each group on its own (engine chosen per group unless forced), then packs the groups
// in rows, largest first. Keys between groups do not move tables across groups.
// Thread-safe: Graphviz keeps global state, so calls are serialised.
Result<LayoutResult> layoutGraph(const LayoutGraph &graph,
                                 LayoutEngine engine = LayoutEngine::Auto);

// The same graph and attributes as DOT text (one group's worth; the bench feeds this to the
// `dot` and `sfdp` programs to compare with layoutGraph()).
QByteArray toDotText(const LayoutGraph &graph, LayoutEngine engine);

} // namespace bridgescope
