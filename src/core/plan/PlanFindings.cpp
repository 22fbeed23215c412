#include "plan/PlanFigures.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace bridgescope {

namespace {

QString count(double value)
{
    const QLocale c = QLocale::c();
    if (value >= 1e9)
        return c.toString(value / 1e9, 'f', 1) + QStringLiteral(" G");
    if (value >= 1e6)
        return c.toString(value / 1e6, 'f', 1) + QStringLiteral(" M");
    if (value >= 1e4)
        return c.toString(value / 1e3, 'f', 0) + QStringLiteral(" k");
    QLocale grouped = QLocale::c();
    grouped.setNumberOptions({});
    return grouped.toString(qint64(std::llround(value)));
}

QString megabytes(double kilobytes)
{
    if (kilobytes >= 1024)
        return QLocale::c().toString(kilobytes / 1024, 'f', 1) + QStringLiteral(" MB");
    return QLocale::c().toString(qint64(kilobytes)) + QStringLiteral(" kB");
}

QString percent(double share)
{
    return QLocale::c().toString(share * 100, 'f', share >= 0.995 && share < 1 ? 1 : 0)
        + QStringLiteral(" %");
}

QString describe(const PlanNode &node)
{
    QString name = node.label;
    if (!node.index.isEmpty() && !node.relation.isEmpty())
        name += QStringLiteral(" using %1 on %2").arg(node.index, node.relation);
    else if (!node.relation.isEmpty())
        name += QStringLiteral(" on ") + node.relation;
    else if (!node.index.isEmpty())
        name += QStringLiteral(" on ") + node.index;
    else if (!node.cteName.isEmpty())
        name += QStringLiteral(" on ") + node.cteName;
    else if (!node.functionName.isEmpty())
        name += QStringLiteral(" on ") + node.functionName;
    return name;
}

struct Finding
{
    double weight = 0; // the time it is about, or a stand-in: worst first
    QString text;
};

} // namespace

void findPlanProblems(Plan &plan)
{
    QList<Finding> found;
    const double total = plan.totalMs();
    for (const PlanNode &node : std::as_const(plan.nodes)) {
        const double share = total > 0 ? node.exclusiveMs / total : 0;
        // A node that reads far more rows than it returns.
        const double removed = node.removedByFilterTotal + node.removedByRecheckTotal;
        if (node.removedShare >= 0.5 && removed >= 1000) {
            QString text = QStringLiteral("%1 reads %2 rows to return %3 (%4 removes %5)")
                               .arg(describe(node), count(removed + node.actualRowsTotal),
                                    count(node.actualRowsTotal),
                                    node.removedByRecheckTotal > node.removedByFilterTotal
                                        ? QStringLiteral("the index recheck")
                                        : QStringLiteral("the filter"),
                                    percent(node.removedShare));
            if (node.conditionKind == QLatin1String("Filter")
                || node.conditionKind == QLatin1String("Join Filter"))
                text += QStringLiteral(": %1").arg(node.condition);
            found << Finding { node.exclusiveMs + 1e-3 * removed, text };
        }
        // A large misestimate: the planner chose for other numbers.
        if (node.misestimate != Misestimate::None && node.misestimateFactor >= 100
            && qMax(node.actualRows, node.planRows) >= 100) {
            const QString factor = std::isinf(node.misestimateFactor)
                ? QStringLiteral("∞")
                : count(node.misestimateFactor);
            found << Finding { node.inclusiveMs + 0.5,
                               QStringLiteral("rows estimated %1, actual %2 (%3× %4) on %5")
                                   .arg(count(node.planRows), count(node.actualRows), factor,
                                        node.misestimate == Misestimate::Under
                                            ? QStringLiteral("under")
                                            : QStringLiteral("over"),
                                        describe(node)) };
        }
        if (node.sortSpaceType == QLatin1String("Disk") && node.sortSpaceKb >= 0)
            found << Finding { node.exclusiveMs + 1,
                               QStringLiteral("%1 spills to disk: %2 temp (%3); a larger "
                                              "work_mem would keep it in memory")
                                   .arg(describe(node), megabytes(double(node.sortSpaceKb)),
                                        node.sortMethod) };
        if (node.hashBatches > 1)
            found << Finding {
                node.exclusiveMs + 1,
                QStringLiteral("%1 spills to disk: %2 batches%3")
                    .arg(describe(node))
                    .arg(node.hashBatches)
                    .arg(node.originalHashBatches > 0
                                 && node.originalHashBatches != node.hashBatches
                             ? QStringLiteral(" (planned %1)").arg(node.originalHashBatches)
                             : QString())
            };
        if (node.workersPlanned > 0 && node.workersLaunched >= 0
            && node.workersLaunched < node.workersPlanned)
            found << Finding { node.inclusiveMs,
                               QStringLiteral("%1 planned %2 workers and got %3 "
                                              "(max_parallel_workers is reached)")
                                   .arg(describe(node))
                                   .arg(node.workersPlanned)
                                   .arg(node.workersLaunched) };
        if (share >= 0.4 && plan.nodes.size() > 1)
            found << Finding { node.exclusiveMs,
                               QStringLiteral("%1 of the time is in %2 (%3 ms)")
                                   .arg(percent(share), describe(node),
                                        QLocale::c().toString(node.exclusiveMs, 'f', 1)) };
    }
    if (plan.jit && plan.executionMs && *plan.executionMs > 0
        && plan.jit->totalMs >= 0.2 * *plan.executionMs)
        found << Finding { plan.jit->totalMs,
                           QStringLiteral("JIT compilation takes %1 ms of %2 ms: the query is "
                                          "too short for it (jit_above_cost)")
                               .arg(QLocale::c().toString(plan.jit->totalMs, 'f', 1),
                                    QLocale::c().toString(*plan.executionMs, 'f', 1)) };
    for (const PlanTrigger &trigger : std::as_const(plan.triggers))
        if (plan.executionMs && trigger.timeMs >= 0.2 * *plan.executionMs)
            found << Finding { trigger.timeMs,
                               QStringLiteral("trigger %1 takes %2 ms in %3 calls")
                                   .arg(trigger.name, QLocale::c().toString(trigger.timeMs, 'f', 1))
                                   .arg(trigger.calls) };
    std::stable_sort(found.begin(), found.end(),
                     [](const Finding &a, const Finding &b) { return a.weight > b.weight; });
    plan.findings.clear();
    for (const Finding &finding : std::as_const(found)) {
        if (plan.findings.size() == 6)
            break;
        QString sentence = finding.text;
        sentence[0] = sentence[0].toUpper();
        plan.findings << sentence;
    }
}

} // namespace bridgescope
