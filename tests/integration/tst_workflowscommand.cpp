// `bridgescope trace|failures|session|namespaces` as a script uses them: exit codes, JSON keys,
// CSV to a file, and a sentence for what cannot be answered.
#include "CliRun.h"
#include "TestDatabase.h"
#include "connection/Session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_WorkflowsCommand : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ScratchDatabase> m_db;

    QString dsn() const { return m_db->profile().toConnInfo(true); }
    QString scalar(const QString &sql)
    {
        Result<Session> session = Session::open(m_db->profile(), {}, QStringLiteral("test-cli"));
        QSqlQuery query(session->database());
        return query.exec(sql) && query.next() ? query.value(0).toString() : QString();
    }
    CliRun run(const QString &command, QStringList arguments)
    {
        return runCli(QStringList { command, QStringLiteral("--dsn"), dsn() } + arguments);
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<ScratchDatabase>(QStringLiteral("cli_workflows"));
        QVERIFY(applyBundledMigrations(m_db->profile()));
        DemoDataOptions options;
        options.workflows = 1'000;
        options.end = QDateTime::currentDateTimeUtc();
        QVERIFY(fillDemoData(m_db->profile(), options));
    }

    void traceSpeaksJsonWithTheDocumentedKeys()
    {
        const QString correlation
            = scalar(QStringLiteral("SELECT correlation_id FROM workflow_executions WHERE "
                                    "current_state = 'FAILED' LIMIT 1"));
        const CliRun trace
            = run(QStringLiteral("trace"), { correlation.left(8), QStringLiteral("--json") });
        QVERIFY2(trace.exitCode == 0, qPrintable(trace.err));
        const QJsonObject object = QJsonDocument::fromJson(trace.out.toUtf8()).object();
        for (const char *key : { "workflow", "steps", "transitions", "events", "stamps" })
            QVERIFY2(object.contains(QLatin1String(key)), key);
        QCOMPARE(object.value(QStringLiteral("workflow"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("FAILED"));
        QCOMPARE(object.value(QStringLiteral("workflow"))
                     .toObject()
                     .value(QStringLiteral("matched_by"))
                     .toString(),
                 QStringLiteral("correlation_id"));

        const CliRun text = run(QStringLiteral("trace"), { correlation });
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(QLatin1String("FAILED")));
        QVERIFY(text.out.contains(QStringLiteral("PROCESSING → FAILED")));
    }

    void nothingFoundIsOneMalformedIsTwo()
    {
        const CliRun nothing = run(QStringLiteral("trace"),
                                   { QStringLiteral("00000000-0000-4000-8000-000000000000") });
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY2(nothing.err.contains(QLatin1String("No workflow has the correlation_id")),
                 qPrintable(nothing.err));
        const CliRun malformed = run(QStringLiteral("trace"), { QStringLiteral("x'1") });
        QCOMPARE(malformed.exitCode, 2);
        QVERIFY(malformed.err.contains(QLatin1String("first 8 characters or more")));
        QCOMPARE(run(QStringLiteral("failures"),
                     { QStringLiteral("--from"), QStringLiteral("yesterdayish") })
                     .exitCode,
                 2);
    }

    void failuresAsCsvToAFileAddUp()
    {
        const QString path = QDir::temp().filePath(
            QStringLiteral("bridgescope-failures-%1.csv").arg(QCoreApplication::applicationPid()));
        const CliRun failures = run(QStringLiteral("failures"),
                                    { QStringLiteral("--from"), QStringLiteral("-30d"),
                                      QStringLiteral("--csv"), QStringLiteral("-o"), path });
        QVERIFY2(failures.exitCode == 0, qPrintable(failures.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines
            = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.first().startsWith(QLatin1String("error_type,message,count")));
        QVERIFY(lines.size() > 2);
        QFile::remove(path);

        const CliRun json
            = run(QStringLiteral("failures"),
                  { QStringLiteral("--from"), QStringLiteral("-30d"), QStringLiteral("--json") });
        qint64 total = 0;
        for (const QJsonValue &group : QJsonDocument::fromJson(json.out.toUtf8())
                                           .object()
                                           .value(QStringLiteral("groups"))
                                           .toArray())
            total += group.toObject().value(QStringLiteral("count")).toInteger();
        QCOMPARE(total,
                 scalar(QStringLiteral("SELECT count(*) FROM workflow_executions "
                                       "WHERE current_state = 'FAILED'"))
                     .toLongLong());
    }

    void sessionAndNamespaces()
    {
        const QString sessionId = scalar(QStringLiteral(
            "SELECT session_id FROM event_logs WHERE session_id IS NOT NULL LIMIT 1"));
        const CliRun session
            = run(QStringLiteral("session"), { sessionId, QStringLiteral("--json") });
        QVERIFY2(session.exitCode == 0, qPrintable(session.err));
        const QJsonObject object = QJsonDocument::fromJson(session.out.toUtf8()).object();
        QCOMPARE(object.value(QStringLiteral("session_id")).toString(), sessionId);
        QVERIFY(object.value(QStringLiteral("event_count")).toInteger() > 0);
        QVERIFY(!object.value(QStringLiteral("workflows")).toArray().isEmpty());

        // --recent: the latest sessions, the latest first, each with its last event.
        const CliRun recent = run(QStringLiteral("session"),
                                  { QStringLiteral("--recent"), QStringLiteral("--json") });
        QVERIFY2(recent.exitCode == 0, qPrintable(recent.err));
        const QJsonArray list = QJsonDocument::fromJson(recent.out.toUtf8()).array();
        QVERIFY(list.size() > 1);
        // Within a millisecond: the list carries milliseconds, the server microseconds.
        const qint64 listed
            = QDateTime::fromString(
                  list.first().toObject().value(QStringLiteral("last_event")).toString(),
                  Qt::ISODateWithMs)
                  .toMSecsSinceEpoch();
        const qint64 latest
            = scalar(
                  QStringLiteral("SELECT floor(extract(epoch FROM max(created_at)) * 1000)::bigint "
                                 "FROM event_logs WHERE session_id IS NOT NULL"))
                  .toLongLong();
        QVERIFY2(std::abs(listed - latest) <= 1,
                 qPrintable(QStringLiteral("%1 %2").arg(listed).arg(latest)));
        QVERIFY(list.first().toObject().value(QStringLiteral("last_event")).toString()
                >= list.last().toObject().value(QStringLiteral("last_event")).toString());
        QCOMPARE(run(QStringLiteral("session"), { QStringLiteral("--recent"), sessionId }).exitCode,
                 2);

        const CliRun namespaces
            = run(QStringLiteral("namespaces"),
                  { QStringLiteral("--from"), QStringLiteral("-30d"), QStringLiteral("--json") });
        QVERIFY2(namespaces.exitCode == 0, qPrintable(namespaces.err));
        qint64 workflows = 0;
        for (const QJsonValue &row : QJsonDocument::fromJson(namespaces.out.toUtf8())
                                         .object()
                                         .value(QStringLiteral("namespaces"))
                                         .toArray())
            workflows += row.toObject().value(QStringLiteral("workflows")).toInteger();
        QCOMPARE(workflows, 1'000);
    }

    // A role that may read the workflows only: the trace prints the workflow and says on
    // stderr what it left out; the namespaces' stamps are null, not 0; exit 0 both times.
    void aRoleWithFewRightsGetsWhatItMayReadAndANote()
    {
        ScratchRole role(QStringLiteral("cli_workflows"));
        QVERIFY(role.grant(QStringLiteral("GRANT SELECT ON workflow_executions TO %1"),
                           m_db->profile()));
        const QString asRole = role.profile(m_db->profile()).toConnInfo(true);
        const QString correlation
            = scalar(QStringLiteral("SELECT correlation_id FROM workflow_executions LIMIT 1"));
        const CliRun trace = runCli({ "trace", "--dsn", asRole, correlation, "--json" });
        QVERIFY2(trace.exitCode == 0, qPrintable(trace.err));
        QCOMPARE(QJsonDocument::fromJson(trace.out.toUtf8())
                     .object()
                     .value(QStringLiteral("workflow"))
                     .toObject()
                     .value(QStringLiteral("correlation_id"))
                     .toString(),
                 correlation);
        QVERIFY2(trace.err.contains(QLatin1String("Not shown: the role you connected as may not "
                                                  "read workflow_steps, fsm_transitions")),
                 qPrintable(trace.err));

        const CliRun namespaces
            = runCli({ "namespaces", "--dsn", asRole, "--from", "-30d", "--json" });
        QVERIFY2(namespaces.exitCode == 0, qPrintable(namespaces.err));
        const QJsonArray rows = QJsonDocument::fromJson(namespaces.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("namespaces"))
                                    .toArray();
        QVERIFY(!rows.isEmpty());
        QVERIFY(rows.first().toObject().value(QStringLiteral("stamps")).isNull());
        QVERIFY(rows.first().toObject().value(QStringLiteral("workflows")).toInteger() > 0);
        QVERIFY2(namespaces.err.contains(QLatin1String("may not read metadata_stamps")),
                 qPrintable(namespaces.err));
    }

    void cleanupTestCase() { m_db.reset(); }
};

QTEST_GUILESS_MAIN(tst_WorkflowsCommand)
#include "tst_workflowscommand.moc"
