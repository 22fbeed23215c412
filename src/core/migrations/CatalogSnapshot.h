#pragma once

#include "Error.h"

#include <QList>
#include <QMap>
#include <QString>

namespace bridgescope {

class Session;

// Everything a migration can create, as "kind name" → definition, for the user's schemas
// (not pg_catalog, information_schema, pg_toast or bridgescope's own history schema): schemas,
// tables and views, columns (type, nullability, default, identity), constraints, indexes,
// triggers, functions, sequences, types, extensions and comments. Definitions come from the
// server's own pg_get_*def functions, so two snapshots compare as the server sees them.
using CatalogSnapshot = QMap<QString, QString>;

Result<CatalogSnapshot> readCatalog(Session &session);

struct CatalogDifference
{
    enum class Kind { Missing, Extra, Changed };
    Kind kind = Kind::Changed;
    QString object; // "index public.idx_event_logs_type"
    QString expected; // empty for Extra
    QString actual; // empty for Missing

    QString
    describe() const; // "extra: column public.bridge_states.node_type (character varying(50))"
};

QString catalogDifferenceKindName(CatalogDifference::Kind kind); // "missing", "extra", "changed"

// What `actual` has that `expected` lacks, lacks that it has, or defines differently.
QList<CatalogDifference> compareCatalogs(const CatalogSnapshot &expected,
                                         const CatalogSnapshot &actual);

} // namespace bridgescope
