#pragma once

#include "Error.h"
#include "migrations/MigrationHistory.h"
#include "migrations/MigrationSet.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace bridgescope {

enum class MigrationState {
    Applied,
    Pending,
    Failed, // its last run failed (the transaction rolled back; nothing of it remains)
    Changed, // applied, but the file's checksum differs from the one recorded
    OutOfOrder, // pending, with a higher version already applied
    FileMissing, // applied, but no file of this version in the folder
};

QString migrationStateName(MigrationState state); // "applied", "out_of_order", … (JSON)

struct MigrationStatusRow
{
    int version = 0;
    QString description;
    QString fileName; // empty for FileMissing
    QString rollbackFileName; // empty when there is none
    MigrationState state = MigrationState::Pending;
    bool applied = false; // in the database now (also for Changed, FileMissing, a failed rollback)
    bool rollbackMissing = false;
    bool transactional = true;
    QString checksum; // the file's
    QString appliedChecksum; // the one recorded when applied (or accepted)
    QDateTime appliedAt; // last successful apply, if applied
    QString appliedBy;
    int executionMs = -1; // of the last successful apply, -1 if none
    QString lastError; // of the last failed run
};

struct MigrationStatus
{
    QList<MigrationStatusRow> rows; // by version
    int currentVersion = 0; // highest applied version, 0 when none
    QList<int> gaps;
    QList<MigrationProblem> problems;

    const MigrationStatusRow *row(int version) const;
    int count(MigrationState state) const;
};

// Combines the folder with the history table's log. Pure: the unit tests drive it directly.
MigrationStatus computeStatus(const MigrationSet &set, const QList<HistoryEntry> &history);

enum class Direction { Up, Down };

struct PlanOptions
{
    std::optional<int> target; // up: apply up to and including; down: roll back to (exclusive)
    bool acceptChanged = false; // go ahead although applied files changed
    bool allowOutOfOrder = false; // apply pending versions lower than the current one
};

// The versions `up` would apply, in order, or why it must not run (a problem in the folder, a
// changed file, an out-of-order one). Failed migrations are retried.
Result<QList<int>> planUp(const MigrationStatus &status, const PlanOptions &options);

// The versions `down` would roll back, newest first: the last applied one, or every applied
// one above options.target. Refuses when one of them has no rollback file or no file at all.
Result<QList<int>> planDown(const MigrationStatus &status, const PlanOptions &options);

} // namespace bridgescope
