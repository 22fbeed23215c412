#include "migrations/MigrationStatus.h"

#include <QMap>
#include <QStringList>

namespace bridgescope {

namespace {

// What the history log says about one version, replayed in order.
struct Replayed
{
    bool applied = false;
    bool failed = false;
    QString checksum;
    QDateTime at;
    QString by;
    int executionMs = -1;
    QString lastError;
};

QMap<int, Replayed> replay(const QList<HistoryEntry> &history)
{
    QMap<int, Replayed> versions;
    for (const HistoryEntry &entry : history) {
        Replayed &v = versions[entry.version];
        if (!entry.success) {
            v.failed = true;
            v.lastError = entry.errorMessage;
            continue;
        }
        switch (entry.action) {
        case HistoryAction::Apply:
            v = Replayed { true, false, entry.checksum, entry.at, entry.by, entry.executionMs, {} };
            break;
        case HistoryAction::Rollback:
            v = Replayed {};
            break;
        case HistoryAction::Accept:
            v.checksum = entry.checksum;
            break;
        }
    }
    return versions;
}

QString versionList(const QList<int> &versions)
{
    QStringList names;
    for (int v : versions)
        names << formatVersion(v);
    return names.join(QLatin1String(", "));
}

Status refuseOnProblems(const MigrationStatus &status)
{
    if (status.problems.isEmpty())
        return {};
    QStringList lines;
    for (const MigrationProblem &problem : status.problems)
        lines << problem.fileName + QLatin1Char(' ') + problem.message;
    return fail(Error::Kind::Usage,
                QStringLiteral("The migrations folder has %1 problem(s), so nothing was run: %2")
                    .arg(status.problems.size())
                    .arg(lines.join(QLatin1String("; "))),
                lines.join(QLatin1Char('\n')));
}

QList<int> versionsIn(const MigrationStatus &status, MigrationState state)
{
    QList<int> versions;
    for (const MigrationStatusRow &row : status.rows) {
        if (row.state == state)
            versions << row.version;
    }
    return versions;
}

} // namespace

QString migrationStateName(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QStringLiteral("applied");
    case MigrationState::Pending:
        return QStringLiteral("pending");
    case MigrationState::Failed:
        return QStringLiteral("failed");
    case MigrationState::Changed:
        return QStringLiteral("changed");
    case MigrationState::OutOfOrder:
        return QStringLiteral("out_of_order");
    case MigrationState::FileMissing:
        return QStringLiteral("file_missing");
    }
    return {};
}

const MigrationStatusRow *MigrationStatus::row(int version) const
{
    for (const MigrationStatusRow &r : rows) {
        if (r.version == version)
            return &r;
    }
    return nullptr;
}

int MigrationStatus::count(MigrationState state) const
{
    return int(std::count_if(rows.cbegin(), rows.cend(),
                             [state](const MigrationStatusRow &r) { return r.state == state; }));
}

