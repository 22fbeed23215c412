#pragma once

#include "plan/Plan.h"

#include <QJsonObject>

namespace bridgescope {

// The plan as `bridgescope explain --json` prints it: planning_ms, execution_ms, the nodes with
// their figures (exclusive buffers, rows × loops), the findings.
QJsonObject planReportJson(const Plan &plan);

// The same as text: the findings, then the tree as EXPLAIN indents it, each node with its
// figures on its line and its condition under it.
QString planReportText(const Plan &plan);

// "Seq Scan on workflow_executions", "Index Scan using idx on t", "CTE Scan on recent".
QString planNodeTitle(const PlanNode &node);

} // namespace bridgescope
