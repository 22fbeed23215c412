#pragma once

#include "Error.h"
#include "catalog/SchemaSnapshot.h"

namespace bridgescope {

class Session;

struct CatalogReadOptions
{
    QString schema; // only this schema; empty: every user schema
    // pg_total_relation_size of every table: a few file-system calls per table and index
    // (a tenth of a second on 1,000 tables). Drawing the diagram needs none.
    bool sizes = true;
};

// Reads the tables, views, columns, keys, indexes and checks of the user schemas (not
// pg_catalog, information_schema, pg_toast, temp schemas, or BridgeScope's own `bridgescope`
// history schema) in five catalog queries for the whole database, inside one read-only
// REPEATABLE READ transaction so that the parts agree with each other. Partitions are folded
// under their root table. Needs no privilege on the tables themselves; a table the user
// cannot SELECT from is read and marked.
Result<SchemaSnapshot> readSchema(Session &session, const CatalogReadOptions &options = {});

} // namespace bridgescope
