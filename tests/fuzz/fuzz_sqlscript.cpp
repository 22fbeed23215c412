// The migration script splitter (splitSqlScript) on any text: never a crash, a hang or an
// out-of-bounds read; every statement it returns is a piece of the script, on a line the script
// has, and every error names a line.
#include "FuzzInput.h"
#include "migrations/SqlScript.h"

using namespace bridgescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString script = fuzz::text(data, size);
    const int lines = int(script.count(QLatin1Char('\n'))) + 1;
    Result<QList<SqlStatement>> statements = splitSqlScript(script);
    if (!statements) {
        if (statements.error().message.isEmpty())
            fuzz::broken("an error without words");
        return 0;
    }
    for (const SqlStatement &statement : *statements) {
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
    }
    return 0;
}
