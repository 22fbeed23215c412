// bridgescope trace|failures|session|namespaces: the Workflows tab's questions from a shell, on
// the same core code (src/core/workflows). --json is documented in docs/workflows-json.md.
#include "Cli.h"
#include "SavedFile.h"
#include "metrics/TimeArgument.h"
#include "workflows/WorkflowJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimeZone>

namespace bridgescope::cli {

namespace {

QString shortTime(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                        : QStringLiteral("-");
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 10'000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

void printJson(const QJsonDocument &document)
{
    QTextStream(stdout) << document.toJson(QJsonDocument::Indented);
}

// Writes to -o FILE (replacing it only when complete) or to stdout.
int writeOutput(const QString &path, const QByteArray &bytes)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        QTextStream(stdout) << QString::fromUtf8(bytes);
        return Done;
    }
    const Status written = saveFile(path, bytes);
    return written ? Done : failure(written.error().message);
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')))
        return text;
    return QLatin1Char('"') + QString(text).replace(QLatin1Char('"'), QLatin1String("\"\""))
        + QLatin1Char('"');
}

void addRangeOptions(QCommandLineParser &parser, const QString &defaultFrom)
{
    parser.addOptions({
        { QStringLiteral("from"),
          QStringLiteral("Start of the range (now, -24h, 2026-11-20T14:00; default %1).")
              .arg(defaultFrom),
          QStringLiteral("TIME") },
        { QStringLiteral("to"), QStringLiteral("End of the range (default now)."),
          QStringLiteral("TIME") },
    });
}

std::optional<TimeRange> readRange(const QCommandLineParser &parser, const QString &defaultFrom)
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch());
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const std::optional<QDateTime> to
        = parseTimeArgument(parser.isSet(QStringLiteral("to")) ? parser.value(QStringLiteral("to"))
                                                               : QStringLiteral("now"),
                            now, zone);
    const std::optional<QDateTime> from = parseTimeArgument(
        parser.isSet(QStringLiteral("from")) ? parser.value(QStringLiteral("from")) : defaultFrom,
        now, zone);
    if (!from || !to)
        return std::nullopt;
    return TimeRange { *from, *to };
}

// --json, --csv (one row per `row`) and -o FILE, for the commands that print a report.
void addReportOptions(QCommandLineParser &parser, const QString &row)
{
    parser.addOptions({
        { QStringLiteral("json"), QStringLiteral("Print JSON (docs/workflows-json.md).") },
        { QStringLiteral("csv"), QStringLiteral("Print CSV: one row per %1.").arg(row) },
        { { QStringLiteral("o"), QStringLiteral("output") },
          QStringLiteral("Write to FILE."),
          QStringLiteral("FILE") },
    });
}

// parseStandardOptions, and --json with --csv refused.
std::optional<int> parseReportOptions(QCommandLineParser &parser, const QStringList &arguments)
{
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return done;
    if (parser.isSet(QStringLiteral("json")) && parser.isSet(QStringLiteral("csv")))
        return usageError(parser, QStringLiteral("Choose --json or --csv, not both."));
    return std::nullopt;
}

int rangeError(const QCommandLineParser &parser)
{
    return usageError(parser,
                      QStringLiteral("Cannot read --from or --to as a time (try now, -24h "
                                     "or 2026-11-20T14:00)."));
}

