#pragma once

#include "Error.h"
#include "console/CompletionCatalog.h"
#include "console/SqlCompletion.h"

#include <QStringList>

#include <optional>

namespace bridgescope {

class Session;

// Where the cursor stands inside a key of a json or jsonb column: `doc->'`, `e.metadata->>'pri`,
// `doc->'a'->'` (a path of keys before it).
struct JsonKeyPlace
{
    int relation = -1; // in the catalog
    QString column;
    QStringList path; // the keys before this one
    QString typed; // the part of the key typed so far
    int replaceFrom = 0; // the key's first character in the text
};

std::optional<JsonKeyPlace> jsonKeyPlace(const CompletionCatalog &catalog, const QString &sql,
                                         int offset);

// The keys found at that path in the first 1,000 rows of the column's table, the most frequent
// first (no tool has these: the keys are the data's, not the catalog's).
Result<QStringList> sampleJsonKeys(Session &session, const CompletionCatalog &catalog,
                                   const JsonKeyPlace &place);

// The candidates: keys matching what was typed, each closing its string.
Completions jsonKeyCompletions(const JsonKeyPlace &place, const QStringList &keys);

} // namespace bridgescope
