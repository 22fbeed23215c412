// The plan viewer's figures on plans from a real server, of every shape that makes exclusive
// time hard: a nested loop with loops > 1, a parallel seq scan and a parallel hash join, a CTE
// scan with an InitPlan and a SubPlan, an Append whose partitions are pruned at run time (never
// executed), a sort and a hash that spill, JIT forced on, a statement that changes data with
// triggers. Each figure is checked against the raw JSON by a computation of the test's own;
// each text-format plan is read to the same tree as its JSON twin.
#include "TestDatabase.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "console/ExplainRun.h"
#include "plan/PlanFigures.h"
#include "plan/PlanReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// The raw nodes depth first, each with its parent's index: the test's own walk of the JSON.
struct RawNode
{
    QJsonObject node;
    int parent = -1;
    int workers = 0; // launched by the Gather above (not for InitPlans, SubPlans)
};

void walk(const QJsonObject &node, int parent, int workers, QList<RawNode> &out)
{
    out << RawNode { node, parent, workers };
    const int self = int(out.size()) - 1;
    const int launched = node.contains(QStringLiteral("Workers Launched"))
        ? node.value(QStringLiteral("Workers Launched")).toInt()
        : workers;
    for (const QJsonValue &child : node.value(QStringLiteral("Plans")).toArray()) {
        const QString relationship
            = child.toObject().value(QStringLiteral("Parent Relationship")).toString();
        const bool leader
            = relationship == QLatin1String("InitPlan") || relationship == QLatin1String("SubPlan");
        walk(child.toObject(), self, leader ? 0 : launched, out);
    }
}

double field(const QJsonObject &node, const char *key)
{
    return node.value(QLatin1String(key)).toDouble();
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-6 * qMax(1.0, qMax(std::abs(a), std::abs(b)));
}

} // namespace