void printTrace(const WorkflowTrace &trace, MatchKind matchedBy)
{
    QTextStream out(stdout);
    const WorkflowSummary &w = trace.workflow;
    out << w.workflowType << " in " << w.nameSpace << ": " << w.state << "  (matched by "
        << matchKindName(matchedBy) << ")\n"
        << "  id             " << w.id << "\n  correlation_id " << w.correlationId << '\n'
        << "  started        " << shortTime(w.startedAt) << "\n  completed      "
        << shortTime(w.completedAt) << "\n  duration       "
        << duration(w.executionMs >= 0
                        ? w.executionMs
                        : (w.completedAt.isValid() ? w.startedAt.msecsTo(w.completedAt) : -1))
        << '\n';
    if (!w.errorMessage.isEmpty())
        out << "  error          " << w.errorMessage << '\n';
    if (!w.stampId.isEmpty())
        out << "  stamp          " << w.stampId << '\n';
    out << "\nSteps (" << trace.steps.size() << "):\n";
    for (const TraceStep &step : trace.steps) {
        out << QStringLiteral("  %1 %2 %3 %4 %5%6\n")
                   .arg(step.order, 3)
                   .arg(step.name, -24)
                   .arg(step.status, -10)
                   .arg(shortTime(step.barStart))
                   .arg(duration(step.barStart.msecsTo(step.barEnd)), 9)
                   .arg(step.estimated ? QStringLiteral("  (estimated)") : QString());
        if (!step.contradiction.isEmpty())
            out << "      times disagree: " << step.contradiction << '\n';
        if (!step.errorMessage.isEmpty())
            out << "      error: " << step.errorMessage << '\n';
    }
    out << "\nTransitions (" << trace.transitions.size() << "):\n";
    for (const TraceTransition &t : trace.transitions)
        out << "  " << shortTime(t.at) << "  "
            << (t.fromState.isEmpty() ? QStringLiteral("·") : t.fromState) << " → " << t.toState
            << "  (" << t.event << ")\n";
    out << "\nEvents (" << trace.eventCount
        << (trace.eventCount > trace.events.size()
                ? QStringLiteral(", the first %1 shown").arg(trace.events.size())
                : QString())
        << "):\n";
    for (const TraceEvent &event : trace.events)
        out << "  " << shortTime(event.at) << "  +"
            << (event.sincePreviousMs >= 0 ? duration(event.sincePreviousMs)
                                           : QStringLiteral("0 ms"))
            << "  " << event.type << '\n';
    out << "\nStamps (" << trace.stamps.size() << "):\n";
    for (const TraceStamp &stamp : trace.stamps)
        out << "  " << stamp.stampId << "  " << stamp.fileHash << "  " << shortTime(stamp.at)
            << '\n';
}

void printMatches(const LookupResult &found)
{
    QTextStream out(stdout);
    out << "The identifier names " << found.workflows.size() << (found.truncated ? "+" : "")
        << " workflows; trace one by its id:\n";
    for (const WorkflowMatch &match : found.workflows)
        out << "  " << match.workflow.id << "  " << shortTime(match.workflow.startedAt) << "  "
            << match.workflow.state << "  " << match.workflow.workflowType << "  "
            << match.workflow.nameSpace << "  (" << matchKindName(match.kind) << ")\n";
    for (const SessionMatch &session : found.sessions)
        out << "  session " << session.sessionId << "  (" << session.events << " events)\n";
}

} // namespace

int runTrace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trace one workflow: its header, ordered steps, FSM transitions, events and stamps.\n"
        "ID is a correlation_id, workflow id, workflow_id, session_id, stamp_id or file_hash, or "
        "their first 8 characters or more."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption(
        { QStringLiteral("json"), QStringLiteral("Print JSON (docs/workflows-json.md).") });
    parser.addOption(
        { QStringLiteral("events"),
          QStringLiteral("Show at most N events (default %1).").arg(kDefaultEventLimit),
          QStringLiteral("N") });
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("what to look up"));
    if (std::optional<int> done = parseStandardOptions(parser, arguments, true))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return usageError(parser, QStringLiteral("trace needs one ID."));
    bool ok = true;
    const int eventLimit = parser.isSet(QStringLiteral("events"))
        ? parser.value(QStringLiteral("events")).toInt(&ok)
        : kDefaultEventLimit;
    if (!ok || eventLimit < 1)
        return usageError(parser, QStringLiteral("--events takes a number of 1 or more."));
    Result<IdentifierQuery> query = parseIdentifier(parser.positionalArguments().first());
    if (!query)
        return usageError(parser, query.error().message);
    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-trace"));
    if (!session)
        return session.error();
    Result<LookupResult> found = lookUpIdentifier(*session, *query);
    if (!found)
        return failure(found.error().message);
    if (found->workflows.isEmpty() && !found->sessions.isEmpty())
        return failure(QStringLiteral("%1 is a session (%2 events) with no workflow of its own: "
                                      "run `bridgescope session %1`.")
                           .arg(found->sessions.first().sessionId)
                           .arg(found->sessions.first().events));
    if (found->isEmpty())
        return failure(withUnreadableNote(found->nothingFound(*query), found->unreadable));
    if (found->workflows.size() > 1) {
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray matches;
            for (const WorkflowMatch &match : found->workflows) {
                QJsonObject workflow = workflowJson(match.workflow);
                workflow.insert(QStringLiteral("matched_by"), matchKindName(match.kind));
                matches.append(workflow);
            }
            printJson(
                QJsonDocument(QJsonObject { { QStringLiteral("format"), kWorkflowsJsonFormat },
                                            { QStringLiteral("matches"), matches },
                                            { QStringLiteral("truncated"), found->truncated } }));
        } else {
            printMatches(*found);
        }
        return Done;
    }
    const WorkflowMatch &match = found->workflows.first();
    Result<WorkflowTrace> trace = readTrace(*session, match.workflow.id, eventLimit);
    if (!trace)
        return failure(trace.error().message);
    if (parser.isSet(QStringLiteral("json")))
        printJson(QJsonDocument(traceJson(*trace, match.kind)));
    else
        printTrace(*trace, match.kind);
    if (!trace->unreadable.isEmpty())
        QTextStream(stderr) << unreadableNote(trace->unreadable) << '\n';
    return Done;
}

