#include "plan/PlanNodesModel.h"

#include "plan/PlanDiagram.h"
#include "plan/PlanReport.h"

#include <QBrush>
#include <QLocale>

#include <cmath>

namespace bridgescope {

void PlanNodesModel::setPlan(const Plan &plan)
{
    beginResetModel();
    m_plan = plan;
    endResetModel();
}

int PlanNodesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_plan.nodes.size());
}

int PlanNodesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanNodesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[]
        = { "#",          "Node",        "Own ms",    "Total ms",    "Share",
            "Rows",       "Planned",     "Estimate",  "Removed",     "Loops",
            "Shared hit", "Shared read", "Temp read", "Temp written" };
    return tr(names[section]);
}

QVariant PlanNodesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_plan.nodes.size())
        return {};
    const PlanNode &node = m_plan.nodes[index.row()];
    const double total = m_plan.totalMs();
    const double share = total > 0 && node.timed ? node.exclusiveMs / total : 0;
    if (role == NodeIdRole)
        return node.id;
    if (role == Qt::ForegroundRole && node.neverExecuted)
        return QBrush(QColor(0x99, 0x99, 0x99));
    if (role == Qt::BackgroundRole && index.column() == Share && planShareColour(share).isValid())
        return QBrush(planShareColour(share).lighter(170));
    if (role == Qt::TextAlignmentRole)
        return index.column() == Node ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Node)
        return node.condition.isEmpty() ? planNodeTitle(node)
                                        : planNodeTitle(node) + QLatin1Char('\n')
                + node.conditionKind + QStringLiteral(": ") + node.condition;
    // The signed estimate for sorting: the worst under- and over-estimates at the two ends.
    const double estimate = node.misestimate == Misestimate::None ? 1
        : node.misestimate == Misestimate::Under                  ? node.misestimateFactor
                                                                  : -node.misestimateFactor;
    const double removed = node.removedByFilterTotal + node.removedByRecheckTotal;
    if (role == SortRole) {
        switch (index.column()) {
        case Id:
            return node.id;
        case Node:
            return planNodeTitle(node);
        case OwnMs:
            return node.exclusiveMs;
        case TotalMs:
            return node.inclusiveMs;
        case Share:
            return share;
        case Rows:
            return node.actualRowsTotal;
        case PlannedRows:
            return node.planRowsTotal;
        case Misestimate:
            return std::isinf(estimate) ? (estimate > 0 ? 1e300 : -1e300) : estimate;
        case Removed:
            return removed;
        case Loops:
            return double(node.loops);
        case SharedHit:
            return double(node.exclusiveBuffers.sharedHit);
        case SharedRead:
            return double(node.exclusiveBuffers.sharedRead);
        case TempRead:
            return double(node.exclusiveBuffers.tempRead);
        case TempWritten:
            return double(node.exclusiveBuffers.tempWritten);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Id:
        return node.id;
    case Node:
        return QString(node.depth * 2, QLatin1Char(' ')) + planNodeTitle(node);
    case OwnMs:
        return node.timed ? locale.toString(node.exclusiveMs, 'f', 3) : QString();
    case TotalMs:
        return node.timed ? locale.toString(node.inclusiveMs, 'f', 3) : QString();
    case Share:
        return node.timed ? locale.toString(share * 100, 'f', 1) + QStringLiteral(" %") : QString();
    case Rows:
        return node.analyzed ? locale.toString(node.actualRowsTotal, 'f', 0) : QString();
    case PlannedRows:
        return locale.toString(node.planRowsTotal, 'f', 0);
    case Misestimate:
        if (node.misestimate == Misestimate::None)
            return QString();
        return (std::isinf(node.misestimateFactor)
                    ? QStringLiteral("∞")
                    : locale.toString(node.misestimateFactor, 'f', 1))
            + (node.misestimate == Misestimate::Under ? tr("× under") : tr("× over"));
    case Removed:
        return node.removedShare >= 0 ? QStringLiteral("%1 (%2 %)")
                                            .arg(locale.toString(removed, 'f', 0),
                                                 locale.toString(node.removedShare * 100, 'f', 1))
                                      : QString();
    case Loops:
        return node.analyzed ? locale.toString(node.loops) : QString();
    case SharedHit:
        return locale.toString(node.exclusiveBuffers.sharedHit);
    case SharedRead:
        return locale.toString(node.exclusiveBuffers.sharedRead);
    case TempRead:
        return locale.toString(node.exclusiveBuffers.tempRead);
    case TempWritten:
        return locale.toString(node.exclusiveBuffers.tempWritten);
    }
    return {};
}

} // namespace bridgescope
