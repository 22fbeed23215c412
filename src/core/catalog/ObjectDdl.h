#pragma once

#include "Error.h"
#include "catalog/CatalogIndex.h"

namespace bridgescope {

class Session;

// The SQL that makes an object, as `pg_dump --schema-only` writes it for that object: the same
// statements, in pg_dump's words and order, names schema-qualified (read with an empty
// search_path, as pg_dump does), without pg_dump's SET lines and comment headers.
//   table, partitioned table, partition: CREATE TABLE with its columns, defaults, identity
//     and generated columns, NOT NULL and CHECK constraints; owner; comments; the sequences
//     it owns; ATTACH PARTITION with the bounds; keys, unique and exclusion constraints;
//     indexes; triggers; foreign keys; row level security and policies; grants;
//   view, materialized view: the definition, owner, comments, grants (a materialized view's
//     indexes too); sequence; function, procedure; enum, composite, domain and range types.
// An index, constraint or trigger gives its own statement; a column or policy, which pg_dump
// writes only within its table's, gives the table's DDL. A role that may
// not see an object's definition gets an Error saying so, in words.
Result<QString> readObjectDdl(Session &session, const CatalogObject &object);

// PostgreSQL's dollar quoting as pg_dump writes it: $$body$$; $_$…$_$ for a body that holds a
// $, then $_X$, $_XX$, … as needed.
QString dollarQuoted(const QString &body);

} // namespace bridgescope
