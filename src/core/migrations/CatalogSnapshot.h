#pragma once

#include "Error.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

// Everything a migration can create, as "kind name" → definition, for the user's schemas
// (not pg_catalog, information_schema, pg_toast or bridgescope's own history schema): schemas,
// tables and views, columns (type, nullability, default, identity), constraints, indexes,
// triggers, functions, sequences, types, extensions and comments. Definitions come from the
// server's own pg_get_*def functions, so two snapshots compare as the server sees them.
using CatalogSnapshot = QMap<QString, QString>;

// onlySchemas: keep the objects of these schemas only (database-wide ones, such as a comment on
// the database, go too); empty keeps everything. schemasFound: the schemas the kept objects
// live in, sorted.
Result<CatalogSnapshot> readCatalog(Session &session, const QStringList &onlySchemas = {},
                                    QStringList *schemasFound = nullptr);

struct CatalogDifference
{
    enum class Kind { Missing, Extra, Changed };
    Kind kind = Kind::Changed;
    QString object; // "index public.idx_event_logs_type"
    QString expected; // empty for Extra
    QString actual; // empty for Missing

    // "extra: column public.bridge_states.node_type (character varying(50))"; a multi-line
    // definition (a function) shows its first line, a change the first line that differs.
    QString describe() const;
    // The same from the live database's side (drift): "in the database, not in the migrations:
    // index public.idx_x", "different: column public.t.c is text in the database, integer in
    // the migrations".
    QString explain() const;
};

// The kinds of object a snapshot holds, as its keys begin: "schema", "table", "column", …
QStringList comparedObjectKinds();

QString catalogDifferenceKindName(CatalogDifference::Kind kind); // "missing", "extra", "changed"

// What `actual` has that `expected` lacks, lacks that it has, or defines differently.
QList<CatalogDifference> compareCatalogs(const CatalogSnapshot &expected,
                                         const CatalogSnapshot &actual);

} // namespace bridgescope
