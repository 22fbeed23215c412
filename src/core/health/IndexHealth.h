#pragma once

#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

struct IndexUse
{
    QString schema;
    QString table;
    QString name;
    QString definition; // pg_get_indexdef
    qint64 bytes = 0;
    qint64 scans = 0; // since the statistics began
    bool unique = false;
    bool constraint = false; // backs a primary key, unique or exclusion constraint
};

// Indexes with the same table, columns (or expressions), operator classes, collations, order
// and predicate: all but one only cost writes and space. keep is the one to keep (the one a
// constraint needs, else a unique one, else the first by name).
struct DuplicateIndexes
{
    IndexUse keep;
    QList<IndexUse> redundant;
};

struct IndexReport
{
    // Never scanned since the statistics began (statsReset), leaving out unique indexes and
    // those behind constraints: they do their work without being scanned. On a standby the
    // counts are the standby's own reads, not the primary's.
    QList<IndexUse> unused;
    QList<DuplicateIndexes> duplicates;
    QDateTime statsReset; // invalid: since the cluster was created
};

// The current database's unused and duplicate indexes, largest first. Sizes never wait on a
// lock: an index (or its table) held in ACCESS EXCLUSIVE mode is sized from the catalog, and its
// definition (pg_get_indexdef locks the table) is left unread.
Result<IndexReport> readIndexHealth(Session &session);

} // namespace bridgescope
