#include "plan/PlanFigures.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace bridgescope {

namespace {

double number(const QJsonObject &node, const char *key, double otherwise = 0)
{
    const QJsonValue value = node.value(QLatin1String(key));
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) { // a text plan's figures, or a JSON twin's odd one
        bool ok = false;
        const double parsed = value.toString().toDouble(&ok);
        return ok ? parsed : otherwise;
    }
    return otherwise;
}

QString text(const QJsonObject &node, const char *key)
{
    return node.value(QLatin1String(key)).toString();
}

bool isCte(const QJsonObject &node)
{
    return text(node, "Parent Relationship") == QLatin1String("InitPlan")
        && text(node, "Subplan Name").startsWith(QLatin1String("CTE"));
}

PlanBuffers buffersOf(const QJsonObject &node)
{
    PlanBuffers buffers;
    buffers.sharedHit = qint64(number(node, "Shared Hit Blocks"));
    buffers.sharedRead = qint64(number(node, "Shared Read Blocks"));
    buffers.sharedDirtied = qint64(number(node, "Shared Dirtied Blocks"));
    buffers.sharedWritten = qint64(number(node, "Shared Written Blocks"));
    buffers.localHit = qint64(number(node, "Local Hit Blocks"));
    buffers.localRead = qint64(number(node, "Local Read Blocks"));
    buffers.tempRead = qint64(number(node, "Temp Read Blocks"));
    buffers.tempWritten = qint64(number(node, "Temp Written Blocks"));
    // PostgreSQL 17 splits I/O timings by scope; before, shared and local were one.
    buffers.ioReadMs = number(node, "I/O Read Time") + number(node, "Shared I/O Read Time")
        + number(node, "Local I/O Read Time");
    buffers.ioWriteMs = number(node, "I/O Write Time") + number(node, "Shared I/O Write Time")
        + number(node, "Local I/O Write Time");
    return buffers;
}

PlanBuffers plus(const PlanBuffers &a, const PlanBuffers &b)
{
    PlanBuffers sum = a;
    sum.sharedHit += b.sharedHit;
    sum.sharedRead += b.sharedRead;
    sum.sharedDirtied += b.sharedDirtied;
    sum.sharedWritten += b.sharedWritten;
    sum.localHit += b.localHit;
    sum.localRead += b.localRead;
    sum.tempRead += b.tempRead;
    sum.tempWritten += b.tempWritten;
    sum.ioReadMs += b.ioReadMs;
    sum.ioWriteMs += b.ioWriteMs;
    return sum;
}

PlanBuffers minus(PlanBuffers a, const PlanBuffers &b)
{
    a.sharedHit -= b.sharedHit;
    a.sharedRead -= b.sharedRead;
    a.sharedDirtied -= b.sharedDirtied;
    a.sharedWritten -= b.sharedWritten;
    a.localHit -= b.localHit;
    a.localRead -= b.localRead;
    a.tempRead -= b.tempRead;
    a.tempWritten -= b.tempWritten;
    a.ioReadMs -= b.ioReadMs;
    a.ioWriteMs -= b.ioWriteMs;
    return a;
}

// The condition that names what a node does, in the order a reader looks for it.
void pickCondition(const QJsonObject &node, PlanNode &out)
{
    for (const char *key : { "Hash Cond", "Merge Cond", "Index Cond", "Join Filter", "Recheck Cond",
                             "Filter", "TID Cond", "One-Time Filter" }) {
        const QString value = text(node, key);
        if (!value.isEmpty()) {
            out.condition = value;
            out.conditionKind = QString::fromLatin1(key);
            return;
        }
    }
}

class Builder
{
public:
    Result<Plan> build(const QJsonObject &explain)
    {
        const QJsonValue top = explain.value(QLatin1String("Plan"));
        if (!top.isObject())
            return fail(Error::Kind::Usage,
                        QStringLiteral("This is not an EXPLAIN plan: its JSON has no \"Plan\"."));
        m_plan.analyzed = top.toObject().contains(QLatin1String("Actual Loops"));
        if (!add(top.toObject(), -1, 0, 0))
            return fail(Error::Kind::Usage,
                        QStringLiteral("The plan is nested deeper than %1 levels, which no server "
                                       "writes: it is not read.")
                            .arg(kMostDepth));
        if (explain.contains(QLatin1String("Planning Time")))
            m_plan.planningMs = number(explain, "Planning Time");
        if (explain.contains(QLatin1String("Execution Time")))
            m_plan.executionMs = number(explain, "Execution Time");
        else if (explain.contains(QLatin1String("Total Runtime"))) // before 9.4
            m_plan.executionMs = number(explain, "Total Runtime");
        for (const QJsonValue &value : explain.value(QLatin1String("Triggers")).toArray()) {
            const QJsonObject trigger = value.toObject();
            m_plan.triggers << PlanTrigger { text(trigger, "Trigger Name"),
                                             text(trigger, "Relation"), number(trigger, "Time"),
                                             qint64(number(trigger, "Calls")) };
        }
        if (explain.value(QLatin1String("JIT")).isObject())
            m_plan.jit = jitOf(explain.value(QLatin1String("JIT")).toObject());
        m_plan.settings = explain.value(QLatin1String("Settings")).toObject();
        derive();
        return std::move(m_plan);
    }

private:
    static constexpr int kMostDepth = 1000;

