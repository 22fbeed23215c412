#pragma once

#include "Error.h"
#include "migrations/CatalogSnapshot.h"
#include "migrations/MigrationRunner.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace bridgescope {

class ConnectionProfile;
class MigrationSet;

// One catalog difference and the step of the round trip where it first showed.
struct VerifyFinding
{
    QString stage; // "rollback of 012 (expected the catalog after 011)"
    CatalogDifference difference;
};

struct VerifyReport
{
    QString scratchDatabase;
    int migrations = 0;
    QStringList stages; // every step taken, in order
    QList<VerifyFinding> findings;
    std::optional<MigrationFailure> failure; // a migration that failed in the scratch database

    bool ok() const { return findings.isEmpty() && !failure; }
};

// The round trip, in a scratch database created on the profile's server and always dropped
// afterwards: apply every migration one at a time, recording the catalog after each; roll them
// all back, checking after each rollback that the catalog is the one before its migration (so a
// rollback that leaves something behind, or drops too much, is named with its object); apply
// them all again, checking each catalog against the first pass. An Error means the round trip
// could not start (no CREATEDB right, a problem in the folder, a missing rollback file).
Result<VerifyReport> verifyRoundTrip(const ConnectionProfile &profile, const MigrationSet &set,
                                     const std::function<void(const QString &stage)> &progress
                                     = {});

} // namespace bridgescope
