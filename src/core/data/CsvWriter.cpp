#include "data/CsvWriter.h"

namespace bridgescope {

void CsvWriter::appendField(QByteArray &out, const SqlText &value, bool onlyColumn)
{
    if (!value)
        return;
    const QByteArray &text = *value;
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
    for (int column = 0; column < cells.columnCount(); ++column) {
        if (column > 0)
            out += ',';
        appendField(out, cells.cell(row, column), m_single);
    }
    out += '\n';
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
