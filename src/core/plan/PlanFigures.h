#pragma once

#include "plan/Plan.h"

namespace bridgescope {

// The name EXPLAIN's text format gives a node of the JSON format: "Parallel Seq Scan",
// "Finalize HashAggregate", "Hash Left Join", "Insert", "Index Scan Backward".
QString planNodeLabel(const QJsonObject &node);

// The top node of EXPLAIN (FORMAT JSON)'s object into the plan's nodes, with the derived
// figures (PlanNode's second half): what planFromJson and planFromText share.
Result<Plan> planFromExplainObject(const QJsonObject &explain);

// The few problems worth a sentence, worst first: slow nodes that read far more rows than
// they return, large misestimates, sorts and hashes that spill to disk, JIT that costs more
// than it saves. Fills plan.findings.
void findPlanProblems(Plan &plan);

} // namespace bridgescope
