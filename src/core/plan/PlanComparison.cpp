#include "plan/PlanComparison.h"

#include "plan/PlanReport.h"

namespace bridgescope {

namespace {

bool sameKind(const PlanNode &a, const PlanNode &b)
{
    return a.nodeType == b.nodeType && a.relation == b.relation && a.index == b.index;
}

class Comparer
{
public:
    Comparer(const Plan &before, const Plan &after)
        : m_before(before)
        , m_after(after)
    { }

    QList<PlanNodeChange> run()
    {
        if (m_before.nodes.isEmpty() && m_after.nodes.isEmpty())
            return {};
        if (m_before.nodes.isEmpty()) {
            onlyAfter(0);
            return m_changes;
        }
        if (m_after.nodes.isEmpty()) {
            onlyBefore(0);
            return m_changes;
        }
        pair(0, 0);
        return m_changes;
    }

private:
    void pair(int before, int after)
    {
        const PlanNode &b = m_before.nodes[before];
        const PlanNode &a = m_after.nodes[after];
        m_changes << PlanNodeChange {
            before,        after,         planNodeTitle(a),  a.depth,
            b.exclusiveMs, a.exclusiveMs, b.actualRowsTotal, a.actualRowsTotal
        };
        QList<int> unmatched = b.children;
        for (const int child : a.children) {
            int match = -1;
            for (qsizetype i = 0; i < unmatched.size(); ++i)
                if (sameKind(m_before.nodes[unmatched[i]], m_after.nodes[child])) {
                    match = unmatched.takeAt(i);
                    break;
                }
            if (match >= 0)
                pair(match, child);
            else
                onlyAfter(child);
        }
        for (const int gone : unmatched)
            onlyBefore(gone);
    }

    void onlyAfter(int after)
    {
        const PlanNode &a = m_after.nodes[after];
        m_changes << PlanNodeChange {
            -1, after, planNodeTitle(a), a.depth, 0, a.exclusiveMs, 0, a.actualRowsTotal
        };
        for (const int child : a.children)
            onlyAfter(child);
    }

    void onlyBefore(int before)
    {
        const PlanNode &b = m_before.nodes[before];
        m_changes << PlanNodeChange { before,        -1, planNodeTitle(b),  b.depth,
                                      b.exclusiveMs, 0,  b.actualRowsTotal, 0 };
        for (const int child : b.children)
            onlyBefore(child);
    }

    const Plan &m_before;
    const Plan &m_after;
    QList<PlanNodeChange> m_changes;
};

} // namespace

QList<PlanNodeChange> comparePlans(const Plan &before, const Plan &after)
{
    return Comparer(before, after).run();
}

} // namespace bridgescope
