#pragma once

#include "Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace bridgescope {

// Block counts of one node, as EXPLAIN (BUFFERS) reports them (inclusive of its children), or
// what is left after its children's are taken away (exclusive).
struct PlanBuffers
{
    qint64 sharedHit = 0;
    qint64 sharedRead = 0;
    qint64 sharedDirtied = 0;
    qint64 sharedWritten = 0;
    qint64 localHit = 0;
    qint64 localRead = 0;
    qint64 tempRead = 0;
    qint64 tempWritten = 0;
    double ioReadMs = 0; // I/O timings (track_io_timing), shared and local together
    double ioWriteMs = 0;
};

enum class Misestimate { None, Under, Over }; // rows: more than planned, fewer than planned

// One node of a plan, as the server reported it and with the figures a reader wants, computed
// by the conventions of PEV2 (explain.dalibo.com) so that the same plan shows the same numbers
// there and here (docs/plan-figures.md says which, and why).
struct PlanNode
{
    int id = 0; // its place in the tree, depth first, from 0
    int parent = -1;
    QList<int> children;
    int depth = 0;

    QString nodeType; // "Node Type": "Seq Scan", "Hash Join", "Aggregate", "ModifyTable"
    QString label; // as EXPLAIN's text format names it: "Parallel Seq Scan", "Hash Left Join"
    QString relation; // "Relation Name"
    QString schema; // "Schema" (VERBOSE only)
    QString alias;
    QString index; // "Index Name"
    QString cteName;
    QString functionName;
    QString parentRelationship; // "Outer", "Inner", "InitPlan", "SubPlan", "Member", …
    QString subplanName; // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE recent"
    QString condition; // the join, index or filter condition that best names what it does
    QString conditionKind; // "Hash Cond", "Filter", …

    double startupCost = 0;
    double totalCost = 0;
    double planRows = 0; // per loop, as the planner estimated
    int planWidth = 0;

    bool analyzed = false; // has actual figures (EXPLAIN ANALYZE)
    bool neverExecuted = false;
    bool timed = false; // has actual times (not TIMING OFF)
    double actualStartupMs = 0; // per loop, as reported
    double actualTotalMs = 0; // per loop, as reported
    double actualRows = 0; // per loop, as reported
    qint64 loops = 0;
    double rowsRemovedByFilter = 0; // per loop, as reported
    double rowsRemovedByJoinFilter = 0;
    double rowsRemovedByIndexRecheck = 0;

    PlanBuffers buffers; // as reported: this node and its children
    PlanBuffers exclusiveBuffers; // this node's own

    int workersPlanned = -1; // a Gather's; -1: not a Gather
    int workersLaunched = -1;
    int workersOfGather = 0; // launched by the Gather above it (0: not parallel)

    QString sortMethod;
    QString sortSpaceType; // "Memory" or "Disk"
    qint64 sortSpaceKb = -1;
    qint64 hashBatches = -1;
    qint64 originalHashBatches = -1;
    qint64 peakMemoryKb = -1;

    // Figures derived as PEV2 derives them.
    double inclusiveMs = 0; // actual total time × loops ÷ (workers launched by its Gather + 1)
    double exclusiveMs = 0; // inclusive less its children's (InitPlans aside), never below 0
    double exclusiveCost = 0;
    double actualRowsTotal = 0; // actual rows × loops
    double planRowsTotal = 0; // plan rows × loops
    double misestimateFactor = 1; // ≥ 1; infinite when one side is 0 and the other not
    Misestimate misestimate = Misestimate::None;
    double removedByFilterTotal = 0; // rows removed by filter (or join filter) × loops
    double removedByRecheckTotal = 0;
    // Rows a filter or recheck removed against the rows it saw: 0…1, or -1 where nothing was
    // removed.
    double removedShare = -1;

    QJsonObject raw; // the node as the server wrote it, without its "Plans"
};

struct PlanTrigger
{
    QString name;
    QString relation;
    double timeMs = 0;
    qint64 calls = 0;
};

struct PlanJit
{
    int functions = 0;
    double generationMs = 0;
    double inliningMs = 0;
    double optimizationMs = 0;
    double emissionMs = 0;
    double totalMs = 0;
    QString options; // "Inlining true, Optimization true, Expressions true, Deforming true"
};

// A whole plan: its nodes in depth-first order (nodes[0] is the top), the times around it,
// and the findings worth a sentence.
struct Plan
{
    QList<PlanNode> nodes;
    std::optional<double> planningMs;
    std::optional<double> executionMs;
    QList<PlanTrigger> triggers;
    std::optional<PlanJit> jit;
    QJsonObject settings; // "Settings" (EXPLAIN SETTINGS)
    bool analyzed = false;
    QStringList findings; // filled by findPlanProblems()

    // The figure the share of a node is taken against: the execution time where there is one,
    // else the top node's inclusive time.
    double totalMs() const;
};

// A plan from EXPLAIN (FORMAT JSON)'s output: the array of one object the server prints, the
// object alone, or either as people paste it (psql's header, borders of any linestyle, `+`
// continuation marks, the row count under it). A Usage error that says what is wrong, never
// a crash, for anything else.
Result<Plan> planFromJson(const QByteArray &text);

// A plan from EXPLAIN's text format, as psql and auto_explain print it (the same framing as
// above), to the same tree and figures as its JSON twin.
Result<Plan> planFromText(const QString &text);

// Either, by what the text looks like.
Result<Plan> readPlan(const QByteArray &text);

} // namespace bridgescope
