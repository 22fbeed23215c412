#pragma once

#include "Error.h"

#include <QSqlError>

namespace bridgescope {

// Turns libpq's and the server's text into one sentence a person understands, keeping the
// original text as Error::detail. "connection to server at \"db\", port 5432 failed: FATAL:
// password authentication failed for user \"ana\"" becomes "The server at db:5432 rejected the
// password for user \"ana\"."
Error describeConnectionFailure(const QString &libpqMessage);

// A failed statement: PostgreSQL's primary message and SQLSTATE, with the few cases where the
// raw text misleads (lost connection, cancel, timeout, read-only) said plainly.
Error describeQueryFailure(const QSqlError &error);
Error describeQueryFailure(const QString &serverMessage, const QString &sqlState);

} // namespace bridgescope
