#pragma once

#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace bridgescope {

class Session;

// The history table: bridgescope.schema_history, an append-only log of what each run did.
// A version's current state is the sum of its rows in id order (see computeStatus). Its own
// schema keeps it out of the user's tables, the ER diagram and the verify comparison.
inline constexpr char kHistoryTable[] = "bridgescope.schema_history";
inline constexpr char kHistorySchema[] = "bridgescope";

enum class HistoryAction {
    Apply, // the forward file ran
    Rollback, // the rollback file ran
    Accept, // the user accepted a changed file's new checksum (migrate up --accept-changed)
};

struct HistoryEntry
{
    qint64 id = 0;
    int version = 0;
    QString description;
    HistoryAction action = HistoryAction::Apply;
    QString script; // the file that ran
    QString checksum; // sha256 of the forward file at the time
    QDateTime at;
    QString by; // the database role
    int executionMs = 0;
    bool success = true;
    QString errorMessage; // why it failed (success == false)
};

QString historyActionName(HistoryAction action); // "apply", "rollback", "accept"

// The rows, oldest first; none when the table does not exist yet.
Result<QList<HistoryEntry>> readHistory(Session &session);

// Creates the schema and table when missing. Run under the migration lock: two runners
// creating it at once would collide in the catalog.
Status ensureHistoryTable(Session &session);

// Appends one row (applied_at and applied_by are the server's now() and current_user).
Status recordHistory(Session &session, const HistoryEntry &entry);

} // namespace bridgescope