class tst_PlanAnalysis : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        SessionOptions options;
        options.mode = AccessMode::ReadWrite;
        options.statementTimeoutMs = 0;
        Result<Session> session = Session::open(m_db.profile(), options, QStringLiteral("test"));
        QVERIFY2(session, session ? "" : qPrintable(session.error().message));
        m_session.emplace(std::move(*session));
        const QStringList setup {
            "CREATE TABLE parent_t (id int PRIMARY KEY, kind text)",
            "INSERT INTO parent_t SELECT g, CASE WHEN g % 10 = 0 THEN 'rare' ELSE 'common' END "
            "FROM generate_series(1, 2000) g",
            "CREATE TABLE child_t (id int PRIMARY KEY, parent_id int REFERENCES parent_t, payload "
            "text)",
            "INSERT INTO child_t SELECT g, g % 2000 + 1, md5(g::text) FROM generate_series(1, "
            "200000) g",
            "CREATE INDEX ON child_t (parent_id)",
            "CREATE TABLE measured (k int, v int) PARTITION BY RANGE (k)",
            "CREATE TABLE measured_1 PARTITION OF measured FOR VALUES FROM (0) TO (100)",
            "CREATE TABLE measured_2 PARTITION OF measured FOR VALUES FROM (100) TO (200)",
            "CREATE TABLE measured_3 PARTITION OF measured FOR VALUES FROM (200) TO (300)",
            "INSERT INTO measured SELECT g % 300, g FROM generate_series(1, 30000) g",
            "CREATE INDEX ON measured (k)",
            "CREATE TABLE audit (at timestamptz DEFAULT now(), what text)",
            "CREATE FUNCTION note_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO audit (what) VALUES (TG_OP); RETURN NEW; END $$",
            "CREATE TRIGGER parent_changed AFTER UPDATE ON parent_t FOR EACH ROW EXECUTE "
            "FUNCTION note_change()",
            "ANALYZE",
        };
        for (const QString &sql : setup) {
            const Result<RowSet> done = queryRows(*m_session, sql);
            QVERIFY2(done,
                     done ? "" : qPrintable(sql + QLatin1String(": ") + done.error().message));
        }
        const Result<TypeNames> types = readTypeNames(*m_session);
        QVERIFY(types);
        m_types = *types;
    }

    void shapes_data()
    {
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("mustHave"); // a label the plan holds (this shape's point)
        QTest::newRow("nested loop, loops > 1")
            << "SET enable_hashjoin = off; SET enable_mergejoin = off"
            << "SELECT p.id, c.payload FROM parent_t p JOIN child_t c ON c.parent_id = p.id "
               "WHERE p.id < 40"
            << "Nested Loop";
        QTest::newRow("parallel seq scan and parallel hash join")
            << "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "
               "SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2; "
               "SET enable_parallel_hash = on"
            << "SELECT count(*) FROM child_t a JOIN child_t b ON b.id = a.id WHERE a.payload > 'c'"
            << "Parallel Seq Scan";
        QTest::newRow("CTE scan, InitPlan and SubPlan")
            << "SET enable_hashjoin = on"
            << "WITH rare AS MATERIALIZED (SELECT id FROM parent_t WHERE kind = 'rare') "
               "SELECT r.id, (SELECT count(*) FROM child_t c WHERE c.parent_id = r.id) AS n "
               "FROM rare r JOIN rare s ON s.id = r.id "
               "WHERE r.id > (SELECT avg(id) FROM parent_t)"
            << "CTE Scan";
        QTest::newRow("append pruned at run time")
            << "SET enable_hashjoin = off; SET enable_mergejoin = off; SET plan_cache_mode = auto"
            << "SELECT * FROM (VALUES (5), (150)) v(k) JOIN LATERAL "
               "(SELECT * FROM measured m WHERE m.k = v.k) x ON true"
            << "Append";
        QTest::newRow("sort and hash that spill")
            << "SET work_mem = '64kB'; SET enable_mergejoin = off; SET enable_nestloop = off"
            << "SELECT c.payload, p.kind FROM child_t c JOIN child_t d ON d.id = c.id "
               "JOIN parent_t p ON p.id = c.parent_id ORDER BY c.payload"
            << "Sort";
    }

    void shapes()
    {
        QFETCH(QString, settings);
        QFETCH(QString, sql);
        QFETCH(QString, mustHave);
        QVERIFY(queryRows(*m_session, QStringLiteral("RESET ALL")));
        for (const QString &set : settings.split(QStringLiteral("; ")))
            QVERIFY(queryRows(*m_session, set));
        const Result<RowSet> raw = queryRows(
            *m_session, QStringLiteral("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ") + sql);
        QVERIFY2(raw, raw ? "" : qPrintable(raw.error().message));
        const QByteArray json = *raw->rows[0][0];
        Result<Plan> plan = planFromJson(json);
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        checkFigures(*plan, json);
        bool found = false;
        for (const PlanNode &node : std::as_const(plan->nodes))
            found = found || node.label.contains(mustHave);
        QVERIFY2(found, qPrintable(planReportText(*plan)));
        if (QString(QTest::currentDataTag()).startsWith(QLatin1String("append"))) {
            int never = 0;
            for (const PlanNode &node : std::as_const(plan->nodes))
                never += node.neverExecuted;
            QVERIFY2(never > 0, qPrintable(planReportText(*plan)));
        }
        if (QString(QTest::currentDataTag()).startsWith(QLatin1String("sort"))) {
            const QString text = plan->findings.join(QLatin1Char('\n'));
            QVERIFY2(text.contains(QLatin1String("spills to disk")),
                     qPrintable(planReportText(*plan)));
        }
        checkTextTwin(sql, *plan);
    }

    void jitForcedOn()
    {
        const Result<RowSet> available
            = queryRows(*m_session, QStringLiteral("SELECT pg_jit_available()"));
        QVERIFY(available);
        if (*available->rows[0][0] != "t")
            QSKIP("This server was built without JIT (LLVM).");
        QVERIFY(queryRows(*m_session, QStringLiteral("RESET ALL")));
        QVERIFY(queryRows(*m_session, QStringLiteral("SET jit = on")));
        QVERIFY(queryRows(*m_session, QStringLiteral("SET jit_above_cost = 0")));
        const Result<RowSet> raw = queryRows(
            *m_session,
            QStringLiteral("EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(id) FROM parent_t"));
        QVERIFY(raw);
        const Result<Plan> plan = planFromJson(*raw->rows[0][0]);
        QVERIFY(plan && plan->jit);
        const QJsonObject jit = QJsonDocument::fromJson(*raw->rows[0][0])
                                    .array()[0]
                                    .toObject()
                                    .value(QStringLiteral("JIT"))
                                    .toObject();
        QCOMPARE(plan->jit->functions, jit.value(QStringLiteral("Functions")).toInt());
        QVERIFY(near(plan->jit->totalMs,
                     jit.value(QStringLiteral("Timing"))
                         .toObject()
                         .value(QStringLiteral("Total"))
                         .toDouble()));
        QVERIFY(plan->findings.join(QLatin1Char(' ')).contains(QLatin1String("JIT")));
    }

    // ANALYZE of an UPDATE in write mode: inside a transaction that is rolled back, the
    // trigger's time reported, nothing kept (the trigger's audit rows included).
    void aChangeRunsInsideARolledBackTransaction()
    {
        QVERIFY(queryRows(*m_session, QStringLiteral("RESET ALL")));
        ExplainRequest request;
        request.statement
            = SqlStatement { QStringLiteral("UPDATE parent_t SET kind = kind WHERE id <= 25"), 1,
                             0 };
        request.analyze = true;
        const ExplainRun run = runExplain(*m_session, request, m_types, true);
        QVERIFY2(run.plan, qPrintable(run.problem));
        QVERIFY(run.rolledBack);
        QCOMPARE(run.plan->triggers.size(), 1);
        QCOMPARE(run.plan->triggers[0].name, QStringLiteral("parent_changed"));
        QCOMPARE(run.plan->triggers[0].calls, 25);
        QCOMPARE(run.plan->nodes[0].label, QStringLiteral("Update"));
        const Result<RowSet> audit
            = queryRows(*m_session, QStringLiteral("SELECT count(*) FROM audit"));
        QCOMPARE(*audit->rows[0][0], QByteArray("0"));

        // A read-only session refuses it in a sentence.
        Result<Session> readOnly = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY(readOnly);
        const ExplainRun refused = runExplain(*readOnly, request, m_types, false);
        QVERIFY(!refused.plan);
        QVERIFY2(refused.problem.contains(QLatin1String("write mode")),
                 qPrintable(refused.problem));
    }

    // Malformed or cut plans: a sentence, never a crash.
    void brokenPlansGetASentence_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("words");
        QTest::newRow("cut json") << QByteArray("[{\"Plan\": {\"Node Type\": \"Seq Scan\", ")
                                  << "cut short";
        QTest::newRow("no plan") << QByteArray("[{\"Planning Time\": 1}]") << "no \"Plan\"";
        QTest::newRow("not a plan") << QByteArray("hello world") << "No plan node found";
        QTest::newRow("empty") << QByteArray("  \n ") << "empty";
        QTest::newRow("a number") << QByteArray("[1]") << "not an EXPLAIN plan";
    }

    void brokenPlansGetASentence()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, words);
        const Result<Plan> plan = readPlan(text);
        QVERIFY(!plan);
        QVERIFY2(plan.error().message.contains(words), qPrintable(plan.error().message));
    }

