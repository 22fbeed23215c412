#pragma once

#include "console/CompletionCatalog.h"

#include <QList>
#include <QString>

namespace bridgescope {

struct CompletionCandidate
{
    QString text; // what replaces the word being typed
    QString kind; // "table", "view", "column", "function", "join", "keyword", "schema"
    QString detail; // a column's type, a function's signature, a table's schema
    int score = 0;
};

struct Completions
{
    int replaceFrom = 0; // the characters [replaceFrom, offset) are the word being typed
    QList<CompletionCandidate> candidates; // best first
};

// What the editor offers at `offset` of `sql`: after FROM or JOIN the tables and views (with
// their schema where it is not on the search path), after "alias." that table's columns, after
// "schema." its tables, after JOIN … ON the join conditions the foreign keys between the
// statement's tables give, elsewhere the statement's columns, functions and keywords.
Completions completeSql(const CompletionCatalog &catalog, const QString &sql, int offset,
                        int limit = 100);

// An identifier as SQL needs it written: bare where it can be, quoted otherwise.
QString sqlIdentifier(const QString &name);

} // namespace bridgescope
