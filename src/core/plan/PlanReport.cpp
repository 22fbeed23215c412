#include "plan/PlanReport.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace bridgescope {

namespace {

QJsonValue optionalNumber(bool present, double value)
{
    return present && std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QString milliseconds(double ms)
{
    return QLocale::c().toString(ms, 'f', ms < 10 ? 3 : 1) + QStringLiteral(" ms");
}

QString rows(double value)
{
    QLocale c = QLocale::c();
    return c.toString(qint64(std::llround(value)));
}

} // namespace

QString planNodeTitle(const PlanNode &node)
{
    QString title = node.label;
    if (!node.index.isEmpty() && node.nodeType != QLatin1String("Bitmap Index Scan"))
        title += QStringLiteral(" using ") + node.index;
    const QString target = !node.relation.isEmpty()           ? node.relation
        : node.nodeType == QLatin1String("Bitmap Index Scan") ? node.index
        : !node.cteName.isEmpty()                             ? node.cteName
        : !node.functionName.isEmpty()                        ? node.functionName
                                                              : node.alias;
    if (!target.isEmpty())
        title += QStringLiteral(" on ") + target;
    if (!node.alias.isEmpty() && node.alias != target)
        title += QLatin1Char(' ') + node.alias;
    return title;
}

QJsonObject planReportJson(const Plan &plan)
{
    QJsonObject report;
    report[QStringLiteral("planning_ms")]
        = optionalNumber(bool(plan.planningMs), plan.planningMs.value_or(0));
    report[QStringLiteral("execution_ms")]
        = optionalNumber(bool(plan.executionMs), plan.executionMs.value_or(0));
    QJsonArray nodes;
    const double total = plan.totalMs();
    for (const PlanNode &node : plan.nodes) {
        const bool actual = node.analyzed;
        QJsonObject object {
            { QStringLiteral("id"), node.id },
            { QStringLiteral("parent"), node.parent >= 0 ? QJsonValue(node.parent) : QJsonValue() },
            { QStringLiteral("type"), node.label },
            { QStringLiteral("node_type"), node.nodeType },
            { QStringLiteral("relation"),
              node.relation.isEmpty() ? QJsonValue() : QJsonValue(node.relation) },
            { QStringLiteral("alias"),
              node.alias.isEmpty() ? QJsonValue() : QJsonValue(node.alias) },
            { QStringLiteral("index"),
              node.index.isEmpty() ? QJsonValue() : QJsonValue(node.index) },
            { QStringLiteral("parent_relationship"),
              node.parentRelationship.isEmpty() ? QJsonValue()
                                                : QJsonValue(node.parentRelationship) },
            { QStringLiteral("subplan_name"),
              node.subplanName.isEmpty() ? QJsonValue() : QJsonValue(node.subplanName) },
            { QStringLiteral("condition"),
              node.condition.isEmpty() ? QJsonValue() : QJsonValue(node.condition) },
            { QStringLiteral("exclusive_ms"), optionalNumber(node.timed, node.exclusiveMs) },
            { QStringLiteral("inclusive_ms"), optionalNumber(node.timed, node.inclusiveMs) },
            { QStringLiteral("share"),
              optionalNumber(node.timed && total > 0, node.exclusiveMs / total) },
            { QStringLiteral("exclusive_cost"), node.exclusiveCost },
            { QStringLiteral("total_cost"), node.totalCost },
            { QStringLiteral("loops"), optionalNumber(actual, double(node.loops)) },
            { QStringLiteral("rows_actual"), optionalNumber(actual, node.actualRowsTotal) },
            { QStringLiteral("rows_planned"), node.planRowsTotal },
            { QStringLiteral("misestimate"),
              optionalNumber(actual && !node.neverExecuted, node.misestimateFactor) },
            { QStringLiteral("misestimate_direction"),
              node.misestimate == Misestimate::Under      ? QJsonValue(QStringLiteral("under"))
                  : node.misestimate == Misestimate::Over ? QJsonValue(QStringLiteral("over"))
                                                          : QJsonValue() },
            { QStringLiteral("removed_by_filter"),
              optionalNumber(actual, node.removedByFilterTotal) },
            { QStringLiteral("removed_by_recheck"),
              optionalNumber(actual, node.removedByRecheckTotal) },
            { QStringLiteral("removed_share"),
              optionalNumber(node.removedShare >= 0, node.removedShare) },
            { QStringLiteral("shared_hit"), double(node.exclusiveBuffers.sharedHit) },
            { QStringLiteral("shared_read"), double(node.exclusiveBuffers.sharedRead) },
            { QStringLiteral("shared_dirtied"), double(node.exclusiveBuffers.sharedDirtied) },
            { QStringLiteral("shared_written"), double(node.exclusiveBuffers.sharedWritten) },
            { QStringLiteral("temp_read"), double(node.exclusiveBuffers.tempRead) },
            { QStringLiteral("temp_written"), double(node.exclusiveBuffers.tempWritten) },
            { QStringLiteral("io_read_ms"), node.exclusiveBuffers.ioReadMs },
            { QStringLiteral("io_write_ms"), node.exclusiveBuffers.ioWriteMs },
            { QStringLiteral("workers_planned"),
              node.workersPlanned >= 0 ? QJsonValue(node.workersPlanned) : QJsonValue() },
            { QStringLiteral("workers_launched"),
              node.workersLaunched >= 0 ? QJsonValue(node.workersLaunched) : QJsonValue() },
            { QStringLiteral("never_executed"), node.neverExecuted },
        };
        if (!node.sortMethod.isEmpty())
            object[QStringLiteral("sort")] = QStringLiteral("%1, %2 %3 kB")
                                                 .arg(node.sortMethod, node.sortSpaceType)
                                                 .arg(node.sortSpaceKb);
        if (node.hashBatches >= 0)
            object[QStringLiteral("hash_batches")] = double(node.hashBatches);
        nodes << object;
    }
    report[QStringLiteral("nodes")] = nodes;
    report[QStringLiteral("findings")] = QJsonArray::fromStringList(plan.findings);
    QJsonArray triggers;
    for (const PlanTrigger &trigger : plan.triggers)
        triggers << QJsonObject { { QStringLiteral("name"), trigger.name },
                                  { QStringLiteral("relation"), trigger.relation },
                                  { QStringLiteral("time_ms"), trigger.timeMs },
                                  { QStringLiteral("calls"), double(trigger.calls) } };
    report[QStringLiteral("triggers")] = triggers;
    report[QStringLiteral("jit_ms")] = plan.jit ? QJsonValue(plan.jit->totalMs) : QJsonValue();
    return report;
}

QString planReportText(const Plan &plan)
{
    QString out;
    QStringList times;
    if (plan.planningMs)
        times << QStringLiteral("Planning %1").arg(milliseconds(*plan.planningMs));
    if (plan.executionMs)
        times << QStringLiteral("Execution %1").arg(milliseconds(*plan.executionMs));
    if (plan.jit)
        times << QStringLiteral("JIT %1").arg(milliseconds(plan.jit->totalMs));
    if (!times.isEmpty())
        out += times.join(QStringLiteral(" · ")) + QLatin1Char('\n');
    for (const QString &finding : plan.findings)
        out += QStringLiteral("! %1\n").arg(finding);
    if (!plan.findings.isEmpty() || !times.isEmpty())
        out += QLatin1Char('\n');
    const double total = plan.totalMs();
    for (const PlanNode &node : plan.nodes) {
        const QString indent(node.depth * 4, QLatin1Char(' '));
        if (!node.subplanName.isEmpty())
            out += QStringLiteral("%1  %2\n")
                       .arg(QString((node.depth - 1) * 4 + 2, QLatin1Char(' ')), node.subplanName);
        QStringList figures;
        if (node.neverExecuted) {
            figures << QStringLiteral("never executed");
        } else if (node.analyzed) {
            if (node.timed)
                figures << QStringLiteral("%1 own, %2 in all%3")
                               .arg(milliseconds(node.exclusiveMs), milliseconds(node.inclusiveMs),
                                    total > 0 ? QStringLiteral(" (%1 %)").arg(QLocale::c().toString(
                                        100 * node.exclusiveMs / total, 'f', 0))
                                              : QString());
            QString rowText = QStringLiteral("rows %1 of %2 planned")
                                  .arg(rows(node.actualRowsTotal), rows(node.planRowsTotal));
            if (node.misestimate != Misestimate::None && node.misestimateFactor >= 10)
                rowText += std::isinf(node.misestimateFactor)
                    ? QStringLiteral(" (∞× %1)")
                          .arg(node.misestimate == Misestimate::Under ? QStringLiteral("under")
                                                                      : QStringLiteral("over"))
                    : QStringLiteral(" (%1× %2)")
                          .arg(rows(node.misestimateFactor),
                               node.misestimate == Misestimate::Under ? QStringLiteral("under")
                                                                      : QStringLiteral("over"));
            figures << rowText;
            if (node.loops > 1)
                figures << QStringLiteral("loops %1").arg(node.loops);
        } else {
            figures << QStringLiteral("cost %1, rows %2")
                           .arg(QLocale::c().toString(node.exclusiveCost, 'f', 2),
                                rows(node.planRows));
        }
        out += QStringLiteral("%1%2%3  [%4]\n")
                   .arg(indent, node.depth > 0 ? QStringLiteral("-> ") : QString(),
                        planNodeTitle(node), figures.join(QStringLiteral(" · ")));
        const QString detailIndent = indent + QString(node.depth > 0 ? 6 : 2, QLatin1Char(' '));
        if (!node.condition.isEmpty())
            out += QStringLiteral("%1%2: %3\n")
                       .arg(detailIndent, node.conditionKind, node.condition);
        if (node.removedShare >= 0)
            out += QStringLiteral("%1Removed: %2 rows (%3 %)\n")
                       .arg(detailIndent,
                            rows(node.removedByFilterTotal + node.removedByRecheckTotal),
                            QLocale::c().toString(100 * node.removedShare, 'f', 1));
        const PlanBuffers &b = node.exclusiveBuffers;
        if (b.sharedHit || b.sharedRead || b.tempRead || b.tempWritten)
            out += QStringLiteral("%1Buffers: shared hit=%2 read=%3, temp read=%4 written=%5\n")
                       .arg(detailIndent)
                       .arg(b.sharedHit)
                       .arg(b.sharedRead)
                       .arg(b.tempRead)
                       .arg(b.tempWritten);
        if (!node.sortMethod.isEmpty())
            out += QStringLiteral("%1Sort: %2, %3 %4 kB\n")
                       .arg(detailIndent, node.sortMethod, node.sortSpaceType)
                       .arg(node.sortSpaceKb);
        if (node.hashBatches > 1)
            out += QStringLiteral("%1Hash: %2 batches\n").arg(detailIndent).arg(node.hashBatches);
        if (node.workersPlanned >= 0)
            out += QStringLiteral("%1Workers: %2 planned, %3 launched\n")
                       .arg(detailIndent)
                       .arg(node.workersPlanned)
                       .arg(node.workersLaunched >= 0 ? QString::number(node.workersLaunched)
                                                      : QStringLiteral("?"));
    }
    for (const PlanTrigger &trigger : plan.triggers)
        out += QStringLiteral("Trigger %1%2: %3, %4 calls\n")
                   .arg(trigger.name,
                        trigger.relation.isEmpty() ? QString()
                                                   : QStringLiteral(" on ") + trigger.relation,
                        milliseconds(trigger.timeMs))
                   .arg(trigger.calls);
    return out;
}

} // namespace bridgescope
