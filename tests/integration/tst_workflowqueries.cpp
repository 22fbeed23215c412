// The Workflows questions on real demo data: every form of identifier finds its workflow, a
// trace of a failed workflow names its failed step, a huge workflow comes back capped and pages
// on, failures group as a person would, and none of it reads a bridge table from end to end.
#include "TestDatabase.h"
#include "connection/Session.h"
#include "workflows/WorkflowLookup.h"
#include "workflows/WorkflowStats.h"
#include "workflows/WorkflowTrace.h"

#include <QSqlQuery>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QString scalar(const ConnectionProfile &profile, const QString &sql)
{
    Result<Session> session = Session::open(profile, {}, QStringLiteral("test-scalar"));
    QSqlQuery query(session->database());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0).toString();
}

// Sequential scans of the bridge tables so far, as the statistics see them once flushed.
qint64 sequentialScans(const ConnectionProfile &profile)
{
    return scalar(profile,
                  QStringLiteral("SELECT pg_stat_clear_snapshot(), (SELECT sum(seq_scan) FROM "
                                 "pg_stat_user_tables WHERE relname IN ('workflow_executions', "
                                 "'workflow_steps', 'fsm_transitions', 'event_logs', "
                                 "'metadata_stamps'))")
                      .section(QLatin1Char(' '), 0, 0))
        .toLongLong();
}

const TimeRange kAll { QDateTime::fromSecsSinceEpoch(0),
                       QDateTime::currentDateTimeUtc().addDays(1) };

} // namespace

