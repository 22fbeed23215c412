#include "diagram/GraphLayout.h"

#include <QHash>
#include <QMap>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <graphviz/gvc.h>
#include <numeric>

namespace bridgescope {

namespace {

// Graphviz's defaults where they read well for boxes of columns; all lengths in inches, as
// Graphviz takes them. Edges are not routed (splines=false): the diagram draws its own.
constexpr double kPointsPerInch = 72.0;
constexpr double kComponentGap = 48.0; // points between packed components of one group
constexpr double kGroupGap = 120.0; // between groups: room for a schema's frame and title

// dot stays under about a second up to here on this machine (bench/cases/diagram_*.sh).
constexpr int kDotNodeLimit = 80;
constexpr int kDotEdgeLimit = 160;

struct Attribute
{
    const char *name;
    const char *value;
};

QList<Attribute> graphAttributes(LayoutEngine engine)
{
    if (engine == LayoutEngine::Dot)
        return {
            { "rankdir", "LR" }, { "nodesep", "0.35" }, { "ranksep", "1.1" }, { "splines", "false" }
        };
    return { { "overlap", "prism" }, { "sep", "+18" }, { "splines", "false" }, { "K", "2.5" } };
}

// A connected component of one group: node indices into the whole graph and its edges.
struct Component
{
    QList<int> nodes;
    QList<LayoutGraph::Edge> edges;
};

struct Placed
{
    QList<QPointF> topLeft; // per member, relative to the block's own top-left
    QSizeF size;
};

// Rows of blocks, tallest first, a row filled up to a width that makes the whole roughly 3:2.
QList<QPointF> shelfPack(const QList<QSizeF> &sizes, double gap, QSizeF *bounds)
{
    QList<int> order(sizes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return sizes.at(a).height() > sizes.at(b).height(); });
    double area = 0, widest = 0;
    for (const QSizeF &size : sizes) {
        area += (size.width() + gap) * (size.height() + gap);
        widest = std::max(widest, size.width());
    }
    const double rowLimit = std::max(widest, std::sqrt(area * 1.5));
    QList<QPointF> positions(sizes.size());
    double x = 0, y = 0, rowHeight = 0, width = 0;
    for (int index : order) {
        const QSizeF size = sizes.at(index);
        if (x > 0 && x + size.width() > rowLimit) {
            y += rowHeight + gap;
            x = 0;
            rowHeight = 0;
        }
        positions[index] = QPointF(x, y);
        x += size.width() + gap;
        rowHeight = std::max(rowHeight, size.height());
        width = std::max(width, x - gap);
    }
    *bounds = QSizeF(width, y + rowHeight);
    return positions;
}

// Graphviz 2.42 takes char * for strings it only reads.
char *gv(const char *text)
{
    return const_cast<char *>(text);
}

QByteArray inches(double points)
{
    return QByteArray::number(points / kPointsPerInch, 'f', 4);
}

GVC_t *graphvizContext()
{
    // Made once: loading the plugin configuration is the slow part of a small layout.
    static GVC_t *context = gvContext();
    return context;
}

Result<Placed> layoutComponent(const LayoutGraph &graph, const Component &component,
                               LayoutEngine engine)
{
    Placed placed;
    if (component.nodes.size() == 1) {
        placed.topLeft = { QPointF(0, 0) };
        placed.size = graph.nodes.at(component.nodes.first()).size;
        return placed;
    }
    Agraph_t *g = agopen(gv("g"), Agdirected, nullptr);
    for (const Attribute &attribute : graphAttributes(engine))
        agattr(g, AGRAPH, gv(attribute.name), gv(attribute.value));
    agattr(g, AGNODE, gv("shape"), gv("box"));
    agattr(g, AGNODE, gv("fixedsize"), gv("true"));
    agattr(g, AGNODE, gv("label"), gv(""));
    Agsym_t *width = agattr(g, AGNODE, gv("width"), gv("1"));
    Agsym_t *height = agattr(g, AGNODE, gv("height"), gv("1"));

    QHash<int, Agnode_t *> nodes;
    for (int i = 0; i < component.nodes.size(); ++i) {
        const int index = component.nodes.at(i);
        QByteArray name = "n" + QByteArray::number(index);
        Agnode_t *node = agnode(g, name.data(), 1);
        agxset(node, width, inches(graph.nodes.at(index).size.width()).data());
        agxset(node, height, inches(graph.nodes.at(index).size.height()).data());
        nodes.insert(index, node);
    }
    for (const LayoutGraph::Edge &edge : component.edges) {
        if (edge.from == edge.to)
            continue; // a self-reference does not move anything
        // Referenced → referencing, so that with rankdir=LR the referenced table is on the left.
        agedge(g, nodes.value(edge.to), nodes.value(edge.from), nullptr, 1);
    }
    QByteArray engineName = layoutEngineName(engine).toLatin1();
    if (gvLayout(graphvizContext(), g, engineName.data()) != 0) {
        agclose(g);
        return fail(Error::Kind::Environment,
                    QStringLiteral("Graphviz could not lay out the diagram with %1. Its plugins "
                                   "may not be registered: run `dot -c` as root.")
                        .arg(layoutEngineName(engine)));
    }
    double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
    QList<QPointF> topLeft;
    for (int index : component.nodes) {
        Agnode_t *node = nodes.value(index);
        const QSizeF size = graph.nodes.at(index).size;
        // Graphviz's y grows upwards; the scene's grows downwards.
        const QPointF corner(ND_coord(node).x - size.width() / 2,
                             -ND_coord(node).y - size.height() / 2);
        topLeft.append(corner);
        minX = std::min(minX, corner.x());
        minY = std::min(minY, corner.y());
        maxX = std::max(maxX, corner.x() + size.width());
        maxY = std::max(maxY, corner.y() + size.height());
    }
    gvFreeLayout(graphvizContext(), g);
    agclose(g);
    for (QPointF &corner : topLeft)
        corner -= QPointF(minX, minY);
    placed.topLeft = topLeft;
    placed.size = QSizeF(maxX - minX, maxY - minY);
    return placed;
}

// The connected components of one group, biggest first (union-find over its edges).
QList<Component> componentsOf(const LayoutGraph &graph, const QList<int> &members)
{
    QHash<int, int> parent;
    for (int node : members)
        parent.insert(node, node);
    const auto find = [&](int node) {
        while (parent.value(node) != node) {
            parent[node] = parent.value(parent.value(node));
            node = parent.value(node);
        }
        return node;
    };
    QList<LayoutGraph::Edge> inside;
    for (const LayoutGraph::Edge &edge : graph.edges) {
        if (!parent.contains(edge.from) || !parent.contains(edge.to))
            continue;
        inside.append(edge);
        parent[find(edge.from)] = find(edge.to);
    }
    QHash<int, int> componentOfRoot;
    QList<Component> components;
    for (int node : members) {
        const int root = find(node);
        auto it = componentOfRoot.find(root);
        if (it == componentOfRoot.end()) {
            it = componentOfRoot.insert(root, int(components.size()));
            components.append(Component {});
        }
        components[it.value()].nodes.append(node);
    }
    for (const LayoutGraph::Edge &edge : std::as_const(inside))
        components[componentOfRoot.value(find(edge.from))].edges.append(edge);
    std::stable_sort(
        components.begin(), components.end(),
        [](const Component &a, const Component &b) { return a.nodes.size() > b.nodes.size(); });
    return components;
}

// Whether one table has kStarLeaves or more neighbours that have no other.
bool isStar(const Component &component)
{
    constexpr int kStarLeaves = 12;
    QHash<int, QSet<int>> neighbours;
    for (const LayoutGraph::Edge &edge : component.edges) {
        if (edge.from == edge.to)
            continue;
        neighbours[edge.from].insert(edge.to);
        neighbours[edge.to].insert(edge.from);
    }
    for (auto it = neighbours.cbegin(); it != neighbours.cend(); ++it) {
        int leaves = 0;
        for (const int other : it.value())
            leaves += neighbours.value(other).size() == 1;
        if (leaves >= kStarLeaves)
            return true;
    }
    return false;
}

} // namespace

