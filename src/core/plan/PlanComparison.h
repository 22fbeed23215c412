#pragma once

#include "plan/Plan.h"

namespace bridgescope {

// One node of two plans of the same query (before and after an index, or on two servers): the
// node in each (-1 where only one plan has it), and its time and rows in each.
struct PlanNodeChange
{
    int before = -1;
    int after = -1;
    QString title; // "Seq Scan on t", as the later plan names it (the earlier where it is gone)
    int depth = 0;
    double beforeMs = 0;
    double afterMs = 0;
    double beforeRows = 0;
    double afterRows = 0;
};

// The nodes of both plans, paired where the tree has the same node in the same place (the
// top nodes always; children by type, relation and index, in order), in the later plan's
// order, with what is only in the earlier one after its siblings.
QList<PlanNodeChange> comparePlans(const Plan &before, const Plan &after);

} // namespace bridgescope
