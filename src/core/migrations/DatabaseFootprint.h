#pragma once

#include "Error.h"

#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

// What a database holds, to tell one of ours (empty, or with the bridge tables) from someone
// else's, before the migration chain or demo data goes into it.
struct DatabaseFootprint
{
    QString database;
    int userTables = 0; // tables outside the system schemas and bridgescope's own
    int schemas = 0; // the schemas that hold them
    QStringList bridgeTables; // which of the tables asked about it has

    // Tables of its own and none of ours: the chain would put the bridge tables beside them.
    bool isStrangers() const { return userTables > 0 && bridgeTables.isEmpty(); }
    // "holds 516 tables of its own (in 9 schemas) and none of the OmniNode Bridge tables"
    QString describe() const;
};

// One catalog query (read-only, any role): the user tables and which of `bridgeTables` (names
// in the search path's first schema, as the migrations create them) exist.
Result<DatabaseFootprint> readDatabaseFootprint(Session &session, const QStringList &bridgeTables);

} // namespace bridgescope
