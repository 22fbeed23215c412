#pragma once

#include "migrations/MigrationSet.h"

#include <QStringList>

namespace bridgescope {

// What a rollback file drops, read from its statements, for the confirmation a person sees
// before a rollback: "table workflow_steps and its rows", "column bridge_states.node_type and
// its values", "index idx_event_logs_type". Statements it does not recognise are not listed;
// an empty list means "show the SQL instead".
QStringList summarizeDrops(const MigrationScript &rollback);

} // namespace bridgescope
