// bridgescope explain [--dsn URI] (-c SQL | -f FILE | --plan-file FILE) [--analyze] [--write]
// [--json]: the plan viewer's twin. A statement is explained on the server (core/plan's
// runExplain, as the console does); a plan file needs no server. Either way the figures are
// core/plan's, so the window and the CLI print the same numbers.
#include "Cli.h"
#include "console/ExplainRun.h"
#include "console/StatementRunner.h"
#include "migrations/SqlScript.h"
#include "plan/PlanReport.h"

#include <QJsonDocument>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

int print(const Plan &plan, bool json, const QString &note)
{
    QTextStream out(stdout);
    if (json) {
        QJsonObject report = planReportJson(plan);
        if (!note.isEmpty())
            report[QStringLiteral("note")] = note;
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        if (!note.isEmpty())
            out << note << '\n';
        out << planReportText(plan);
    }
    return Done;
}

} // namespace

int runExplain(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explains a statement (EXPLAIN, or EXPLAIN ANALYZE with --analyze) or reads a plan "
        "from a file (JSON or text format, as psql prints it), and prints the plan with each "
        "node's own and total time, rows against the estimate, buffers and the findings."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption({ { QStringLiteral("c"), QStringLiteral("command") },
                       QStringLiteral("The statement to explain."),
                       QStringLiteral("SQL") });
    parser.addOption({ { QStringLiteral("f"), QStringLiteral("file") },
                       QStringLiteral("A file holding the statement (- for standard input)."),
                       QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("plan-file"),
                       QStringLiteral("A plan to read instead (EXPLAIN's JSON or text output; "
                                      "- for standard input). Needs no server."),
                       QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("analyze"),
                       QStringLiteral("Run the statement (EXPLAIN ANALYZE, BUFFERS).") });
    parser.addOption({ QStringLiteral("write"),
                       QStringLiteral("With --analyze: allow a statement that changes data, run "
                                      "inside a transaction that is rolled back.") });
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print the figures as JSON.") });
    parser.addOption({ QStringLiteral("timeout"),
                       QStringLiteral("The statement timeout in seconds (default: none)."),
                       QStringLiteral("S"), QStringLiteral("0") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;
    const int sources = int(parser.isSet(QStringLiteral("command")))
        + int(parser.isSet(QStringLiteral("file")))
        + int(parser.isSet(QStringLiteral("plan-file")));
    if (sources != 1)
        return usageError(parser,
                          QStringLiteral("Give one of -c SQL, -f FILE or --plan-file FILE."));
    const bool json = parser.isSet(QStringLiteral("json"));

    if (parser.isSet(QStringLiteral("plan-file"))) {
        if (parser.isSet(QStringLiteral("analyze")) || parser.isSet(QStringLiteral("write")))
            return usageError(parser,
                              QStringLiteral("--analyze and --write run a statement; a "
                                             "plan file has already run."));
        const std::expected<QByteArray, QString> text
            = readInputFile(parser.value(QStringLiteral("plan-file")));
        if (!text)
            return failure(text.error());
        Result<Plan> plan = readPlan(*text);
        if (!plan)
            return failure(plan.error().message);
        return print(*plan, json, {});
    }

    QString sql;
    if (parser.isSet(QStringLiteral("command"))) {
        sql = parser.value(QStringLiteral("command"));
    } else {
        const std::expected<QByteArray, QString> text
            = readInputFile(parser.value(QStringLiteral("file")));
        if (!text)
            return failure(text.error());
        sql = QString::fromUtf8(*text);
    }
    Result<QList<SqlStatement>> statements = splitSqlScript(sql, SplitMode::Lenient);
    if (!statements || statements->isEmpty())
        return usageError(parser, QStringLiteral("There is no statement to explain."));
    if (statements->size() > 1)
        return usageError(parser,
                          QStringLiteral("explain takes one statement; this text has %1.")
                              .arg(statements->size()));
    bool timeoutOk = false;
    const double timeoutSeconds = parser.value(QStringLiteral("timeout")).toDouble(&timeoutOk);
    if (!timeoutOk || timeoutSeconds < 0)
        return usageError(parser, QStringLiteral("--timeout takes seconds, 0 for none."));
    const bool writable = parser.isSet(QStringLiteral("write"));
    SessionOptions options;
    options.mode = writable ? AccessMode::ReadWrite : AccessMode::ReadOnly;
    options.statementTimeoutMs = int(timeoutSeconds * 1000);
    std::expected<Session, int> session
        = openSession(parser, QStringLiteral("cli-explain"), options);
    if (!session)
        return session.error();
    Result<TypeNames> types = readTypeNames(*session);
    if (!types)
        return failure(types.error().message);
    ExplainRequest request;
    request.statement = statements->first();
    request.analyze = parser.isSet(QStringLiteral("analyze"));
    const ExplainRun run = runExplain(*session, request, *types, writable);
    if (!run.plan) {
        if (run.outcome.error && run.problem == run.outcome.error->message)
            return failure(describeStatementError(sql, run.outcome));
        return failure(run.problem);
    }
    return print(*run.plan, json,
                 run.rolledBack ? QStringLiteral("The statement ran inside a transaction that "
                                                 "was rolled back: nothing it changed was kept.")
                                : QString());
}

} // namespace bridgescope::cli