    static PlanJit jitOf(const QJsonObject &jit)
    {
        PlanJit out;
        out.functions = int(number(jit, "Functions"));
        const QJsonObject timing = jit.value(QLatin1String("Timing")).toObject();
        auto part = [&](const char *key) {
            const QJsonValue value = timing.value(QLatin1String(key));
            // PostgreSQL 14+ splits Generation into Deform and Expressions (an object).
            return value.isObject() ? number(value.toObject(), "Total") : number(timing, key);
        };
        out.generationMs = part("Generation");
        out.inliningMs = part("Inlining");
        out.optimizationMs = part("Optimization");
        out.emissionMs = part("Emission");
        out.totalMs = part("Total");
        QStringList options;
        const QJsonObject given = jit.value(QLatin1String("Options")).toObject();
        for (auto it = given.begin(); it != given.end(); ++it)
            options << QStringLiteral("%1 %2").arg(
                it.key(), it.value().toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        out.options = options.join(QStringLiteral(", "));
        return out;
    }

    bool add(const QJsonObject &node, int parent, int depth, int workersOfGather)
    {
        if (depth > kMostDepth)
            return false;
        PlanNode out;
        out.id = int(m_plan.nodes.size());
        out.parent = parent;
        out.depth = depth;
        out.nodeType = text(node, "Node Type");
        out.label = planNodeLabel(node);
        out.relation = text(node, "Relation Name");
        out.schema = text(node, "Schema");
        out.alias = text(node, "Alias");
        out.index = text(node, "Index Name");
        out.cteName = text(node, "CTE Name");
        out.functionName = text(node, "Function Name");
        out.parentRelationship = text(node, "Parent Relationship");
        out.subplanName = text(node, "Subplan Name");
        pickCondition(node, out);
        out.startupCost = number(node, "Startup Cost");
        out.totalCost = number(node, "Total Cost");
        out.planRows = number(node, "Plan Rows");
        out.planWidth = int(number(node, "Plan Width"));
        out.analyzed = node.contains(QLatin1String("Actual Loops"));
        out.loops = qint64(number(node, "Actual Loops"));
        out.neverExecuted = out.analyzed && out.loops == 0;
        out.timed = node.contains(QLatin1String("Actual Total Time"));
        out.actualStartupMs = number(node, "Actual Startup Time");
        out.actualTotalMs = number(node, "Actual Total Time");
        out.actualRows = number(node, "Actual Rows");
        out.rowsRemovedByFilter = number(node, "Rows Removed by Filter");
        out.rowsRemovedByJoinFilter = number(node, "Rows Removed by Join Filter");
        out.rowsRemovedByIndexRecheck = number(node, "Rows Removed by Index Recheck");
        out.buffers = buffersOf(node);
        if (node.contains(QLatin1String("Workers Planned")))
            out.workersPlanned = int(number(node, "Workers Planned"));
        if (node.contains(QLatin1String("Workers Launched")))
            out.workersLaunched = int(number(node, "Workers Launched"));
        out.workersOfGather = workersOfGather;
        out.sortMethod = text(node, "Sort Method");
        out.sortSpaceType = text(node, "Sort Space Type");
        if (node.contains(QLatin1String("Sort Space Used")))
            out.sortSpaceKb = qint64(number(node, "Sort Space Used"));
        if (node.contains(QLatin1String("Hash Batches")))
            out.hashBatches = qint64(number(node, "Hash Batches"));
        if (node.contains(QLatin1String("Original Hash Batches")))
            out.originalHashBatches = qint64(number(node, "Original Hash Batches"));
        if (node.contains(QLatin1String("Peak Memory Usage")))
            out.peakMemoryKb = qint64(number(node, "Peak Memory Usage"));
        out.raw = node;
        out.raw.remove(QLatin1String("Plans"));
        m_plan.nodes << out;
        const int id = out.id;
        if (parent >= 0)
            m_plan.nodes[parent].children << id;
        // Workers launched by a Gather pass to the nodes under it (PEV2: not to InitPlans,
        // SubPlans or CTEs, which the leader runs).
        const int launched = node.contains(QLatin1String("Workers Launched"))
            ? int(number(node, "Workers Launched"))
            : 0;
        for (const QJsonValue &child : node.value(QLatin1String("Plans")).toArray()) {
            const QJsonObject childNode = child.toObject();
            const QString relationship = text(childNode, "Parent Relationship");
            const bool leaders = isCte(childNode) || relationship == QLatin1String("InitPlan")
                || relationship == QLatin1String("SubPlan");
            if (!add(childNode, id, depth + 1,
                     leaders ? 0 : (launched ? launched : workersOfGather)))
                return false;
        }
        return true;
    }

    bool isCteNode(const PlanNode &node) const
    {
        return node.parentRelationship == QLatin1String("InitPlan")
            && node.subplanName.startsWith(QLatin1String("CTE"));
    }

    void derive()
    {
        QList<PlanNode> &nodes = m_plan.nodes;
        // Children first: a node's exclusive figures need its children's inclusive ones.
        for (qsizetype i = nodes.size() - 1; i >= 0; --i) {
            PlanNode &node = nodes[i];
            const double loops = double(node.loops);
            const double workers = node.workersOfGather + 1;
            node.inclusiveMs = node.actualTotalMs * loops / workers;
            double children = 0;
            double childCost = 0;
            PlanBuffers childBuffers;
            for (const int c : node.children) {
                const PlanNode &child = nodes[c];
                if (isCteNode(child))
                    continue; // shown on its own; its time is taken from its scans below
                if (child.parentRelationship != QLatin1String("InitPlan")
                    || node.nodeType == QLatin1String("Result"))
                    children += child.inclusiveMs;
                childCost += child.totalCost;
                if (child.subplanName.isEmpty()) // PEV2: InitPlans and SubPlans keep theirs
                    childBuffers = plus(childBuffers, child.buffers);
            }
            node.exclusiveMs = node.timed ? qMax(0.0, node.inclusiveMs - children) : 0;
            node.exclusiveCost = qMax(0.0, node.totalCost - childCost);
            node.exclusiveBuffers = minus(node.buffers, childBuffers);
            const double rowLoops = node.loops > 0 ? loops : 1;
            node.actualRowsTotal = node.actualRows * rowLoops;
            node.planRowsTotal = node.planRows * rowLoops;
            node.removedByFilterTotal
                = (node.rowsRemovedByFilter + node.rowsRemovedByJoinFilter) * rowLoops;
            node.removedByRecheckTotal = node.rowsRemovedByIndexRecheck * rowLoops;
            const double removed = node.removedByFilterTotal + node.removedByRecheckTotal;
            if (removed > 0)
                node.removedShare = removed / (removed + node.actualRowsTotal);
            // PostgreSQL never estimates fewer than 1 row: 0 rows against 1 planned is no
            // misestimate (PEV2 says ∞), so both sides count as at least 1.
            if (node.analyzed && !node.neverExecuted) {
                const double actual = qMax(1.0, node.actualRows);
                const double planned = qMax(1.0, node.planRows);
                if (actual > planned) {
                    node.misestimate = Misestimate::Under;
                    node.misestimateFactor = actual / planned;
                } else if (actual < planned) {
                    node.misestimate = Misestimate::Over;
                    node.misestimateFactor = planned / actual;
                }
            }
        }
        if (!m_plan.analyzed)
            return;
        takeCteTimeFromItsScans();
        takeInitPlanTimeFromItsUsers();
    }

    // A CTE's time shows in the CTE Scans that read it too: PEV2 takes it from them, in
    // proportion to their time.
    void takeCteTimeFromItsScans()
    {
        QList<PlanNode> &nodes = m_plan.nodes;
        for (const PlanNode &cte : std::as_const(nodes)) {
            if (!isCteNode(cte))
                continue;
            const QString name = cte.subplanName.mid(4);
            QList<int> scans;
            double scansExclusive = 0;
            for (const PlanNode &node : std::as_const(nodes))
                if (node.nodeType == QLatin1String("CTE Scan") && node.cteName == name) {
                    scans << node.id;
                    scansExclusive += node.exclusiveMs;
                }
            if (scansExclusive <= 0)
                continue;
            for (const int scan : scans)
                nodes[scan].exclusiveMs
                    = qMax(0.0,
                           nodes[scan].exclusiveMs
                               - cte.inclusiveMs * nodes[scan].inclusiveMs / scansExclusive);
        }
    }

    // An InitPlan's result is used by another node (a filter that compares with $1, or with
    // (InitPlan 1).col1 from PostgreSQL 17): its time shows in that node too and is taken off.
    void takeInitPlanTimeFromItsUsers()
    {
        static const QRegularExpression named(
            QStringLiteral(R"((InitPlan\s+[0-9]+)(?:\s+\(returns\s+(\$[0-9]+))?)"));
        QList<PlanNode> &nodes = m_plan.nodes;
        for (const PlanNode &init : std::as_const(nodes)) {
            if (init.parentRelationship != QLatin1String("InitPlan") || isCteNode(init))
                continue;
            const QRegularExpressionMatch match = named.match(init.subplanName);
            if (!match.hasMatch())
                continue;
            const QString name
                = match.captured(2).isEmpty() ? match.captured(1) : match.captured(2);
            const QRegularExpression used(QRegularExpression::escape(name)
                                          + QStringLiteral("(?![0-9])"));
            for (PlanNode &node : nodes) {
                if (node.parentRelationship == QLatin1String("InitPlan"))
                    continue;
                for (auto it = node.raw.begin(); it != node.raw.end(); ++it) {
                    if (it.value().isString() && used.match(it.value().toString()).hasMatch()) {
                        node.exclusiveMs = qMax(0.0, node.exclusiveMs - init.inclusiveMs);
                        break;
                    }
                }
            }
        }
    }

    Plan m_plan;
};

} // namespace