MigrationStatus computeStatus(const MigrationSet &set, const QList<HistoryEntry> &history)
{
    MigrationStatus status;
    status.gaps = set.gaps();
    status.problems = set.problems();
    const QMap<int, Replayed> replayed = replay(history);
    for (auto it = replayed.cbegin(); it != replayed.cend(); ++it) {
        if (it->applied)
            status.currentVersion = std::max(status.currentVersion, it.key());
    }

    QMap<int, MigrationStatusRow> rows;
    for (const Migration &migration : set.migrations()) {
        MigrationStatusRow row;
        row.version = migration.version;
        row.description = migration.description;
        row.fileName = migration.forward.fileName;
        row.rollbackFileName = migration.rollback.fileName;
        row.rollbackMissing = !migration.rollback.isValid();
        row.transactional = migration.forward.transactional;
        row.checksum = migration.checksum;
        const Replayed v = replayed.value(migration.version);
        row.appliedChecksum = v.checksum;
        row.appliedAt = v.at;
        row.appliedBy = v.by;
        row.executionMs = v.executionMs;
        row.lastError = v.lastError;
        row.applied = v.applied;
        if (v.failed)
            row.state = MigrationState::Failed;
        else if (v.applied)
            row.state = v.checksum == migration.checksum ? MigrationState::Applied
                                                         : MigrationState::Changed;
        else if (migration.version < status.currentVersion)
            row.state = MigrationState::OutOfOrder;
        else
            row.state = MigrationState::Pending;
        rows.insert(row.version, row);
    }
    for (auto it = replayed.cbegin(); it != replayed.cend(); ++it) {
        if (!it->applied || rows.contains(it.key()))
            continue;
        MigrationStatusRow row;
        row.version = it.key();
        for (const HistoryEntry &entry : history) {
            if (entry.version == it.key())
                row.description = entry.description;
        }
        row.state = MigrationState::FileMissing;
        row.applied = true;
        row.rollbackMissing = true;
        row.appliedChecksum = it->checksum;
        row.appliedAt = it->at;
        row.appliedBy = it->by;
        row.executionMs = it->executionMs;
        rows.insert(row.version, row);
    }
    status.rows = rows.values();
    return status;
}

Result<QList<int>> planUp(const MigrationStatus &status, const PlanOptions &options)
{
    if (Status ok = refuseOnProblems(status); !ok)
        return std::unexpected(ok.error());
    const QList<int> changed = versionsIn(status, MigrationState::Changed);
    if (!changed.isEmpty() && !options.acceptChanged)
        return fail(Error::Kind::Usage,
                    QStringLiteral("Applied migration(s) %1 changed since they were applied "
                                   "(checksum differs), so nothing was run. Restore the "
                                   "file(s), or accept the change with --accept-changed.")
                        .arg(versionList(changed)));
    const QList<int> outOfOrder = versionsIn(status, MigrationState::OutOfOrder);
    QList<int> blocked;
    for (int v : outOfOrder) {
        if (!options.target || v <= *options.target)
            blocked << v;
    }
    if (!blocked.isEmpty() && !options.allowOutOfOrder)
        return fail(Error::Kind::Usage,
                    QStringLiteral("Migration(s) %1 are pending but older than the current version "
                                   "%2 (out of order), so nothing was run. Apply them anyway "
                                   "with --allow-out-of-order.")
                        .arg(versionList(blocked))
                        .arg(formatVersion(status.currentVersion)));
    QList<int> plan;
    for (const MigrationStatusRow &row : status.rows) {
        if (options.target && row.version > *options.target)
            continue;
        if (!row.applied && !row.fileName.isEmpty())
            plan << row.version;
    }
    return plan;
}

Result<QList<int>> planDown(const MigrationStatus &status, const PlanOptions &options)
{
    if (Status ok = refuseOnProblems(status); !ok)
        return std::unexpected(ok.error());
    QList<int> plan;
    for (auto it = status.rows.crbegin(); it != status.rows.crend(); ++it) {
        if (!it->applied)
            continue;
        if (options.target ? it->version <= *options.target : !plan.isEmpty())
            continue;
        plan << it->version;
    }
    QStringList refusals;
    for (int v : std::as_const(plan)) {
        const MigrationStatusRow *row = status.row(v);
        if (row->state == MigrationState::FileMissing)
            refusals << QStringLiteral("%1 has no file in the folder").arg(formatVersion(v));
        else if (row->rollbackMissing)
            refusals << QStringLiteral("%1 (%2) has no rollback file")
                            .arg(formatVersion(v))
                            .arg(row->fileName);
        else if (row->state == MigrationState::Changed && !options.acceptChanged)
            refusals << QStringLiteral("%1 changed since it was applied (use --accept-changed)")
                            .arg(formatVersion(v));
    }
    if (!refusals.isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("Cannot roll back, so nothing was rolled back: %1.")
                        .arg(refusals.join(QLatin1String("; "))));
    return plan;
}

} // namespace bridgescope