int runFailures(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Failed workflows in a range, grouped by error type and message (numbers, ids and quoted "
        "paths masked), the largest group first."));
    parser.addHelpOption();
    addDsnOption(parser);
    addRangeOptions(parser, QStringLiteral("-24h"));
    parser.addOption({ QStringLiteral("namespace"), QStringLiteral("Only this namespace."),
                       QStringLiteral("N") });
    addReportOptions(parser, QStringLiteral("group"));
    if (std::optional<int> done = parseReportOptions(parser, arguments))
        return *done;
    const std::optional<TimeRange> range = readRange(parser, QStringLiteral("-24h"));
    if (!range)
        return rangeError(parser);
    std::expected<Session, int> session
        = openReadOnlySession(parser, QStringLiteral("cli-failures"));
    if (!session)
        return session.error();
    const QString nameSpace = parser.value(QStringLiteral("namespace"));
    Result<QList<FailureGroup>> groups = readFailureGroups(*session, *range, nameSpace);
    if (!groups)
        return failure(groups.error().message);
    QByteArray bytes;
    if (parser.isSet(QStringLiteral("json"))) {
        bytes = QJsonDocument(failureGroupsJson(*groups, *range, nameSpace)).toJson();
    } else if (parser.isSet(QStringLiteral("csv"))) {
        QString csv
            = QStringLiteral("error_type,message,count,first_seen,last_seen,namespaces,example\n");
        for (const FailureGroup &g : *groups)
            csv += QStringList { csvField(g.errorType),
                                 csvField(g.fingerprint),
                                 QString::number(g.count),
                                 isoTime(g.firstSeen),
                                 isoTime(g.lastSeen),
                                 csvField(g.namespaces.join(QLatin1Char(' '))),
                                 csvField(g.example) }
                       .join(QLatin1Char(','))
                + QLatin1Char('\n');
        bytes = csv.toUtf8();
    } else {
        qint64 total = 0;
        for (const FailureGroup &g : *groups)
            total += g.count;
        QString text = QStringLiteral("%1 failed workflows from %2 to %3 in %4 groups\n")
                           .arg(total)
                           .arg(shortTime(range->from), shortTime(range->to))
                           .arg(groups->size());
        static const QString bars = QStringLiteral(" ▁▂▃▄▅▆▇█");
        for (const FailureGroup &g : *groups) {
            const qint64 peak = *std::max_element(g.buckets.cbegin(), g.buckets.cend());
            QString spark;
            for (qint64 n : g.buckets)
                spark += bars.at(peak > 0 ? int((n * 8 + peak - 1) / peak) : 0);
            text += QStringLiteral("\n%1  %2  %3\n      %4\n      first %5, last %6, in %7\n")
                        .arg(g.count, 6)
                        .arg(spark, g.errorType, g.fingerprint, shortTime(g.firstSeen),
                             shortTime(g.lastSeen), g.namespaces.join(QLatin1String(", ")));
        }
        bytes = text.toUtf8();
    }
    return writeOutput(parser.value(QStringLiteral("output")), bytes);
}