private:
    // Every figure against the raw JSON, computed here: rows × loops, times with loops and the
    // Gather's workers, exclusive buffers, the never-executed, and the sum of exclusive times
    // against the top node's (PEV2's conventions keep it, CTEs and InitPlans included).
    void checkFigures(const Plan &plan, const QByteArray &json)
    {
        QList<RawNode> raw;
        const QJsonObject explain = QJsonDocument::fromJson(json).array()[0].toObject();
        walk(explain.value(QStringLiteral("Plan")).toObject(), -1, 0, raw);
        QCOMPARE(plan.nodes.size(), raw.size());
        QVERIFY(near(*plan.executionMs, field(explain, "Execution Time")));
        double exclusiveSum = 0;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const QJsonObject &node = raw[i].node;
            const PlanNode &ours = plan.nodes[i];
            QCOMPARE(ours.parent, raw[i].parent);
            QCOMPARE(ours.nodeType, node.value(QStringLiteral("Node Type")).toString());
            const double loops = field(node, "Actual Loops");
            QCOMPARE(ours.neverExecuted, loops == 0);
            QVERIFY(near(ours.inclusiveMs,
                         field(node, "Actual Total Time") * loops / (raw[i].workers + 1)));
            QVERIFY(near(ours.actualRowsTotal, field(node, "Actual Rows") * qMax(1.0, loops)));
            QVERIFY(near(
                ours.removedByFilterTotal,
                (field(node, "Rows Removed by Filter") + field(node, "Rows Removed by Join Filter"))
                    * qMax(1.0, loops)));
            double childHits = 0;
            for (qsizetype c = 0; c < raw.size(); ++c)
                if (raw[c].parent == i && !raw[c].node.contains(QStringLiteral("Subplan Name")))
                    childHits += field(raw[c].node, "Shared Hit Blocks");
            QVERIFY(near(double(ours.exclusiveBuffers.sharedHit),
                         field(node, "Shared Hit Blocks") - childHits));
            QVERIFY(ours.exclusiveMs >= 0 && ours.exclusiveMs <= ours.inclusiveMs + 1e-9);
            exclusiveSum += ours.exclusiveMs;
        }
        // Within 5 %: a node's exclusive time is never below 0, so a child that reports a
        // little more than its parent (timer granularity, parallel workers) adds a little.
        const double top = plan.nodes[0].inclusiveMs;
        QVERIFY2(std::abs(exclusiveSum - top) <= 0.05 * top + 0.05,
                 qPrintable(
                     QStringLiteral("exclusive times add up to %1 ms, the top node took %2 ms\n%3")
                         .arg(exclusiveSum)
                         .arg(top)
                         .arg(planReportText(plan))));
    }

    // The same statement's text plan: the same tree, the server's labels equal to those derived
    // from the JSON, the same relations, indexes, estimates and (outside parallel plans) rows.
    void checkTextTwin(const QString &sql, const Plan &fromJson)
    {
        const Result<RowSet> raw
            = queryRows(*m_session, QStringLiteral("EXPLAIN (ANALYZE, BUFFERS) ") + sql);
        QVERIFY(raw);
        QStringList lines;
        for (const QList<SqlText> &row : raw->rows)
            lines << QString::fromUtf8(*row[0]);
        // As psql prints it, with its header, border and row count, to be read back.
        const QString pasted
            = QStringLiteral("                QUERY PLAN\n--------------------------\n ")
            + lines.join(QStringLiteral("\n ")) + QStringLiteral("\n(%1 rows)\n").arg(lines.size());
        const Result<Plan> fromText = planFromText(pasted);
        QVERIFY2(fromText, fromText ? "" : qPrintable(fromText.error().message));
        QCOMPARE(fromText->nodes.size(), fromJson.nodes.size());
        const bool parallel = pasted.contains(QLatin1String("Workers Launched"));
        for (qsizetype i = 0; i < fromJson.nodes.size(); ++i) {
            const PlanNode &t = fromText->nodes[i];
            const PlanNode &j = fromJson.nodes[i];
            QCOMPARE(t.parent, j.parent);
            QCOMPARE(t.label, j.label); // the server's name against the one derived from JSON
            QCOMPARE(t.nodeType, j.nodeType);
            QCOMPARE(t.relation, j.relation);
            QCOMPARE(t.index, j.index);
            QCOMPARE(t.alias, j.alias);
            QCOMPARE(t.subplanName.isEmpty(), j.subplanName.isEmpty());
            QCOMPARE(t.planRows, j.planRows);
            QCOMPARE(t.totalCost, j.totalCost);
            QCOMPARE(t.neverExecuted, j.neverExecuted);
            QCOMPARE(t.condition, j.condition);
            if (!parallel) {
                QCOMPARE(t.loops, j.loops);
                QCOMPARE(t.actualRows, j.actualRows);
                QCOMPARE(t.rowsRemovedByFilter, j.rowsRemovedByFilter);
            }
            QCOMPARE(t.workersPlanned, j.workersPlanned);
            QCOMPARE(t.sortMethod.isEmpty(), j.sortMethod.isEmpty());
            QCOMPARE(t.hashBatches >= 0, j.hashBatches >= 0);
        }
        QVERIFY(fromText->executionMs.has_value());
        QVERIFY(fromText->planningMs.has_value());
    }

    ScratchDatabase m_db { QStringLiteral("plans") };
    std::optional<Session> m_session;
    TypeNames m_types;
};

QTEST_GUILESS_MAIN(tst_PlanAnalysis)
#include "tst_plananalysis.moc"
