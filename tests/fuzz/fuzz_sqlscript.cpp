// The script splitter (splitSqlScript), strict as migrations use it and lenient as the console
// does, on any text: never a crash, a hang or an out-of-bounds read; every statement it returns
// is the piece of the script at its offset, on a line the script has, and every error names a
// line. The lenient split never fails. What asks before it runs (statementRisk) reads any
// statement too.
#include "FuzzInput.h"
#include "console/StatementRisk.h"
#include "migrations/SqlScript.h"

using namespace bridgescope;

namespace {

void checkStatements(const QString &script, const QList<SqlStatement> &statements)
{
    const int lines = int(script.count(QLatin1Char('\n'))) + 1;
    for (const SqlStatement &statement : statements) {
        if (script.mid(statement.offset, statement.text.size()) != statement.text)
            fuzz::broken("a statement that is not at its offset", statement.text);
        if (statement.text.trimmed().isEmpty())
            fuzz::broken("an empty statement", script);
        if (!script.contains(statement.text))
            fuzz::broken("a statement that is not in the script", statement.text);
        if (statement.line < 1 || statement.line > lines)
            fuzz::broken("a statement on a line the script does not have", statement.text);
        // The server's error position, anywhere in the statement (or past it): a line of it.
        for (int position : { 0, 1, int(statement.text.size()) / 2, int(statement.text.size()),
                              int(statement.text.size()) + 5 }) {
            const int line = lineOfPosition(statement, position);
            if (line < statement.line || line > lines)
                fuzz::broken("an error position on a line outside the statement", statement.text);
        }
        isTransactionControl(statement);
        statementRisk(statement);
        scriptOffsetOf(statement, int(statement.text.size()) + 5);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString script = fuzz::text(data, size);
    Result<QList<SqlStatement>> lenient = splitSqlScript(script, SplitMode::Lenient);
    if (!lenient)
        fuzz::broken("a lenient split that failed", lenient.error().message);
    else
        checkStatements(script, *lenient);
    Result<QList<SqlStatement>> statements = splitSqlScript(script);
    if (!statements) {
        if (statements.error().message.isEmpty())
            fuzz::broken("an error without words");
        return 0;
    }
    checkStatements(script, *statements);
    return 0;
}
