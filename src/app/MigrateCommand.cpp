// bridgescope migrate status|up|down|verify|drift: the migration engine from a shell. The
// Migrations tab drives the same MigrationRunner; --json is the interface for scripts
// (docs/migrate-json.md).
#include "Cli.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "migrations/DriftCheck.h"
#include "migrations/MigrationJson.h"
#include "migrations/MigrationRunner.h"
#include "migrations/MigrationSet.h"
#include "migrations/MigrationVerifier.h"

#include <QJsonDocument>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

struct MigrateArguments
{
    QString action;
    ConnectionProfile profile;
    MigrationSet set;
    RunOptions options;
    bool dryRun = false;
    bool json = false;
};

void printJson(const QJsonObject &object)
{
    QTextStream(stdout) << QJsonDocument(object).toJson(QJsonDocument::Indented);
}

int reportError(const MigrateArguments &args, const Error &error)
{
    if (args.json)
        printJson(errorJson(error));
    return failure(error.message);
}

void printStatus(const MigrationStatus &status, const std::optional<LockHolder> &holder,
                 const QString &source)
{
    QTextStream out(stdout);
    out << "Migrations from " << source << "; database at version "
        << formatVersion(status.currentVersion) << " (" << status.count(MigrationState::Applied)
        << " applied, "
        << status.count(MigrationState::Pending) + status.count(MigrationState::OutOfOrder)
        << " pending)\n\n";
    out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
               .arg(QStringLiteral("VERSION"), QStringLiteral("STATE       "),
                    QStringLiteral("APPLIED AT         "), QStringLiteral("BY        "),
                    QStringLiteral("    TIME"), QStringLiteral("DESCRIPTION"));
    for (const MigrationStatusRow &row : status.rows) {
        QString notes;
        if (row.rollbackMissing && row.state != MigrationState::FileMissing)
            notes += QStringLiteral("  [no rollback file]");
        if (!row.transactional)
            notes += QStringLiteral("  [no transaction]");
        if (row.state == MigrationState::Failed && !row.lastError.isEmpty())
            notes += QStringLiteral("\n         last error: ") + row.lastError;
        out << QStringLiteral("%1      %2  %3  %4  %5  %6%7\n")
                   .arg(formatVersion(row.version))
                   .arg(migrationStateName(row.state).replace(QLatin1Char('_'), QLatin1Char(' ')),
                        -12)
                   .arg(row.appliedAt.isValid() ? row.appliedAt.toLocalTime().toString(
                            QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                                : QStringLiteral("-"),
                        -19)
                   .arg(row.appliedBy.isEmpty() ? QStringLiteral("-") : row.appliedBy, -10)
                   .arg(row.executionMs >= 0 ? QStringLiteral("%1 ms").arg(row.executionMs)
                                             : QStringLiteral("-"),
                        8)
                   .arg(row.description, notes);
    }
    for (int gap : status.gaps)
        out << "\nGap: there is no migration " << formatVersion(gap) << " in the folder.";
    for (const MigrationProblem &problem : status.problems)
        out << "\nProblem: " << problem.fileName << ' ' << problem.message;
    if (holder)
        out << "\nThe migration lock is held by " << holder->describe() << '.';
    if (!status.gaps.isEmpty() || !status.problems.isEmpty() || holder)
        out << '\n';
}

int runStatus(const MigrateArguments &args, Session &session)
{
    MigrationRunner runner(session, args.set);
    Result<MigrationStatus> status = runner.status();
    if (!status)
        return reportError(args, status.error());
    Result<std::optional<LockHolder>> holder = runner.lockHolder();
    if (!holder)
        return reportError(args, holder.error());
    if (args.json)
        printJson(migrationStatusJson(*status, *holder));
    else
        printStatus(*status, *holder,
                    args.set.directory() == MigrationSet::bundledDirectory()
                        ? QStringLiteral("the bundled chain")
                        : args.set.directory());
    return Done;
}

int runDryRun(const MigrateArguments &args, Session &session, Direction direction)
{
    MigrationRunner runner(session, args.set);
    Result<MigrationStatus> status = runner.status();
    if (!status)
        return reportError(args, status.error());
    Result<QList<int>> plan = direction == Direction::Up ? planUp(*status, args.options)
                                                         : planDown(*status, args.options);
    if (!plan)
        return reportError(args, plan.error());
    QList<const Migration *> migrations;
    for (int version : std::as_const(*plan))
        migrations << args.set.find(version);
    if (args.json) {
        printJson(runPlanJson(direction, migrations));
        return Done;
    }
    QTextStream out(stdout);
    if (migrations.isEmpty())
        out << "-- Nothing to " << (direction == Direction::Up ? "apply" : "roll back")
            << ": the database is at version " << formatVersion(status->currentVersion) << ".\n";
    for (const Migration *migration : std::as_const(migrations)) {
        const MigrationScript &script
            = direction == Direction::Up ? migration->forward : migration->rollback;
        out << "-- " << script.fileName
            << (script.transactional ? " (in one transaction)" : " (no transaction)") << '\n';
        for (const SqlStatement &statement : script.statements)
            out << statement.text << ";\n";
        out << '\n';
    }
    return Done;
}

int runMigrations(const MigrateArguments &args, Session &session, Direction direction)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const bool talk = !args.json;
    RunCallbacks callbacks;
    callbacks.lockWaiting = [&](const LockHolder &holder) {
        err << "Waiting for the migration lock, held by " << holder.describe() << "…\n";
        err.flush();
    };
    callbacks.migrationStarted = [&](int, int, const Migration &migration) {
        if (!talk)
            return;
        out << (direction == Direction::Up ? "Applying " : "Rolling back ") << migration.label()
            << " … ";
        out.flush();
    };
    callbacks.migrationFinished = [&](const StepResult &step) {
        if (talk)
            out << step.executionMs << " ms" << (args.options.trial ? " (rolled back)" : "")
                << '\n';
    };
    MigrationRunner runner(session, args.set);
    Result<RunReport> report = runner.run(direction, args.options, callbacks);
    if (!report)
        return reportError(args, report.error());
    if (args.json) {
        printJson(runReportJson(*report));
    } else if (report->failure) {
        out << "failed\n";
    } else if (report->done.isEmpty()) {
        out << "Nothing to " << (direction == Direction::Up ? "apply" : "roll back") << ".\n";
    }
    out.flush();
    if (report->failure)
        return failure(report->failure->describe()
                       + (report->failure->partial ? QString()
                                                   : QStringLiteral(" The migration was rolled "
                                                                    "back; the database is as it "
                                                                    "was before it.")));
    return Done;
}

