#pragma once

#include "Error.h"

#include <QJsonObject>
#include <QStringList>

namespace bridgescope {

// EXPLAIN's text format (its lines, frame removed: planLines()) into the object
// EXPLAIN (FORMAT JSON) would have written for the same plan: "Plan" with its "Plans", the
// keys the JSON format uses for what the text shows, and the figures as numbers. The text
// does not say everything the JSON does (a child's "Parent Relationship" other than InitPlan
// and SubPlan, "Sort Key" as a list): those keys are missing. The labels as printed go in
// "BridgeScope Labels", one per node, depth first.
Result<QJsonObject> explainObjectFromText(const QStringList &lines);

} // namespace bridgescope
