#pragma once

#include "connection/PgQuery.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace bridgescope {

// The program's one CSV writer: the bytes PostgreSQL's COPY … (FORMAT csv, HEADER) writes, and
// so psql's \copy … csv header. NULL is an empty field; an empty string is "" (it would read
// back as NULL otherwise); a field with a comma, a quote, CR or LF is quoted, quotes doubled;
// and a lone \. in a one-column row is quoted, as COPY does (it would end the data).
class CsvWriter
{
public:
    explicit CsvWriter(int columns)
        : m_single(columns == 1)
    { }

    static void appendField(QByteArray &out, const SqlText &value, bool onlyColumn);
    static void appendField(QByteArray &out, QByteArrayView text, bool isNull, bool onlyColumn);
    void appendHeader(QByteArray &out, const QStringList &names) const;
    void appendRow(QByteArray &out, const CellTable &cells, int row) const;
    void appendRow(QByteArray &out, const QList<SqlText> &row) const;

private:
    bool m_single = false;
};

} // namespace bridgescope