double Plan::totalMs() const
{
    if (executionMs)
        return *executionMs;
    return nodes.isEmpty() ? 0 : nodes.first().inclusiveMs;
}

QString planNodeLabel(const QJsonObject &node)
{
    const QString type = text(node, "Node Type");
    QString label = type;
    if (type == QLatin1String("Aggregate")) {
        const QString strategy = text(node, "Strategy");
        if (strategy == QLatin1String("Sorted"))
            label = QStringLiteral("GroupAggregate");
        else if (strategy == QLatin1String("Hashed"))
            label = QStringLiteral("HashAggregate");
        else if (strategy == QLatin1String("Mixed"))
            label = QStringLiteral("MixedAggregate");
    } else if (type == QLatin1String("SetOp")) {
        if (text(node, "Strategy") == QLatin1String("Hashed"))
            label = QStringLiteral("HashSetOp");
    } else if (type == QLatin1String("ModifyTable")) {
        label = text(node, "Operation");
    } else if (type == QLatin1String("Foreign Scan")) {
        const QString operation = text(node, "Operation");
        if (!operation.isEmpty() && operation != QLatin1String("Select"))
            label = QStringLiteral("Foreign ") + operation;
    } else if (type == QLatin1String("Custom Scan")) {
        label = QStringLiteral("Custom Scan (%1)").arg(text(node, "Custom Plan Provider"));
    }
    const QString partial = text(node, "Partial Mode");
    if (!partial.isEmpty() && partial != QLatin1String("Simple"))
        label = partial + QLatin1Char(' ') + label;
    // EXPLAIN writes "Parallel " then "Async " before the name.
    if (node.value(QLatin1String("Async Capable")).toBool())
        label = QStringLiteral("Async ") + label;
    if (node.value(QLatin1String("Parallel Aware")).toBool())
        label = QStringLiteral("Parallel ") + label;
    // Joins: "Hash Left Join", "Nested Loop Semi Join"; an inner one is the bare name.
    const QString join = text(node, "Join Type");
    if (!join.isEmpty() && join != QLatin1String("Inner")) {
        label = type == QLatin1String("Nested Loop")
            ? label + QLatin1Char(' ') + join + QStringLiteral(" Join")
            : label.section(QLatin1Char(' '), 0, -2) + QLatin1Char(' ') + join
                + QStringLiteral(" Join");
    }
    if (text(node, "Scan Direction") == QLatin1String("Backward"))
        label += QStringLiteral(" Backward");
    return label;
}

Result<Plan> planFromExplainObject(const QJsonObject &explain)
{
    Result<Plan> plan = Builder().build(explain);
    if (plan)
        findPlanProblems(*plan);
    return plan;
}

} // namespace bridgescope
