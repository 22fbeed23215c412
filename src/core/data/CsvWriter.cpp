#include "data/CsvWriter.h"

#include <cstring>

namespace bridgescope {

void CsvWriter::appendField(QByteArray &out, const SqlText &value, bool onlyColumn)
{
    appendField(out, value ? QByteArrayView(*value) : QByteArrayView(), !value, onlyColumn);
}

void CsvWriter::appendField(QByteArray &out, QByteArrayView text, bool isNull, bool onlyColumn)
{
    if (isNull)
        return;
    bool quote = text.isEmpty() || (onlyColumn && text == "\\.");
    for (qsizetype i = 0; !quote && i < text.size(); ++i) {
        const char c = text.at(i);
        quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

void CsvWriter::appendHeader(QByteArray &out, const QStringList &names) const
{
    for (qsizetype column = 0; column < names.size(); ++column) {
        if (column > 0)
            out += ',';
        appendField(out, names[column].toUtf8(), m_single);
    }
    out += '\n';
}

void CsvWriter::appendRow(QByteArray &out, const CellTable &cells, int row) const
{
    // Written through a pointer into room made once (each field at most doubled, quoted): a
    // million rows are millions of fields, and appending each piece would dominate.
    const int columns = cells.columnCount();
    qsizetype room = 1;
    for (int column = 0; column < columns; ++column) {
        bool isNull = false;
        room += 2 * cells.view(row, column, &isNull).size() + 3;
    }
    const qsizetype start = out.size();
    out.resize(start + room);
    char *const begin = out.data();
    char *at = begin + start;
    for (int column = 0; column < columns; ++column) {
        if (column > 0)
            *at++ = ',';
        bool isNull = false;
        const QByteArrayView text = cells.view(row, column, &isNull);
        if (isNull)
            continue;
        bool quote = text.isEmpty() || (m_single && text == "\\.");
        for (qsizetype i = 0; !quote && i < text.size(); ++i) {
            const char c = text[i];
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            memcpy(at, text.data(), size_t(text.size()));
            at += text.size();
            continue;
        }
        *at++ = '"';
        for (const char c : text) {
            if (c == '"')
                *at++ = '"';
            *at++ = c;
        }
        *at++ = '"';
    }
    *at++ = '\n';
    out.truncate(at - begin);
}

void CsvWriter::appendRow(QByteArray &out, const QList<SqlText> &row) const
{
    for (qsizetype column = 0; column < row.size(); ++column) {
        if (column > 0)
            out += ',';
        appendField(out, row[column], m_single);
    }
    out += '\n';
}

} // namespace bridgescope