class tst_WorkflowQueries : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::optional<Session> m_session;

    ConnectionProfile profile() const { return m_db->profile(); }
    LookupResult find(const QString &text)
    {
        Result<IdentifierQuery> query = parseIdentifier(text);
        if (!query)
            qFatal("%s", qPrintable(query.error().message));
        Result<LookupResult> found = lookUpIdentifier(*m_session, *query);
        if (!found)
            qFatal("%s", qPrintable(found.error().message));
        return *found;
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<ScratchDatabase>(QStringLiteral("workflows"));
        QVERIFY(applyBundledMigrations(profile()));
        DemoDataOptions options;
        options.workflows = 4'000;
        options.end = QDateTime::currentDateTimeUtc();
        QVERIFY(fillDemoData(profile(), options));
        QVERIFY(execSql(QStringLiteral("ANALYZE"), profile()));
        Result<Session> session = Session::open(profile(), {}, QStringLiteral("test-workflows"));
        QVERIFY(session);
        m_session.emplace(std::move(*session));
    }

    void everyFormOfIdentifierFindsItsWorkflow()
    {
        const QString id = scalar(
            profile(),
            QStringLiteral("SELECT id FROM workflow_executions WHERE current_state = 'COMPLETED' "
                           "AND stamp_id IS NOT NULL ORDER BY started_at LIMIT 1"));
        const auto column = [&](const QString &name) {
            return scalar(
                profile(),
                QStringLiteral("SELECT %1 FROM workflow_executions WHERE id = '%2'").arg(name, id));
        };
        const QString correlation = column(QStringLiteral("correlation_id"));
        const QList<std::pair<QString, MatchKind>> forms {
            { correlation, MatchKind::CorrelationId },
            { correlation.toUpper().remove(QLatin1Char('-')), MatchKind::CorrelationId },
            { correlation.left(13), MatchKind::CorrelationId }, // "3f8d9fe4-2eab"
            { id, MatchKind::WorkflowRowId },
            { column(QStringLiteral("stamp_id")), MatchKind::StampId },
            { column(QStringLiteral("file_hash")), MatchKind::FileHash },
            { column(QStringLiteral("file_hash")).left(12), MatchKind::FileHash },
        };
        const qint64 scansBefore = sequentialScans(profile());
        for (const auto &[text, kind] : forms) {
            const LookupResult found = find(text);
            QVERIFY2(
                found.workflows.size() == 1,
                qPrintable(QStringLiteral("%1: %2 matches").arg(text).arg(found.workflows.size())));
            QCOMPARE(found.workflows.first().workflow.id, id);
            QCOMPARE(found.workflows.first().kind, kind);
        }
        // A batch workflow's session: found as a session, and its workflows with it.
        const QString sessionId
            = scalar(profile(),
                     QStringLiteral(
                         "SELECT session_id FROM event_logs WHERE session_id IS NOT NULL LIMIT 1"));
        const LookupResult session = find(sessionId);
        QCOMPARE(session.sessions.size(), 1);
        QVERIFY(session.sessions.first().events > 0);
        QVERIFY2(session.workflows.size() > 1, "a batch: several workflows, listed");
        // This session's statistics reach the shared counters now, not in a second (from
        // PostgreSQL 15 on; before, a flush cannot be forced and "none yet" would prove nothing).
        if (flushStatistics(*m_session))
            QCOMPARE(sequentialScans(profile()), scansBefore);
    }

    void aPrefixShortMalformedOrUnknownIdentifierIsToldSo()
    {
        QVERIFY(!parseIdentifier(QStringLiteral("abc")));
        const auto malformed = parseIdentifier(QStringLiteral("drop table;"));
        QVERIFY(!malformed);
        QVERIFY2(malformed.error().message.contains(QLatin1String("a file_hash (64 hex digits)")),
                 qPrintable(malformed.error().message));
        const auto unknown
            = parseIdentifier(QStringLiteral("00000000-dead-beef-0000-000000000000"));
        QVERIFY(unknown && unknown->exact);
        const LookupResult nothing = find(unknown->text);
        QVERIFY(nothing.isEmpty());
        QCOMPARE(nothing.nothingFound(*unknown),
                 QStringLiteral("No workflow has the correlation_id, id, workflow_id, session_id "
                                "or file_hash 00000000-dead-beef-0000-000000000000."));
    }

    void aFailedWorkflowsTraceNamesItsFailedStep()
    {
        const QString id
            = scalar(profile(),
                     QStringLiteral(
                         "SELECT w.id FROM workflow_executions w WHERE w.current_state = 'FAILED' "
                         "AND EXISTS (SELECT 1 FROM workflow_steps s WHERE s.workflow_id = w.id "
                         "AND s.step_order > 0) ORDER BY w.started_at LIMIT 1"));
        Result<WorkflowTrace> trace = readTrace(*m_session, id);
        QVERIFY2(trace, trace ? "" : qPrintable(trace.error().message));
        QCOMPARE(trace->workflow.state, QStringLiteral("FAILED"));
        QVERIFY(trace->firstFailedStep >= 0);
        const TraceStep &failed = trace->steps.at(trace->firstFailedStep);
        QCOMPARE(failed.status, QStringLiteral("FAILED"));
        QCOMPARE(failed.errorMessage, trace->workflow.errorMessage);
        QVERIFY(!trace->workflow.errorType.isEmpty());
        QVERIFY(trace->workflow.errorMessage.startsWith(trace->workflow.errorType));
        for (qsizetype i = 1; i < trace->steps.size(); ++i)
            QVERIFY(trace->steps.at(i - 1).order < trace->steps.at(i).order);
        QCOMPARE(trace->transitions.last().toState, QStringLiteral("FAILED"));
        QVERIFY(!trace->events.isEmpty());
        QVERIFY(trace->axisStart() <= failed.barStart && failed.barEnd <= trace->axisEnd());
        // Payloads are sized, and read when asked.
        const PayloadRef &stepData = failed.payloads.first();
        QVERIFY(stepData.bytes > 0);
        Result<QByteArray> text = readPayload(*m_session, stepData);
        QVERIFY(text && text->contains("\"attempt\""));
    }

    void aHugeWorkflowComesBackCappedAndPagesOn()
    {
        // 10,000 steps (one with times that contradict each other, some without times) and
        // 100,000 events with a 20 MB payload among them.
        QVERIFY(execSql(QStringLiteral(R"sql(
            INSERT INTO workflow_executions (id, correlation_id, workflow_type, current_state,
                                             namespace, started_at)
            VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'bbbbbbbb-0000-0000-0000-000000000001',
                    'huge', 'PROCESSING', 'omninode.test', now() - interval '1 hour');
            INSERT INTO workflow_steps (workflow_id, step_name, step_order, status,
                                        execution_time_ms, created_at, started_at, completed_at)
            SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 'step ' || n, n,
                   CASE WHEN n = 9999 THEN 'RUNNING' ELSE 'COMPLETED' END, 5,
                   now() - interval '1 hour' + n * interval '300 ms',
                   CASE WHEN n % 10 = 0 THEN NULL ELSE now() - interval '1 hour' + n * interval '300 ms' END,
                   CASE WHEN n = 7 THEN now() - interval '2 hours'
                        WHEN n % 10 = 0 OR n = 9999 THEN NULL
                        ELSE now() - interval '1 hour' + n * interval '300 ms' + interval '5 ms' END
            FROM generate_series(0, 9999) AS n;
            INSERT INTO event_logs (event_type, correlation_id, session_id, payload, created_at)
            SELECT 'TICK', 'bbbbbbbb-0000-0000-0000-000000000001',
                   'eeeeeeee-0000-0000-0000-000000000001',
                   CASE WHEN n = 50 THEN jsonb_build_object('blob', repeat('x', 20000000))
                        ELSE '{}'::jsonb END,
                   now() - interval '1 hour' + n * interval '10 ms'
            FROM generate_series(1, 100000) AS n;
        )sql"),
                        profile()));
        Result<WorkflowTrace> trace
            = readTrace(*m_session, QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001"));
        QVERIFY2(trace, trace ? "" : qPrintable(trace.error().message));
        QCOMPARE(trace->steps.size(), 10'000);
        QCOMPARE(trace->events.size(), kDefaultEventLimit);
        QCOMPARE(trace->eventCount, 100'000);
        QVERIFY(trace->steps.at(0).estimated); // no started_at: drawn from created_at
        QVERIFY(!trace->steps.at(1).estimated);
        QVERIFY2(trace->steps.at(7).contradiction.startsWith(QLatin1String("completed")),
                 qPrintable(trace->steps.at(7).contradiction));
        QVERIFY(trace->steps.at(7).barStart <= trace->steps.at(7).barEnd);
        QCOMPARE(trace->events.at(1).sincePreviousMs, 10);
        QVERIFY(trace->events.at(49).payload.bytes > 1000); // compressed on disk, still large
        Result<QByteArray> big = readPayload(*m_session, trace->events.at(49).payload);
        QVERIFY(big && big->size() > 20'000'000);

        Result<QList<TraceEvent>> more = readMoreEvents(*m_session, trace->workflow.correlationId,
                                                        trace->events.last(), kDefaultEventLimit);
        QVERIFY(more);
        QCOMPARE(more->size(), kDefaultEventLimit);
        QVERIFY(more->first().at > trace->events.last().at);
        QCOMPARE(more->first().sincePreviousMs, 10);

        // The same 100,000 events as one session: capped, counted, with its workflow.
        Result<SessionTrace> session
            = readSessionTrace(*m_session, QStringLiteral("eeeeeeee-0000-0000-0000-000000000001"));
        QVERIFY(session);
        QCOMPARE(session->events.size(), kDefaultEventLimit);
        QCOMPARE(session->eventCount, 100'000);
        QCOMPARE(session->workflows.size(), 1);
        QCOMPARE(session->workflows.first().workflowType, QStringLiteral("huge"));
    }

    void failuresGroupLikeAPersonWould()
    {
        Result<QList<FailureGroup>> groups = readFailureGroups(*m_session, kAll);
        QVERIFY2(groups, groups ? "" : qPrintable(groups.error().message));
        QVERIFY(!groups->isEmpty());
        const qint64 failed
            = scalar(profile(),
                     QStringLiteral(
                         "SELECT count(*) FROM workflow_executions WHERE current_state = 'FAILED'"))
                  .toLongLong();
        qint64 total = 0;
        QSet<QString> keys;
        for (const FailureGroup &group : *groups) {
            total += group.count;
            qint64 inBuckets = 0;
            for (qint64 n : group.buckets)
                inBuckets += n;
            QCOMPARE(inBuckets, group.count);
            QVERIFY(group.example.startsWith(group.errorType));
            keys.insert(group.errorType + group.fingerprint);
        }
        QCOMPARE(total, failed);
        QCOMPARE(keys.size(), groups->size());
        // Messages that differ only in paths and numbers are one group.
        bool foundPathGroup = false;
        for (const FailureGroup &group : *groups) {
            if (group.errorType == QLatin1String("FileNotFoundError")) {
                foundPathGroup = true;
                QVERIFY2(!group.fingerprint.contains(QLatin1String("/data/ingest")),
                         qPrintable(group.fingerprint));
            }
        }
        QVERIFY(foundPathGroup);
        // Messages that differ only in a content type or the workflow's namespace are one group,
        // and its message says what was masked.
        int validationGroups = 0;
        bool foundContentTypeGroup = false;
        for (const FailureGroup &group : *groups) {
            if (group.errorType != QLatin1String("ValidationError"))
                continue;
            ++validationGroups;
            QVERIFY2(!group.fingerprint.contains(QLatin1String("application/"))
                         && !group.fingerprint.contains(QLatin1String("image/")),
                     qPrintable(group.fingerprint));
            if (group.fingerprint.contains(QLatin1String("content_type <content type> is not "
                                                         "allowed in namespace <namespace>")))
                foundContentTypeGroup = true;
        }
        QVERIFY(foundContentTypeGroup);
        QVERIFY2(validationGroups <= 3, qPrintable(QString::number(validationGroups)));
        Result<QList<WorkflowSummary>> members
            = readGroupWorkflows(*m_session, kAll, {}, groups->first());
        QVERIFY(members);
        QCOMPARE(members->size(), qMin<qint64>(groups->first().count, 500));
        for (const WorkflowSummary &w : *members)
            QCOMPARE(w.errorType, groups->first().errorType);

        // One namespace only.
        const QString nameSpace = groups->first().namespaces.first();
        Result<QList<FailureGroup>> one = readFailureGroups(*m_session, kAll, nameSpace);
        QVERIFY(one);
        for (const FailureGroup &group : *one)
            QCOMPARE(group.namespaces, QStringList { nameSpace });
    }

    void namespacesAddUp()
    {
        Result<QList<NamespaceStats>> stats = readNamespaceStats(*m_session, kAll);
        QVERIFY(stats);
        qint64 workflows = 0;
        qint64 stamps = 0;
        for (const NamespaceStats &s : *stats) {
            workflows += s.workflows;
            stamps += s.stamps;
            QCOMPARE(s.pending + s.processing + s.completed + s.failed, s.workflows);
            if (s.completed + s.failed > 0)
                QVERIFY(s.p50Ms <= s.p95Ms);
        }
        QCOMPARE(workflows,
                 scalar(profile(), QStringLiteral("SELECT count(*) FROM workflow_executions"))
                     .toLongLong());
        QCOMPARE(
            stamps,
            scalar(profile(), QStringLiteral("SELECT count(*) FROM metadata_stamps")).toLongLong());
    }

    void aDatabaseWithoutTheBridgeTablesIsNamed()
    {
        ScratchDatabase empty(QStringLiteral("workflows_empty"));
        Result<Session> session = Session::open(empty.profile(), {}, QStringLiteral("test-empty"));
        QVERIFY(session);
        Result<LookupResult> found
            = lookUpIdentifier(*session, *parseIdentifier(QStringLiteral("12345678")));
        QVERIFY(!found);
        QCOMPARE(found.error().message,
                 QStringLiteral("This database has no workflow_executions, workflow_steps, "
                                "fsm_transitions, event_logs, metadata_stamps tables: is it an "
                                "OmniNode Bridge database? (`bridgescope migrate up` creates "
                                "them.)"));
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_db.reset();
    }
};

QTEST_GUILESS_MAIN(tst_WorkflowQueries)
#include "tst_workflowqueries.moc"