int runSession(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A session's events in order with the time between them, and its workflows."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption(
        { QStringLiteral("json"), QStringLiteral("Print JSON (docs/workflows-json.md).") });
    parser.addOption({ QStringLiteral("recent"),
                       QStringLiteral("List the latest sessions instead (the sessions of the "
                                      "latest 5,000 events), as the Sessions page does.") });
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("a session_id (UUID)"));
    if (std::optional<int> done = parseStandardOptions(parser, arguments, true))
        return *done;
    if (parser.isSet(QStringLiteral("recent"))) {
        if (!parser.positionalArguments().isEmpty())
            return usageError(parser, QStringLiteral("--recent lists sessions: give no id."));
        std::expected<Session, int> session
            = openReadOnlySession(parser, QStringLiteral("cli-session"));
        if (!session)
            return session.error();
        const Result<QList<RecentSession>> recent = readRecentSessions(*session);
        if (!recent)
            return failure(recent.error().message);
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray list;
            for (const RecentSession &r : *recent)
                list << QJsonObject { { QStringLiteral("session_id"), r.sessionId },
                                      { QStringLiteral("last_event"),
                                        r.lastEvent.toUTC().toString(Qt::ISODateWithMs) },
                                      { QStringLiteral("events"), double(r.events) },
                                      { QStringLiteral("workflows"), double(r.workflows) } };
            printJson(QJsonDocument(list));
            return Done;
        }
        QTextStream out(stdout);
        for (const RecentSession &r : *recent)
            out << shortTime(r.lastEvent) << "  " << r.sessionId << "  " << r.events << " events  "
                << r.workflows << " workflows\n";
        return Done;
    }
    if (parser.positionalArguments().size() != 1)
        return usageError(parser, QStringLiteral("session needs one session_id (or --recent)."));
    Result<IdentifierQuery> query = parseIdentifier(parser.positionalArguments().first());
    if (!query || !query->uuidShaped)
        return usageError(parser,
                          QStringLiteral("A session_id is a UUID, or its first 8 hex "
                                         "digits or more."));
    std::expected<Session, int> session
        = openReadOnlySession(parser, QStringLiteral("cli-session"));
    if (!session)
        return session.error();
    Result<LookupResult> found = lookUpIdentifier(*session, *query);
    if (!found)
        return failure(found.error().message);
    QStringList sessions;
    for (const SessionMatch &match : found->sessions)
        sessions << match.sessionId;
    for (const WorkflowMatch &match : found->workflows) {
        if (match.kind == MatchKind::SessionId && !sessions.contains(match.workflow.sessionId))
            sessions << match.workflow.sessionId;
    }
    if (sessions.isEmpty())
        return failure(
            QStringLiteral("No session has the id %1 (or one starting so).").arg(query->text));
    if (sessions.size() > 1)
        return failure(QStringLiteral("%1 starts %2 sessions (%3): give more of it.")
                           .arg(query->text)
                           .arg(sessions.size())
                           .arg(sessions.join(QLatin1String(", "))));
    Result<SessionTrace> trace = readSessionTrace(*session, sessions.first());
    if (!trace)
        return failure(trace.error().message);
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonDocument(sessionJson(*trace)));
        return Done;
    }
    QTextStream out(stdout);
    out << "Session " << trace->sessionId << ": " << trace->eventCount << " events, "
        << trace->workflows.size() << " workflows\n\nEvents:\n";
    for (const TraceEvent &event : trace->events)
        out << "  " << shortTime(event.at) << "  +"
            << (event.sincePreviousMs >= 0 ? duration(event.sincePreviousMs)
                                           : QStringLiteral("0 ms"))
            << "  " << event.type << "  " << event.correlationId << '\n';
    out << "\nWorkflows:\n";
    for (const WorkflowSummary &w : trace->workflows)
        out << "  " << w.id << "  " << shortTime(w.startedAt) << "  " << w.state << "  "
            << w.workflowType << '\n';
    return Done;
}

