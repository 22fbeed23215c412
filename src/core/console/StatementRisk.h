#pragma once

#include "migrations/SqlScript.h"

#include <QString>

namespace bridgescope {

// Why a statement deserves a question before it runs in write mode, in words, or an empty
// string: an UPDATE or DELETE without a WHERE (every row), TRUNCATE, DROP. Read from the
// statement's words outside strings, quoted names and comments, at the top level (a WHERE in a
// subquery does not count; one after a WITH list does).
QString statementRisk(const SqlStatement &statement);

} // namespace bridgescope
