// The plan reader on anything pasted: JSON or text, framed or not, cut or malformed. It gives a
// plan or a sentence; a plan's tree is well formed (each node after its parent, its parent's
// child) and its figures print.
#include "FuzzInput.h"
#include "plan/PlanFigures.h"
#include "plan/PlanReport.h"

#include <cstdlib>

using namespace bridgescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<Plan> plan = readPlan(text);
    if (!plan) {
        if (plan.error().message.isEmpty())
            std::abort(); // a failure says why
        return 0;
    }
    for (const PlanNode &node : plan->nodes) {
        if (node.parent >= node.id
            || (node.parent >= 0 && !plan->nodes[node.parent].children.contains(node.id)))
            std::abort();
        if (node.exclusiveMs < 0)
            std::abort();
    }
    (void)planReportJson(*plan);
    (void)planReportText(*plan);
    return 0;
}
