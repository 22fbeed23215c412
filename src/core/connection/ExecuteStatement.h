#pragma once

#include "Error.h"

#include <QString>

namespace bridgescope {

class Session;

// Runs one SQL statement on the session's connection through libpq, so that a failure says
// where: PostgreSQL's SQLSTATE, its primary message, DETAIL and HINT, and the error position
// within the statement (Error::position). Qt Sql's QSqlError keeps none of the last three,
// which a migration error must name. Result rows, if any, are discarded.
Status executeStatement(Session &session, const QString &sql);

} // namespace bridgescope