int runNamespaces(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Per namespace over a range: workflows by state, failure rate, p50/p95 duration, stamps, "
        "their total size and distinct file types."));
    parser.addHelpOption();
    addDsnOption(parser);
    addRangeOptions(parser, QStringLiteral("-7d"));
    addReportOptions(parser, QStringLiteral("namespace"));
    if (std::optional<int> done = parseReportOptions(parser, arguments))
        return *done;
    const std::optional<TimeRange> range = readRange(parser, QStringLiteral("-7d"));
    if (!range)
        return rangeError(parser);
    std::expected<Session, int> session
        = openReadOnlySession(parser, QStringLiteral("cli-namespaces"));
    if (!session)
        return session.error();
    Result<QList<NamespaceStats>> stats = readNamespaceStats(*session, *range);
    if (!stats)
        return failure(stats.error().message);
    QByteArray bytes;
    if (parser.isSet(QStringLiteral("json"))) {
        bytes = QJsonDocument(namespaceStatsJson(*stats, *range)).toJson();
    } else {
        const bool csv = parser.isSet(QStringLiteral("csv"));
        QString text = csv ? QStringLiteral("namespace,workflows,pending,processing,completed,"
                                            "failed,failure_rate,p50_ms,p95_ms,stamps,"
                                            "stamped_bytes,file_types\n")
                           : QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                                 .arg(QStringLiteral("NAMESPACE"), -28)
                                 .arg(QStringLiteral("WORKFLOWS"), 9)
                                 .arg(QStringLiteral("COMPLETED"), 9)
                                 .arg(QStringLiteral("FAILED"), 7)
                                 .arg(QStringLiteral("FAIL%"), 6)
                                 .arg(QStringLiteral("P50"), 9)
                                 .arg(QStringLiteral("P95"), 9)
                                 .arg(QStringLiteral("STAMPS"), 7)
                                 .arg(QStringLiteral("TYPES"), 5);
        for (const NamespaceStats &s : *stats) {
            if (csv)
                text
                    += QStringList { csvField(s.nameSpace), QString::number(s.workflows),
                                     QString::number(s.pending), QString::number(s.processing),
                                     QString::number(s.completed), QString::number(s.failed),
                                     QString::number(s.failureRate, 'f', 4),
                                     s.p50Ms < 0 ? QString() : QString::number(s.p50Ms, 'f', 1),
                                     s.p95Ms < 0 ? QString() : QString::number(s.p95Ms, 'f', 1),
                                     // empty where the role may not read the stamps
                                     s.stampsReadable ? QString::number(s.stamps) : QString(),
                                     s.stampsReadable ? QString::number(s.stampedBytes) : QString(),
                                     s.stampsReadable ? QString::number(s.fileTypes) : QString() }
                           .join(QLatin1Char(','))
                    + QLatin1Char('\n');
            else
                text += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                            .arg(s.nameSpace, -28)
                            .arg(s.workflows, 9)
                            .arg(s.completed, 9)
                            .arg(s.failed, 7)
                            .arg(QString::number(100.0 * s.failureRate, 'f', 1), 6)
                            .arg(duration(qint64(s.p50Ms)), 9)
                            .arg(duration(qint64(s.p95Ms)), 9)
                            .arg(s.stampsReadable ? QString::number(s.stamps)
                                                  : QStringLiteral("\u2014"),
                                 7)
                            .arg(s.stampsReadable ? QString::number(s.fileTypes)
                                                  : QStringLiteral("\u2014"),
                                 5);
        }
        bytes = text.toUtf8();
    }
    if (!stats->isEmpty() && !stats->first().stampsReadable)
        QTextStream(stderr) << unreadableNote({ QStringLiteral("metadata_stamps") }) << '\n';
    return writeOutput(parser.value(QStringLiteral("output")), bytes);
}

} // namespace bridgescope::cli
