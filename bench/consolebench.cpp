// bridgescope_consolebench: the SQL console's figures for bench/cases/console.sh, through the
// same core code the console runs.
//   consolebench complete DSN N        completion at N places of typical statements over the
//                                      database's catalog (read once, as the console caches
//                                      it): prints "p50_seconds p95_seconds"
//   consolebench first-rows DSN SQL    seconds until the statement's first 200 rows are in
//                                      (then it is cancelled): prints "seconds"
//   consolebench scroll DSN SQL        streams every row into the console's spool, then reads
//                                      every row back as a scroll to the end would: prints
//                                      "rows peak_rss_kib"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "console/QueryResultRows.h"
#include "console/SqlCompletion.h"
#include "console/StatementRunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <sys/resource.h>

using namespace bridgescope;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "consolebench: " << message << '\n';
    return 1;
}

void printPercentiles(QList<double> seconds)
{
    std::sort(seconds.begin(), seconds.end());
    const auto at = [&](double q) {
        return seconds.at(qsizetype(q * double(seconds.size() - 1)));
    };
    QTextStream(stdout) << QString::number(at(0.5), 'f', 6) << ' '
                        << QString::number(at(0.95), 'f', 6) << '\n';
}

SqlStatement statementOf(const QString &sql)
{
    return SqlStatement { sql, 1, 0 };
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return fail(QStringLiteral("usage: consolebench complete|first-rows|scroll DSN N|SQL"));
    Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(args.at(2));
    if (!profile)
        return fail(profile.error().message);
    SessionOptions options;
    options.statementTimeoutMs = 0;
    Result<Session> session = Session::open(*profile, options, QStringLiteral("consolebench"));
    if (!session)
        return fail(session.error().message);
    const QString mode = args.at(1);
    QElapsedTimer clock;

    if (mode == QLatin1String("complete")) {
        Result<CompletionCatalog> catalog = readCompletionCatalog(*session);
        if (!catalog)
            return fail(catalog.error().message);
        // What a person types, a character at a time: a table after FROM, a column after the
        // alias, a join condition, a word in a WHERE.
        const QStringList typed {
            QStringLiteral("SELECT * FROM workflow_executions"),
            QStringLiteral("SELECT e.status FROM workflow_executions e WHERE e.namespace"),
            QStringLiteral("SELECT * FROM workflow_steps s JOIN workflow_executions e ON "),
            QStringLiteral("SELECT count(*) FROM event_logs WHERE session_id"),
        };
        QList<double> seconds;
        const int runs = args.at(3).toInt();
        for (int run = 0; seconds.size() < runs; ++run) {
            const QString &sql = typed[run % typed.size()];
            for (int at = 15; at <= sql.size() && seconds.size() < runs; at += 3) {
                clock.start();
                const Completions completions = completeSql(*catalog, sql, at);
                seconds << double(clock.nsecsElapsed()) / 1e9;
                Q_UNUSED(completions);
            }
        }
        printPercentiles(seconds);
        return 0;
    }

    const Result<TypeNames> types = readTypeNames(*session);
    if (!types)
        return fail(types.error().message);
    if (mode == QLatin1String("first-rows")) {
        // The time to the first block is what the grid waits for; the cancel after it is not.
        qint64 firstBlockNs = -1;
        RowReceiver receiver;
        receiver.rows = [&](CellTable) {
            if (firstBlockNs < 0)
                firstBlockNs = clock.nsecsElapsed();
            return false; // the first block is all it waits for
        };
        clock.start();
        const StatementOutcome outcome
            = runStatement(*session, statementOf(args.at(3)), *types, receiver, {});
        if (outcome.error)
            return fail(outcome.error->message);
        if (firstBlockNs < 0)
            return fail(QStringLiteral("the statement returned no rows"));
        QTextStream(stdout) << QString::number(double(firstBlockNs) / 1e9, 'f', 6) << '\n';
        return 0;
    }
    if (mode == QLatin1String("scroll")) {
        auto spool = std::make_shared<ResultSpool>(0);
        QList<ResultColumn> columns;
        RowReceiver receiver;
        receiver.begin = [&](const QList<ResultColumn> &names) {
            columns = names;
        };
        receiver.rows = [&](CellTable block) {
            return !spool->append(block);
        };
        const StatementOutcome outcome
            = runStatement(*session, statementOf(args.at(3)), *types, receiver, {});
        if (outcome.error)
            return fail(outcome.error->message);
        QueryResultRows rows(columns, spool);
        rows.finish();
        qint64 bytes = 0;
        for (qint64 row = 0; row < rows.totalRows(); ++row)
            bytes += rows.rawValue(row, 0).value_or(QByteArray()).size();
        rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        QTextStream(stdout) << rows.totalRows() << ' ' << usage.ru_maxrss << '\n';
        return bytes > 0 ? 0 : 1;
    }
    return fail(QStringLiteral("unknown mode %1").arg(mode));
}