QString layoutEngineName(LayoutEngine engine)
{
    return engine == LayoutEngine::Dot ? QStringLiteral("dot") : QStringLiteral("sfdp");
}

LayoutEngine engineFor(int nodes, int edges)
{
    return nodes <= kDotNodeLimit && edges <= kDotEdgeLimit ? LayoutEngine::Dot
                                                            : LayoutEngine::Sfdp;
}

Result<LayoutResult> layoutGraph(const LayoutGraph &graph, LayoutEngine engine)
{
    static QMutex graphvizMutex;
    QMutexLocker lock(&graphvizMutex);

    QMap<int, QList<int>> groups;
    for (int i = 0; i < graph.nodes.size(); ++i)
        groups[graph.nodes.at(i).group].append(i);

    LayoutResult result;
    result.topLeft.resize(graph.nodes.size());
    QList<Placed> groupBlocks;
    QList<QList<int>> groupMembers;
    for (auto group = groups.cbegin(); group != groups.cend(); ++group) {
        const QList<Component> components = componentsOf(graph, group.value());
        QList<Placed> blocks;
        QList<QSizeF> sizes;
        bool usedSfdp = false;
        for (const Component &component : components) {
            LayoutEngine chosen = engine == LayoutEngine::Auto
                ? engineFor(int(component.nodes.size()), int(component.edges.size()))
                : engine;
            // A hub with many tables around it (a focus on a much-referenced table): dot would
            // put them all in one rank, a column hundreds of boxes tall; sfdp spreads them
            // around it.
            if (engine == LayoutEngine::Auto && isStar(component))
                chosen = LayoutEngine::Sfdp;
            usedSfdp = usedSfdp || (chosen == LayoutEngine::Sfdp && component.nodes.size() > 1);
            Result<Placed> placed = layoutComponent(graph, component, chosen);
            if (!placed)
                return std::unexpected(placed.error());
            blocks.append(*placed);
            sizes.append(placed->size);
        }
        result.engines.append(usedSfdp ? QStringLiteral("sfdp") : QStringLiteral("dot"));
        // Components side by side within the group, as one block.
        Placed groupBlock;
        const QList<QPointF> offsets = shelfPack(sizes, kComponentGap, &groupBlock.size);
        QList<int> members;
        for (int c = 0; c < components.size(); ++c) {
            for (int i = 0; i < components.at(c).nodes.size(); ++i) {
                members.append(components.at(c).nodes.at(i));
                groupBlock.topLeft.append(blocks.at(c).topLeft.at(i) + offsets.at(c));
            }
        }
        groupBlocks.append(groupBlock);
        groupMembers.append(members);
    }
    QList<QSizeF> groupSizes;
    for (const Placed &block : std::as_const(groupBlocks))
        groupSizes.append(block.size);
    const QList<QPointF> groupOffsets = shelfPack(groupSizes, kGroupGap, &result.bounds);
    for (int g = 0; g < groupBlocks.size(); ++g) {
        for (int i = 0; i < groupMembers.at(g).size(); ++i)
            result.topLeft[groupMembers.at(g).at(i)]
                = groupBlocks.at(g).topLeft.at(i) + groupOffsets.at(g);
    }
    return result;
}

QByteArray toDotText(const LayoutGraph &graph, LayoutEngine engine)
{
    QByteArray text;
    QTextStream out(&text);
    out << "digraph g {\n";
    for (const Attribute &attribute : graphAttributes(engine))
        out << "  " << attribute.name << "=\"" << attribute.value << "\";\n";
    out << "  node [shape=box, fixedsize=true, label=\"\"];\n";
    for (int i = 0; i < graph.nodes.size(); ++i)
        out << "  n" << i << " [width=" << inches(graph.nodes.at(i).size.width())
            << ", height=" << inches(graph.nodes.at(i).size.height()) << "];\n";
    for (const LayoutGraph::Edge &edge : graph.edges) {
        if (edge.from != edge.to)
            out << "  n" << edge.to << " -> n" << edge.from << ";\n";
    }
    out << "}\n";
    out.flush();
    return text;
}

} // namespace bridgescope
