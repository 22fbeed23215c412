// Graphviz placement: nothing overlaps, dot puts referenced tables left of the tables that
// reference them, schema groups stay apart, and a 1,000-table graph is laid out by sfdp.
#include "diagram/GraphLayout.h"

#include <QRandomGenerator>
#include <QRectF>
#include <QTest>

using namespace bridgescope;

namespace {

QList<QRectF> boxes(const LayoutGraph &graph, const LayoutResult &result)
{
    QList<QRectF> rects;
    for (int i = 0; i < graph.nodes.size(); ++i)
        rects.append(QRectF(result.topLeft.at(i), graph.nodes.at(i).size));
    return rects;
}

// The first pair of boxes that overlap, as text; empty when none do.
QString firstOverlap(const QList<QRectF> &rects)
{
    for (int i = 0; i < rects.size(); ++i) {
        for (int j = i + 1; j < rects.size(); ++j) {
            if (rects.at(i).intersects(rects.at(j)))
                return QStringLiteral("%1 and %2").arg(i).arg(j);
        }
    }
    return {};
}

LayoutGraph randomGraph(int nodes, int edges, int groups, quint32 seed)
{
    QRandomGenerator random(seed);
    LayoutGraph graph;
    for (int i = 0; i < nodes; ++i)
        graph.nodes.append(
            { QSizeF(120 + random.bounded(120), 40 + 16 * random.bounded(12)), i % groups });
    for (int i = 0; i < edges; ++i)
        graph.edges.append({ int(random.bounded(nodes)), int(random.bounded(nodes)) });
    return graph;
}

} // namespace

class tst_GraphLayout : public QObject
{
    Q_OBJECT
private slots:
    void dotPutsReferencedTablesLeft()
    {
        // 0 references 1, 1 references 2; 3 stands alone.
        LayoutGraph graph;
        for (int i = 0; i < 4; ++i)
            graph.nodes.append({ QSizeF(150, 100), 0 });
        graph.edges = { { 0, 1 }, { 1, 2 }, { 0, 0 } };
        const auto result = layoutGraph(graph);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->engines, QStringList { QStringLiteral("dot") });
        QVERIFY(result->topLeft.at(2).x() + 150 <= result->topLeft.at(1).x());
        QVERIFY(result->topLeft.at(1).x() + 150 <= result->topLeft.at(0).x());
        const QList<QRectF> rects = boxes(graph, *result);
        QVERIFY2(firstOverlap(rects).isEmpty(), qPrintable(firstOverlap(rects)));
        for (const QRectF &rect : rects) {
            QVERIFY(rect.left() >= 0 && rect.top() >= 0);
            QVERIFY(rect.right() <= result->bounds.width() + 0.01);
            QVERIFY(rect.bottom() <= result->bounds.height() + 0.01);
        }
    }

    void groupsDoNotInterleave()
    {
        LayoutGraph graph = randomGraph(30, 40, 3, 7);
        const auto result = layoutGraph(graph);
        QVERIFY(result);
        QCOMPARE(result->engines.size(), 3);
        QList<QRectF> groupBounds(3);
        const QList<QRectF> rects = boxes(graph, *result);
        for (int i = 0; i < rects.size(); ++i)
            groupBounds[graph.nodes.at(i).group] |= rects.at(i);
        QVERIFY2(firstOverlap(groupBounds).isEmpty(), qPrintable(firstOverlap(groupBounds)));
        QVERIFY2(firstOverlap(rects).isEmpty(), qPrintable(firstOverlap(rects)));
    }

    void largeGraphUsesSfdpWithoutOverlap()
    {
        LayoutGraph graph = randomGraph(1000, 2000, 1, 42);
        QCOMPARE(engineFor(1000, 2000), LayoutEngine::Sfdp);
        const auto result = layoutGraph(graph);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->engines, QStringList { QStringLiteral("sfdp") });
        const QList<QRectF> rects = boxes(graph, *result);
        QVERIFY2(firstOverlap(rects).isEmpty(), qPrintable(firstOverlap(rects)));
    }

    // A table with thirty tables around it (a focus on a much-referenced table) is not a column
    // of thirty boxes: the layout spreads them around it, none over another.
    void aHubsNeighboursAreSpreadAround()
    {
        LayoutGraph graph;
        graph.nodes.append({ QSizeF(180, 200), 0 });
        for (int i = 1; i <= 30; ++i) {
            graph.nodes.append({ QSizeF(160, 120), 0 });
            graph.edges.append({ i, 0 });
        }
        const auto result = layoutGraph(graph);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        const QList<QRectF> rects = boxes(graph, *result);
        QVERIFY2(firstOverlap(rects).isEmpty(), qPrintable(firstOverlap(rects)));
        QRectF bounds;
        for (const QRectF &rect : rects)
            bounds = bounds.united(rect);
        QVERIFY2(bounds.height() < 2.5 * bounds.width() && bounds.width() < 2.5 * bounds.height(),
                 qPrintable(QStringLiteral("%1 × %2").arg(bounds.width()).arg(bounds.height())));
        // A chain of the same length keeps dot's layers.
        LayoutGraph chain;
        for (int i = 0; i <= 30; ++i) {
            chain.nodes.append({ QSizeF(160, 120), 0 });
            if (i > 0)
                chain.edges.append({ i, i - 1 });
        }
        QCOMPARE(layoutGraph(chain)->engines, QStringList { QStringLiteral("dot") });
    }

    void dotTextDescribesTheSameGraph()
    {
        LayoutGraph graph = randomGraph(5, 4, 1, 3);
        const QByteArray text = toDotText(graph, LayoutEngine::Sfdp);
        QVERIFY(text.startsWith("digraph g {"));
        QCOMPARE(text.count("fixedsize"), 1);
        QCOMPARE(text.count(" [width="), 5);
        int edges = 0;
        for (const LayoutGraph::Edge &edge : graph.edges)
            edges += edge.from != edge.to;
        QCOMPARE(text.count(" -> "), edges);
        QVERIFY(text.contains("overlap=\"prism\""));
    }

    void emptyGraph()
    {
        const auto result = layoutGraph(LayoutGraph {});
        QVERIFY(result);
        QVERIFY(result->topLeft.isEmpty());
        QCOMPARE(result->bounds, QSizeF(0, 0));
    }
};

QTEST_APPLESS_MAIN(tst_GraphLayout)
#include "tst_graphlayout.moc"