int runVerify(const MigrateArguments &args)
{
    QTextStream err(stderr);
    Result<VerifyReport> report
        = verifyRoundTrip(args.profile, args.set, [&](const QString &stage) {
              if (!args.json) {
                  err << "verify: " << stage << '\n';
                  err.flush();
              }
          });
    if (!report)
        return reportError(args, report.error());
    if (args.json)
        printJson(verifyReportJson(*report));
    QTextStream out(stdout);
    if (report->failure)
        return failure(QStringLiteral("In the scratch database: ") + report->failure->describe());
    if (!report->ok()) {
        if (!args.json) {
            for (const VerifyFinding &finding : report->findings)
                out << finding.stage << ": " << finding.difference.describe() << '\n';
        }
        out.flush();
        return failure(QStringLiteral("The round trip found %1 catalog difference(s).")
                           .arg(report->findings.size()));
    }
    if (!args.json)
        out << "Round trip passed: " << report->migrations
            << " migrations applied, rolled back and applied again in the scratch database "
            << report->scratchDatabase << " (now dropped), with identical catalogs.\n";
    return Done;
}

void printDrift(const DriftReport &report)
{
    QTextStream out(stdout);
    out << "Compared the database with its " << report.applied.size()
        << " applied migration(s), replayed in " << report.scratch << ", in schema(s) "
        << report.schemas.join(QLatin1String(", ")) << ".\n";
    for (const DriftFinding &finding : report.findings) {
        out << "\n" << finding.difference.explain() << '\n';
        if (!finding.within.isEmpty())
            out << "  with " << finding.within.join(QLatin1String(", ")) << '\n';
        out << "  to make the database match the migrations:\n    "
            << QString(finding.sql.toMatchMigrations)
                   .replace(QLatin1Char('\n'), QLatin1String("\n    "))
            << "\n  to record it in a new migration instead:\n    "
            << QString(finding.sql.toMatchDatabase)
                   .replace(QLatin1Char('\n'), QLatin1String("\n    "))
            << '\n';
    }
    for (const DriftTouch &touch : report.touches) {
        if (touch.findings.isEmpty())
            continue;
        out << "\n"
            << (touch.direction == Direction::Up ? "Applying " : "Rolling back ") << touch.label
            << " changes what " << touch.findings.size() << " of these differences touch.";
    }
    out << '\n' << report.summary() << '\n';
}

int runDrift(const MigrateArguments &args)
{
    QTextStream err(stderr);
    Result<DriftReport> report = checkDrift(args.profile, args.set, [&](const QString &stage) {
        if (!args.json) {
            err << "drift: " << stage << '\n';
            err.flush();
        }
    });
    if (!report)
        return reportError(args, report.error());
    if (args.json)
        printJson(driftReportJson(*report));
    if (!report->compared())
        return failure(report->summary());
    if (!args.json)
        printDrift(*report);
    return report->hasDrift() ? Failed : Done;
}

} // namespace

