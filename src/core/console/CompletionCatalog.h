#pragma once

#include "Error.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

// What the console's completion knows of the database, read in one go on a worker and then
// matched in memory: typing never waits on the server.
struct CompletionCatalog
{
    struct Relation
    {
        QString schema;
        QString name;
        QChar kind; // pg_class.relkind: r, p, v, m, f
        QStringList columns; // in order
        QStringList columnTypes;
        QString lowerName; // for matching (index())
        quint64 nameMask = 0; // FuzzyMatcher::charMask(lowerName)
        bool onSearchPath = false; // needs no schema qualifier (index())
    };
    struct Function
    {
        QString schema;
        QString name;
        QString arguments; // pg_get_function_identity_arguments
        QString result;
        QString lowerName; // for matching (index())
        quint64 nameMask = 0;
        bool onSearchPath = false;
    };
    struct ForeignKey
    {
        int from = -1; // indexes into relations
        int to = -1;
        QStringList fromColumns;
        QStringList toColumns;
    };
    QList<Relation> relations;
    QList<Function> functions;
    QList<ForeignKey> foreignKeys;
    QStringList schemas;
    QStringList searchPath; // current_schemas(true): names there need no qualifier

    // The relation a name in the statement means ("t", "s.t", quoted or not), or -1.
    int findRelation(const QString &schema, const QString &name) const;
    QHash<QString, QList<int>> byName; // lower-case name → relations (built by index())
    void index();
};

Result<CompletionCatalog> readCompletionCatalog(Session &session);

} // namespace bridgescope
