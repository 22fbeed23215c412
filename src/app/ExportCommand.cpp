// bridgescope export [--dsn URI] --table T [--where-json 'COL={…}'] [--order COL [--desc]]
//                    --format csv|json -o FILE: the Data tab's export, headless.
#include "Cli.h"
#include "catalog/SchemaSnapshot.h"
#include "data/TableBrowser.h"
#include "data/TableExport.h"

#include <QFile>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

// "metadata={\"a\":1}" → a containment filter on metadata.
std::optional<Filter> whereJsonFilter(const QString &text)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0)
        return std::nullopt;
    return Filter { text.left(equals).trimmed(), FilterOp::JsonContains, text.mid(equals + 1), {} };
}

} // namespace

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a table's rows to a file, as the Data tab's Export does: every column, the rows "
        "--where-json selects, ordered by --order and then the primary key. CSV is byte for "
        "byte what psql's \\copy (…) to FILE csv header writes; JSON is an array with one "
        "object per row. The file is replaced only when the export completes."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption({ QStringLiteral("table"),
                       QStringLiteral("The table or view: name or schema.name."),
                       QStringLiteral("T") });
    parser.addOption({ QStringLiteral("where-json"),
                       QStringLiteral("Only rows whose jsonb column contains the value "
                                      "(COL @> VALUE). Repeatable."),
                       QStringLiteral("COL=JSON") });
    parser.addOption({ QStringLiteral("order"), QStringLiteral("Sort by this column first."),
                       QStringLiteral("COL") });
    parser.addOption({ QStringLiteral("desc"), QStringLiteral("Sort descending.") });
    parser.addOption({ QStringLiteral("format"), QStringLiteral("csv (default) or json."),
                       QStringLiteral("F"), QStringLiteral("csv") });
    parser.addOption({ { QStringLiteral("o"), QStringLiteral("output") },
                       QStringLiteral("The file to write; - for standard output."),
                       QStringLiteral("FILE") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;

    const QString format = parser.value(QStringLiteral("format")).toLower();
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return usageError(parser,
                          QStringLiteral("--format is csv or json, not \"%1\".").arg(format));
    if (!parser.isSet(QStringLiteral("table")))
        return usageError(parser, QStringLiteral("Name the table to export with --table."));
    if (!parser.isSet(QStringLiteral("output")))
        return usageError(parser,
                          QStringLiteral("Name the file to write with -o FILE (- for "
                                         "standard output)."));
    BrowseSpec spec;
    for (const QString &text : parser.values(QStringLiteral("where-json"))) {
        std::optional<Filter> filter = whereJsonFilter(text);
        if (!filter)
            return usageError(
                parser, QStringLiteral("--where-json takes COLUMN=JSON, not \"%1\".").arg(text));
        spec.filters << *filter;
    }
    if (parser.isSet(QStringLiteral("order")))
        spec.sort = SortOrder { parser.value(QStringLiteral("order")),
                                parser.isSet(QStringLiteral("desc")) };

    SessionOptions options;
    options.statementTimeoutMs = 0; // an export of a large table takes as long as it takes
    std::expected<Session, int> session
        = openSession(parser, QStringLiteral("cli-export"), options);
    if (!session)
        return session.error();
    const auto [schema, table] = splitQualifiedName(parser.value(QStringLiteral("table")));
    Result<BrowseTable> browse = loadBrowseTable(*session, schema, table);
    if (!browse)
        return failure(browse.error().message);
    spec.table = *browse;

    const QString path = parser.value(QStringLiteral("output"));
    const ExportFormat exportFormat
        = format == QLatin1String("json") ? ExportFormat::Json : ExportFormat::Csv;
    Result<qint64> rows;
    if (path == QLatin1String("-")) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return failure(QStringLiteral("Cannot write to standard output."));
        rows = exportRows(*session, spec, exportFormat, out);
    } else {
        rows = exportToFile(*session, spec, exportFormat, path);
    }
    if (!rows)
        return failure(rows.error().message);
    QTextStream err(stderr);
    err << QStringLiteral("Wrote %1 rows of %2.%3").arg(*rows).arg(schema, table);
    // A role with SELECT on some columns only gets those, and is told which are missing.
    if (!spec.table.unreadableColumns.isEmpty())
        err << QStringLiteral(", without the columns the role may not read: %1")
                   .arg(spec.table.unreadableColumns.join(QStringLiteral(", ")));
    err << QStringLiteral(".\n");
    return Done;
}

} // namespace bridgescope::cli
