#pragma once

#include "Error.h"

#include <QList>
#include <QString>

namespace bridgescope {

// One statement of a script, with the 1-based line of the file it starts on, so that an error
// the server reports inside it can be traced back to a line of the file.
struct SqlStatement
{
    QString text; // from its first character to just before the terminating ';'
    int line = 0;
    int offset = 0; // the 0-based character in the script where it starts
};

// Strict: a migration file (an unclosed quote or a psql meta-command is an error naming its
// line). Lenient: what a user typed in the console, sent as written (the server says what is
// wrong with it): an unclosed quote or comment runs to the end of the text.
enum class SplitMode { Strict, Lenient };

// Splits an SQL script into statements the way psql does: at ';' outside quotes, quoted
// identifiers, dollar-quoted bodies (DO, CREATE FUNCTION) and comments. Statements that are only
// comments are dropped. An unterminated string or comment, or a psql meta-command (\i, \set …),
// is an error naming its line: the script is plain SQL that bridgescope runs itself.
Result<QList<SqlStatement>> splitSqlScript(const QString &script,
                                           SplitMode mode = SplitMode::Strict);

// The line within the script of a 1-based character position inside a statement (the server's
// error position), or the statement's own first line when the position is unknown.
int lineOfPosition(const SqlStatement &statement, int position);
// The 0-based character of the script at a 1-based position inside a statement.
int scriptOffsetOf(const SqlStatement &statement, int position);

// Whether the statement controls the transaction itself (BEGIN, COMMIT, ROLLBACK, …), which a
// migration that bridgescope runs in a transaction must not do.
bool isTransactionControl(const SqlStatement &statement);

} // namespace bridgescope
