#pragma once

#include "connection/PgQuery.h"
#include "data/BrowseQuery.h"

#include <QList>
#include <QString>

namespace bridgescope {

// What the grid's Copy puts on the clipboard, as DBeaver and DataGrip users expect it.
enum class CopyFormat {
    Tsv, // tab-separated values: what a spreadsheet pastes into cells; NULL is an empty cell
    TsvWithHeader, // the same under a line of column names
    Csv, // with a header, the bytes COPY … (FORMAT csv) writes: NULL empty, '' as "", \n lines
    Json, // an array of objects; numbers, booleans and json/jsonb as themselves, NULL as null
    Insert, // one INSERT INTO "schema"."table" (…) VALUES (…); per row
};

QString copyFormatLabel(CopyFormat format); // "TSV", "CSV", "JSON", "SQL INSERT"

// Rows of whole values (the server's text for each, NULL as nullopt) in `columns`' order.
struct CopiedCells
{
    QString qualifiedTable; // quoted, for INSERT
    QList<BrowseColumn> columns;
    QList<QList<SqlText>> rows;
};

QString formatCopy(CopyFormat format, const CopiedCells &cells);

} // namespace bridgescope
