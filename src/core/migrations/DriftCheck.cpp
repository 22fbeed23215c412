#include "migrations/DriftCheck.h"

#include "connection/CancelGroup.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "migrations/MigrationHistory.h"
#include "migrations/MigrationSet.h"
#include "migrations/ScratchDatabase.h"

#include <QSet>

#include <algorithm>

namespace bridgescope {

namespace {

using Progress = std::function<void(const QString &)>;

QStringList historyProblems(const MigrationStatus &status)
{
    QStringList problems;
    for (const MigrationStatusRow &row : status.rows) {
        if (row.state == MigrationState::FileMissing)
            problems << QStringLiteral("%1 is applied, but its file is not in the folder")
                            .arg(formatVersion(row.version));
        else if (row.state == MigrationState::Changed)
            problems << QStringLiteral(
                            "%1 (%2) changed since it was applied (its checksum differs)")
                            .arg(formatVersion(row.version), row.fileName);
    }
    return problems;
}

// The migrations of `versions` only, as a set of their own: the scratch database then holds
// exactly what the live history applied, whatever else the folder has.
MigrationSet subset(const MigrationSet &set, const QList<int> &versions)
{
    QList<std::pair<QString, QByteArray>> files;
    for (int version : versions) {
        const Migration *migration = set.find(version);
        files.append({ migration->forward.fileName, migration->forward.bytes });
        if (migration->rollback.isValid())
            files.append({ migration->rollback.fileName, migration->rollback.bytes });
    }
    return MigrationSet::fromFiles(files, set.directory());
}

Status stopIfCancelled(const std::shared_ptr<CancelGroup> &cancel)
{
    if (cancel && cancel->isCancelled())
        return fail(Error::Kind::Cancelled,
                    QStringLiteral("The drift check was cancelled; the database was only read."));
    return {};
}

RunCallbacks reportingCallbacks(const Progress &progress, const QString &verb,
                                const std::shared_ptr<CancelGroup> &cancel)
{
    RunCallbacks callbacks;
    if (cancel)
        callbacks.stopRequested = [cancel] {
            return cancel->isCancelled();
        };
    if (progress)
        callbacks.migrationStarted = [progress, verb](int, int, const Migration &migration) {
            progress(QStringLiteral("%1 %2").arg(verb, migration.label()));
        };
    return callbacks;
}

// What one migration changed, with the definitions of those objects on either side (an
// index's definition names its table).
struct Change
{
    DriftTouch touch;
    CatalogSnapshot definitions;
};

QStringList changedObjects(const CatalogSnapshot &before, const CatalogSnapshot &after,
                           CatalogSnapshot *definitions = nullptr)
{
    QStringList objects;
    for (const CatalogDifference &difference : compareCatalogs(before, after)) {
        objects << difference.object;
        if (definitions)
            definitions->insert(difference.object,
                                difference.actual.isEmpty() ? difference.expected
                                                            : difference.actual);
    }
    return objects;
}

// Applies the history's versions in its order. Versions applied in ascending order (the usual
// case) go in one run; otherwise each runs on its own, as the history had it. After each, the
// catalog is read: what a migration's apply changed is what its rollback would change back.
Status replayApplied(Session &session, const MigrationSet &set, DriftReport &report,
                     QList<Change> &changes, const Progress &progress,
                     const std::shared_ptr<CancelGroup> &cancel)
{
    const QList<int> &order = report.applied;
    QList<qsizetype> stops;
    if (std::is_sorted(order.cbegin(), order.cend()))
        stops << order.size();
    else
        for (qsizetype count = 1; count <= order.size(); ++count)
            stops << count;
    Result<CatalogSnapshot> previous = readCatalog(session);
    if (!previous)
        return std::unexpected(previous.error());
    std::optional<Error> readFailure;
    for (qsizetype count : stops) {
        if (count == 0)
            continue;
        const MigrationSet prefix = subset(set, order.first(count));
        MigrationRunner runner(session, prefix);
        RunOptions options;
        options.target = order.at(count - 1);
        options.allowOutOfOrder = true;
        RunCallbacks callbacks = reportingCallbacks(progress, QStringLiteral("replay"), cancel);
        // Called between two migrations, each committed: the session is free for a read.
        callbacks.migrationFinished = [&](const StepResult &step) {
            Result<CatalogSnapshot> after = readCatalog(session);
            if (!after) {
                readFailure = after.error();
                return;
            }
            Change change;
            change.touch.version = step.version;
            change.touch.direction = Direction::Down;
            change.touch.label = set.find(step.version)->label();
            change.touch.objects = changedObjects(*previous, *after, &change.definitions);
            changes << change;
            previous = std::move(after);
        };
        Result<RunReport> run = runner.run(Direction::Up, options, callbacks);
        if (Status stop = stopIfCancelled(cancel); !stop)
            return stop;
        if (!run)
            return std::unexpected(run.error());
        if (readFailure)
            return std::unexpected(*readFailure);
        if (run->failure) {
            report.failure = run->failure;
            return {};
        }
    }
    return {};
}

bool isWhole(const CatalogDifference &difference, const QStringList &kinds)
{
    return difference.kind != CatalogDifference::Kind::Changed
        && std::any_of(kinds.cbegin(), kinds.cend(), [&](const QString &kind) {
               return difference.object.startsWith(kind + QLatin1Char(' '));
           });
}

// Whose part an object is: its table's (or view's); for a comment, also its object's.
QStringList ownersOf(const CatalogDifference &difference)
{
    const QString definition = difference.kind == CatalogDifference::Kind::Missing
        ? difference.expected
        : difference.actual;
    QStringList owners { owningRelation(difference.object, definition) };
    if (difference.object.startsWith(QLatin1String("comment table column ")))
        owners << QStringLiteral("column ") + difference.object.mid(21);
    else if (difference.object.startsWith(QLatin1String("comment ")))
        owners << difference.object.mid(8);
    return owners;
}

bool isComment(const CatalogDifference &difference)
{
    return difference.object.startsWith(QLatin1String("comment "));
}

// Folds the parts of an object that is missing or extra as a whole into its finding: one finding
// says "table x is extra", not five, and an index's comment goes with the index. Tables first,
// then columns, then other objects, then comments, so each part finds its whole.
QList<DriftFinding> foldFindings(const QList<CatalogDifference> &differences,
                                 const CatalogSnapshot &expected, const CatalogSnapshot &actual)
{
    static const QStringList kRelationKinds { QStringLiteral("table"), QStringLiteral("view"),
                                              QStringLiteral("materialized view"),
                                              QStringLiteral("foreign table") };
    static const QStringList kColumnKind { QStringLiteral("column") };
    QMap<QString, qsizetype> wholes; // "public.t", or an object's key → index in findings
    QList<DriftFinding> findings;
    auto foldInto = [&](const CatalogDifference &difference) {
        for (const QString &owner : ownersOf(difference)) {
            const auto whole = wholes.constFind(owner);
            if (whole == wholes.cend() || findings.at(*whole).difference.kind != difference.kind)
                continue;
            DriftFinding &into = findings[*whole];
            into.within << difference.object;
            // A table's CREATE carries its parts and a DROP takes them all. Anything else's
            // CREATE needs its parts' statements after it (a column's comment, say).
            if (!into.difference.object.startsWith(QLatin1String("table "))) {
                const AlignmentSql part = alignmentSql(difference, expected, actual);
                if (difference.kind == CatalogDifference::Kind::Missing)
                    into.sql.toMatchMigrations += QLatin1Char('\n') + part.toMatchMigrations;
                else
                    into.sql.toMatchDatabase += QLatin1Char('\n') + part.toMatchDatabase;
            }
            return true;
        }
        return false;
    };
    auto add = [&](const CatalogDifference &difference, const QString &wholeKey) {
        if (difference.kind != CatalogDifference::Kind::Changed)
            wholes.insert(wholeKey, findings.size());
        findings.append({ difference, {}, alignmentSql(difference, expected, actual) });
    };
    for (const CatalogDifference &difference : differences) {
        if (isWhole(difference, kRelationKinds))
            add(difference, owningRelation(difference.object, {}));
    }
    for (const CatalogDifference &difference : differences) {
        if (isWhole(difference, kColumnKind) && !foldInto(difference))
            add(difference, difference.object);
    }
    for (const CatalogDifference &difference : differences) {
        if (!isWhole(difference, kRelationKinds) && !isWhole(difference, kColumnKind)
            && !isComment(difference) && !foldInto(difference))
            add(difference, difference.object);
    }
    for (const CatalogDifference &difference : differences) {
        if (isComment(difference) && !foldInto(difference))
            add(difference, difference.object);
    }
    return findings;
}

// The findings a migration's changed objects touch: the same object, or one of the same table.
QList<int> touchedFindings(const DriftReport &report, const Change &change)
{
    const QStringList &objects = change.touch.objects;
    QSet<QString> keys(objects.cbegin(), objects.cend());
    QSet<QString> relations;
    for (const QString &object : objects)
        relations.insert(owningRelation(object, change.definitions.value(object)));
    QList<int> touched;
    for (qsizetype i = 0; i < report.findings.size(); ++i) {
        const DriftFinding &finding = report.findings.at(i);
        const CatalogDifference &difference = finding.difference;
        const QString definition
            = difference.actual.isEmpty() ? difference.expected : difference.actual;
        bool touches = keys.contains(difference.object)
            || relations.contains(owningRelation(difference.object, definition));
        for (const QString &inner : finding.within)
            touches = touches || keys.contains(inner);
        if (touches)
            touched << int(i);
    }
    return touched;
}

// Applies each pending migration in the scratch database after the replay, recording what each
// changes. Stops at the first that fails there: what follows would run on a schema the real run
// would not have.
Status workOutPendingChanges(Session &session, const MigrationSet &set, CatalogSnapshot current,
                             QList<Change> &changes, const Progress &progress,
                             const std::shared_ptr<CancelGroup> &cancel)
{
    MigrationRunner runner(session, set);
    Result<MigrationStatus> status = runner.status();
    if (!status)
        return std::unexpected(status.error());
    for (const MigrationStatusRow &row : status->rows) {
        if (row.applied || row.fileName.isEmpty())
            continue;
        Change change;
        change.touch.version = row.version;
        change.touch.direction = Direction::Up;
        change.touch.label = set.find(row.version)->label();
        RunOptions options;
        options.target = row.version;
        options.allowOutOfOrder = true;
        Result<RunReport> run = runner.run(
            Direction::Up, options, reportingCallbacks(progress, QStringLiteral("try"), cancel));
        if (Status stop = stopIfCancelled(cancel); !stop)
            return stop;
        if (!run)
            return std::unexpected(run.error());
        if (run->failure) {
            change.touch.unknown = run->failure->describe();
            changes << change;
            break;
        }
        Result<CatalogSnapshot> after = readCatalog(session);
        if (!after)
            return std::unexpected(after.error());
        change.touch.objects = changedObjects(current, *after, &change.definitions);
        changes << change;
        current = std::move(*after);
    }
    return {};
}

// Who owns a schema depends on who ran the migrations (and is the cluster's superuser in a
// private cluster): not drift.
void forgetOwners(CatalogSnapshot &catalog)
{
    for (auto it = catalog.begin(); it != catalog.end(); ++it) {
        if (it.key().startsWith(QLatin1String("schema ")))
            it.value().clear();
    }
}

} // namespace

namespace {

QString plural(qsizetype count, const char *noun)
{
    return QStringLiteral("%1 %2%3").arg(count).arg(QLatin1String(noun),
                                                    count == 1 ? QString() : QStringLiteral("s"));
}

} // namespace

QList<int> appliedOrder(const QList<HistoryEntry> &history)
{
    QList<int> order;
    for (const HistoryEntry &entry : history) {
        if (!entry.success || entry.action == HistoryAction::Accept)
            continue;
        order.removeAll(entry.version);
        if (entry.action == HistoryAction::Apply)
            order << entry.version;
    }
    return order;
}

const DriftTouch *DriftReport::touch(int version, Direction direction) const
{
    for (const DriftTouch &candidate : touches) {
        if (candidate.version == version && candidate.direction == direction)
            return &candidate;
    }
    return nullptr;
}

QString DriftReport::summary() const
{
    if (!historyProblems.isEmpty())
        return QStringLiteral("Not compared: %1.").arg(historyProblems.join(QLatin1String("; ")));
    if (failure)
        return QStringLiteral("Not compared: an applied migration fails when replayed: %1")
            .arg(failure->describe());
    if (findings.isEmpty())
        return QStringLiteral("No drift: the database is what its %1 make.")
            .arg(plural(applied.size(), "applied migration"));
    return QStringLiteral("%1 between the database and its %2.")
        .arg(plural(findings.size(), "difference"), plural(applied.size(), "applied migration"));
}

Result<DriftReport> checkDrift(const ConnectionProfile &profile, const MigrationSet &set,
                               const Progress &progress, const std::shared_ptr<CancelGroup> &cancel)
{
    if (!set.problems().isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("The migrations folder has problems (run `bridgescope migrate "
                                   "status`); nothing was compared."));
    Result<Session> live = Session::open(profile, SessionOptions {}, QStringLiteral("drift-live"));
    if (!live)
        return std::unexpected(live.error());
    if (cancel)
        cancel->join(live->cancelHandle());
    Result<QList<HistoryEntry>> history = readHistory(*live);
    if (!history)
        return std::unexpected(history.error());

    DriftReport report;
    report.applied = appliedOrder(*history);
    report.historyProblems = historyProblems(computeStatus(set, *history));
    if (!report.historyProblems.isEmpty())
        return report;

    if (progress)
        progress(QStringLiteral("making an empty database"));
    Result<std::unique_ptr<ScratchDatabase>> scratch = ScratchDatabase::create(
        profile, QStringLiteral("drift"), ScratchDatabase::Fallback::PrivateCluster);
    if (!scratch)
        return std::unexpected(scratch.error());
    report.scratch = (*scratch)->describe();
    report.privateCluster = (*scratch)->isPrivateCluster();
    Session &session = (*scratch)->session();
    if (cancel)
        cancel->join(session.cancelHandle());
    if (Status stop = stopIfCancelled(cancel); !stop)
        return std::unexpected(stop.error());

    QList<Change> changes;
    if (Status replayed = replayApplied(session, set, report, changes, progress, cancel); !replayed)
        return std::unexpected(replayed.error());
    if (report.failure)
        return report;

    if (progress)
        progress(QStringLiteral("reading both catalogs"));
    Result<CatalogSnapshot> expected = readCatalog(session, {}, &report.schemas);
    if (!expected)
        return std::unexpected(expected.error());
    Result<CatalogSnapshot> actual = report.schemas.isEmpty()
        ? Result<CatalogSnapshot>(CatalogSnapshot {})
        : readCatalog(*live, report.schemas);
    if (!actual)
        return std::unexpected(actual.error());
    CatalogSnapshot expectedCompared = *expected;
    forgetOwners(expectedCompared);
    forgetOwners(*actual);
    report.findings
        = foldFindings(compareCatalogs(expectedCompared, *actual), expectedCompared, *actual);

    if (Status worked = workOutPendingChanges(session, set, *expected, changes, progress, cancel);
        !worked)
        return std::unexpected(worked.error());
    // Rolling back undoes what applying did: the applied ones' changes, newest first, then the
    // pending ones'.
    std::reverse(changes.begin(), changes.begin() + report.applied.size());
    for (Change &change : changes) {
        change.touch.findings = touchedFindings(report, change);
        report.touches << change.touch;
    }
    return report;
}

} // namespace bridgescope
