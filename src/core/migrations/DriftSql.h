#pragma once

#include "migrations/CatalogSnapshot.h"

#include <QString>
#include <QStringList>

namespace bridgescope {

// The SQL that would bring one side of a drift in line with the other, as text for a person to
// read, edit and run (BridgeScope never runs it by itself).
struct AlignmentSql
{
    QString toMatchMigrations; // run on the database, it becomes what the migrations make
    QString toMatchDatabase; // in a new migration, the migrations record what the database has
};

// expected: the catalog the applied migrations make; actual: the live database's. A table or view
// that is missing or extra as a whole is written with its columns and constraints (from the
// snapshot that has it); its indexes, triggers and comments follow.
AlignmentSql alignmentSql(const CatalogDifference &difference, const CatalogSnapshot &expected,
                          const CatalogSnapshot &actual);

// "public.\"a.b\".c" → {"public", "\"a.b\"", "c"}: dots inside double quotes are not separators.
QStringList splitQualifiedName(const QString &name);

// The table or view an object belongs to ("public.t" for "column public.t.c", for "index
// public.i" whose definition reads "… ON public.t USING …", for "comment table column
// public.t.c"); the object's own name for anything else.
QString owningRelation(const QString &objectKey, const QString &definition);

// A column definition as readCatalog writes it, taken apart.
struct ColumnDefinition
{
    QString type; // with its COLLATE clause
    bool notNull = false;
    QString defaultExpression; // empty: none
    QString generated; // "GENERATED ALWAYS AS (…) STORED" or an identity clause, empty if none
};
ColumnDefinition parseColumnDefinition(const QString &definition);

} // namespace bridgescope
