// bridgescope_workflowbench: the Workflows tab's lookups for bench/cases/workflows.sh, timed
// through the same core calls the tab makes, on one connection (as psql keeps one).
//   workflowbench trace DSN FILE     per correlation_id in FILE: Find by its first 8 characters,
//                                    then the whole trace (header, steps, transitions, events,
//                                    stamps)
//   workflowbench session DSN FILE   per session_id in FILE: the session's events and workflows
//   workflowbench failures DSN N     N times: the last 24 hours' failures, grouped
// Prints "p50_seconds p95_seconds" over the runs.
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "workflows/WorkflowLookup.h"
#include "workflows/WorkflowStats.h"
#include "workflows/WorkflowTrace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <algorithm>

using namespace bridgescope;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "workflowbench: " << message << '\n';
    return 1;
}

void printPercentiles(QList<double> seconds)
{
    std::sort(seconds.begin(), seconds.end());
    const auto at = [&](double q) { return seconds.at(qsizetype(q * double(seconds.size() - 1))); };
    QTextStream(stdout) << QString::number(at(0.5), 'f', 6) << ' ' << QString::number(at(0.95), 'f', 6)
                        << '\n';
}

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return fail(QStringLiteral("usage: workflowbench trace|session|failures DSN FILE|N"));
    Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(args.at(2));
    if (!profile)
        return fail(profile.error().message);
    SessionOptions options;
    options.statementTimeoutMs = 0;
    Result<Session> session = Session::open(*profile, options, QStringLiteral("workflowbench"));
    if (!session)
        return fail(session.error().message);
    QList<double> seconds;
    QElapsedTimer clock;
    const QString mode = args.at(1);
    if (mode == QLatin1String("failures")) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < args.at(3).toInt(); ++i) {
            clock.start();
            if (!readFailureGroups(*session, TimeRange { now.addDays(-1), now }))
                return fail(QStringLiteral("failures failed"));
            seconds << double(clock.nsecsElapsed()) / 1e9;
        }
    } else {
        const QStringList ids = readLines(args.at(3));
        if (ids.isEmpty())
            return fail(QStringLiteral("no ids in %1").arg(args.at(3)));
        for (const QString &id : ids) {
            clock.start();
            if (mode == QLatin1String("trace")) {
                Result<LookupResult> found
                    = lookUpIdentifier(*session, *parseIdentifier(id.left(8)));
                if (!found || found->workflows.isEmpty())
                    return fail(QStringLiteral("%1 not found").arg(id));
                // The prefix may name a few: the tab lists them, and the user picks this one.
                QString rowId;
                for (const WorkflowMatch &match : found->workflows) {
                    if (match.workflow.correlationId == id)
                        rowId = match.workflow.id;
                }
                if (!readTrace(*session, rowId))
                    return fail(QStringLiteral("trace of %1 failed").arg(id));
            } else if (!readSessionTrace(*session, id)) {
                return fail(QStringLiteral("session %1 failed").arg(id));
            }
            seconds << double(clock.nsecsElapsed()) / 1e9;
        }
    }
    printPercentiles(seconds);
    return 0;
}