int runMigrate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show, apply, roll back or verify the migrations (the bundled OmniNode Bridge chain, or "
        "the folder given by --dir).\n\n"
        "  status   every migration and its state\n"
        "  up       apply pending migrations (all, or up to --to)\n"
        "  down     roll back the last migration (or all above --to)\n"
        "  verify   apply, roll back and re-apply everything in a scratch database and compare "
        "the catalogs\n"
        "  drift    compare the database with what its applied migrations make (exit 1 when they "
        "differ)"));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOptions({
        { QStringLiteral("dir"),
          QStringLiteral("Folder of NNN_name.sql and NNN_rollback_name.sql files (default: the "
                         "bundled chain)."),
          QStringLiteral("DIR") },
        { QStringLiteral("to"),
          QStringLiteral("up: apply up to and including VERSION; down: roll back every "
                         "migration above VERSION (0: all)."),
          QStringLiteral("VERSION") },
        { QStringLiteral("dry-run"), QStringLiteral("Print the SQL that would run; run nothing.") },
        { QStringLiteral("trial"),
          QStringLiteral("Run each migration in a transaction and roll it back: shows what it "
                         "would hit; records nothing.") },
        { QStringLiteral("json"), QStringLiteral("Print JSON (docs/migrate-json.md).") },
        { QStringLiteral("accept-changed"),
          QStringLiteral("Go ahead although applied files changed, recording nothing new for "
                         "them.") },
        { QStringLiteral("allow-out-of-order"),
          QStringLiteral("Apply pending migrations older than the current version.") },
        { QStringLiteral("no-wait"),
          QStringLiteral("Fail at once if another run holds the migration lock.") },
    });
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("status, up, down, verify or drift"));
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Done;
    }
    const QStringList positional = parser.positionalArguments();
    static const QStringList actions { QStringLiteral("status"), QStringLiteral("up"),
                                       QStringLiteral("down"), QStringLiteral("verify"),
                                       QStringLiteral("drift") };
    if (positional.size() != 1 || !actions.contains(positional.first()))
        return usageError(parser,
                          QStringLiteral("migrate needs one action: status, up, down, "
                                         "verify or drift."));

    MigrateArguments args;
    args.action = positional.first();
    args.json = parser.isSet(QStringLiteral("json"));
    args.dryRun = parser.isSet(QStringLiteral("dry-run"));
    args.options.trial = parser.isSet(QStringLiteral("trial"));
    args.options.acceptChanged = parser.isSet(QStringLiteral("accept-changed"));
    args.options.allowOutOfOrder = parser.isSet(QStringLiteral("allow-out-of-order"));
    args.options.waitForLock = !parser.isSet(QStringLiteral("no-wait"));
    if (parser.isSet(QStringLiteral("to"))) {
        bool ok = false;
        const int target = parser.value(QStringLiteral("to")).toInt(&ok);
        if (!ok || target < 0)
            return usageError(parser,
                              QStringLiteral("--to takes a version number, such as 9 or "
                                             "009."));
        args.options.target = target;
    }
    const bool changes = args.action == QLatin1String("up") || args.action == QLatin1String("down");
    if ((args.dryRun || args.options.trial) && !changes)
        return usageError(parser, QStringLiteral("--dry-run and --trial go with up or down."));
    if (args.dryRun && args.options.trial)
        return usageError(parser,
                          QStringLiteral("Choose --dry-run (print) or --trial (run and "
                                         "roll back), not both."));

    Result<ConnectionProfile> profile
        = ConnectionProfile::fromDsn(parser.value(QStringLiteral("dsn")));
    if (!profile)
        return usageError(parser, profile.error().message);
    args.profile = *profile;
    Result<MigrationSet> set = MigrationSet::load(parser.isSet(QStringLiteral("dir"))
                                                      ? parser.value(QStringLiteral("dir"))
                                                      : MigrationSet::bundledDirectory());
    if (!set)
        return usageError(parser, set.error().message);
    args.set = std::move(*set);

    if (args.action == QLatin1String("verify"))
        return runVerify(args);
    if (args.action == QLatin1String("drift"))
        return runDrift(args);

    SessionOptions options;
    options.mode = changes && !args.dryRun ? AccessMode::ReadWrite : AccessMode::ReadOnly;
    Result<Session> session = Session::open(args.profile, options, QStringLiteral("cli-migrate"));
    if (!session)
        return reportError(args, session.error());
    const Direction direction
        = args.action == QLatin1String("up") ? Direction::Up : Direction::Down;
    if (args.action == QLatin1String("status"))
        return runStatus(args, *session);
    if (args.dryRun)
        return runDryRun(args, *session, direction);
    return runMigrations(args, *session, direction);
}

} // namespace bridgescope::cli
