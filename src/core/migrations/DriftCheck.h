#pragma once

#include "Error.h"
#include "migrations/CatalogSnapshot.h"
#include "migrations/DriftSql.h"
#include "migrations/MigrationRunner.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace bridgescope {

class CancelGroup;
class ConnectionProfile;
class MigrationSet;

// One place where the live database differs from what its applied migrations make.
struct DriftFinding
{
    CatalogDifference difference; // expected: the migrations' side; actual: the database's
    // The objects of a table or view that is missing or extra as a whole (its columns,
    // constraints, indexes …), folded into it rather than listed one by one.
    QStringList within;
    AlignmentSql sql;
};

// What applying a pending migration, or rolling back an applied one, would change, and the
// findings that touch those objects (the same object, or one of the same table). A rollback's
// objects are those its migration's apply changed when replayed.
struct DriftTouch
{
    int version = 0;
    Direction direction = Direction::Up;
    QString label; // "020 add retry columns"
    QStringList objects; // catalog objects it creates, drops or alters
    QList<int> findings; // indexes into DriftReport::findings
    QString unknown; // why its effect could not be worked out (it failed in the scratch database)
};

struct DriftReport
{
    QString scratch; // where the migrations were replayed (ScratchDatabase::describe())
    bool privateCluster = false;
    QList<int> applied; // the versions the history records as applied, in the order applied
    QStringList schemas; // the schemas compared: those the applied migrations put objects in
    // Applied migrations whose file is missing or changed since: the history cannot be replayed
    // as it ran, so nothing was compared.
    QStringList historyProblems;
    std::optional<MigrationFailure> failure; // an applied migration failed when replayed
    QList<DriftFinding> findings;
    QList<DriftTouch> touches; // the applied ones' rollbacks, newest first; then pending applies

    bool compared() const { return historyProblems.isEmpty() && !failure; }
    bool hasDrift() const { return !findings.isEmpty(); }
    // The touch for one migration and direction, if the check worked it out.
    const DriftTouch *touch(int version, Direction direction) const;
    // "No drift", "3 differences", "not compared: 004 changed since it was applied"
    QString summary() const;
};

// Replays exactly the migrations the live history records as applied, in that order, in an empty
// database (a scratch database on the same server, or where the role may not create one, a
// private cluster of the server's major version), reads both catalogs with readCatalog and lists
// every difference in the schemas those migrations use. The catalog is read after each replayed
// migration, and each pending one is applied there too, to name what each apply or rollback
// would change. Reads the live database
// only. An Error means the check could not be made (no connection, a problem in the folder, no
// way to make an empty database).
// cancel: stops the check from another thread (its statements are cancelled, an Error of kind
// Cancelled comes back, and the scratch database is dropped as always).
Result<DriftReport> checkDrift(const ConnectionProfile &profile, const MigrationSet &set,
                               const std::function<void(const QString &stage)> &progress = {},
                               const std::shared_ptr<CancelGroup> &cancel = {});

// The applied versions in the order their last successful apply happened.
QList<int> appliedOrder(const QList<HistoryEntry> &history);

} // namespace bridgescope
