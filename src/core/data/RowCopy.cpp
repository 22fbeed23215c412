#include "data/RowCopy.h"

#include "data/CellFormat.h"
#include "data/CsvWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace bridgescope {

namespace {

QString textOf(const SqlText &value)
{
    return value ? QString::fromUtf8(*value) : QString();
}

// Excel and LibreOffice read a quoted TSV field as one cell even with a tab or a line break in it.
QString tsvField(const SqlText &value)
{
    const QString text = textOf(value);
    if (!text.contains(QLatin1Char('\t')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')) && !text.startsWith(QLatin1Char('"')))
        return text;
    return QLatin1Char('"') + QString(text).replace(QLatin1Char('"'), QLatin1String("\"\""))
        + QLatin1Char('"');
}

QString jsonString(const QString &text)
{
    // QJsonDocument escapes as JSON requires; the array brackets are taken off.
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// A boolean's text: 't' from the output function, 'true' from a ::text cast.
bool isTrue(const QString &text)
{
    return text == QLatin1String("t") || text == QLatin1String("true");
}

bool isJsonNumber(const QString &text)
{
    // PostgreSQL's numeric text also has NaN and Infinity, which JSON does not.
    bool ok = false;
    text.toDouble(&ok);
    return ok && !text.contains(QLatin1String("n"), Qt::CaseInsensitive);
}

QString jsonValue(const BrowseColumn &column, const SqlText &value)
{
    if (!value)
        return QStringLiteral("null");
    const QString text = textOf(value);
    switch (column.kind) {
    case ColumnKind::Number:
        return isJsonNumber(text) ? text : jsonString(text);
    case ColumnKind::Boolean:
        return isTrue(text) ? QStringLiteral("true") : QStringLiteral("false");
    case ColumnKind::Json:
    case ColumnKind::Jsonb:
        return text;
    case ColumnKind::TextArray:
    case ColumnKind::UuidArray:
    case ColumnKind::OtherArray: {
        const auto elements = parseArrayText(text);
        if (!elements)
            return jsonString(text);
        QStringList parts;
        for (const std::optional<QString> &element : *elements)
            parts << (element ? jsonString(*element) : QStringLiteral("null"));
        return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    default:
        return jsonString(text);
    }
}

QString sqlLiteral(const BrowseColumn &column, const SqlText &value)
{
    if (!value)
        return QStringLiteral("NULL");
    const QString text = textOf(value);
    if (column.kind == ColumnKind::Number && isJsonNumber(text))
        return text;
    if (column.kind == ColumnKind::Boolean)
        return isTrue(text) ? QStringLiteral("true") : QStringLiteral("false");
    // A quoted literal takes the column's type on INSERT (standard_conforming_strings, on
    // since PostgreSQL 9.1, keeps backslashes as they are).
    QString quoted = QString(text).replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString joinedNames(const QList<BrowseColumn> &columns, const QString &separator, bool quoted)
{
    QStringList names;
    for (const BrowseColumn &column : columns)
        names << (quoted ? quoteIdentifier(column.name) : column.name);
    return names.join(separator);
}

} // namespace

QString copyFormatLabel(CopyFormat format)
{
    switch (format) {
    case CopyFormat::Tsv:
        return QStringLiteral("TSV");
    case CopyFormat::TsvWithHeader:
        return QStringLiteral("TSV with column names");
    case CopyFormat::Csv:
        return QStringLiteral("CSV");
    case CopyFormat::Json:
        return QStringLiteral("JSON");
    case CopyFormat::Insert:
        return QStringLiteral("SQL INSERT");
    }
    return {};
}

QString formatCopy(CopyFormat format, const CopiedCells &cells)
{
    QString out;
    switch (format) {
    case CopyFormat::Tsv:
    case CopyFormat::TsvWithHeader: {
        QStringList lines;
        if (format == CopyFormat::TsvWithHeader) {
            QStringList header;
            for (const BrowseColumn &column : cells.columns)
                header << tsvField(column.name.toUtf8());
            lines << header.join(QLatin1Char('\t'));
        }
        for (const QList<SqlText> &row : cells.rows) {
            QStringList fields;
            for (const SqlText &value : row)
                fields << tsvField(value);
            lines << fields.join(QLatin1Char('\t'));
        }
        // One cell pastes as a value, not as a line.
        out = lines.join(QLatin1Char('\n'));
        if (lines.size() > 1)
            out += QLatin1Char('\n');
        return out;
    }
    case CopyFormat::Csv: {
        const CsvWriter writer(int(cells.columns.size()));
        QByteArray csv;
        QStringList names;
        for (const BrowseColumn &column : cells.columns)
            names << column.name;
        writer.appendHeader(csv, names);
        for (const QList<SqlText> &row : cells.rows)
            writer.appendRow(csv, row);
        return QString::fromUtf8(csv);
    }
    case CopyFormat::Json: {
        QStringList objects;
        for (const QList<SqlText> &row : cells.rows) {
            QStringList members;
            for (int column = 0; column < cells.columns.size(); ++column)
                members << jsonString(cells.columns[column].name) + QLatin1Char(':')
                        + jsonValue(cells.columns[column], row.value(column));
            objects << QLatin1Char('{') + members.join(QLatin1Char(',')) + QLatin1Char('}');
        }
        return QLatin1String("[\n") + objects.join(QLatin1String(",\n"))
            + (objects.isEmpty() ? QLatin1String("]\n") : QLatin1String("\n]\n"));
    }
    case CopyFormat::Insert: {
        const QString names = joinedNames(cells.columns, QStringLiteral(", "), true);
        for (const QList<SqlText> &row : cells.rows) {
            QStringList values;
            for (int column = 0; column < cells.columns.size(); ++column)
                values << sqlLiteral(cells.columns[column], row.value(column));
            out += QStringLiteral("INSERT INTO %1 (%2) VALUES (%3);\n")
                       .arg(cells.qualifiedTable, names, values.join(QStringLiteral(", ")));
        }
        return out;
    }
    }
    return out;
}

} // namespace bridgescope
