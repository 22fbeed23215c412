// bridgescope complete [--dsn URI] --sql TEXT --at OFFSET [--json]: what the console's editor
// offers at a place in the text, best first, from the same core code and the live catalog.
#include "Cli.h"
#include "console/JsonKeys.h"
#include "console/SqlCompletion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace bridgescope::cli {

int runComplete(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the completions the SQL console offers at a character offset of the text: "
        "tables after FROM, an alias's columns after \"alias.\", join conditions after ON, "
        "a json column's keys (from its first 1,000 rows) after ->' , and the statement's "
        "columns, functions and keywords elsewhere. Best first."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption(
        { QStringLiteral("sql"), QStringLiteral("The text being typed."), QStringLiteral("TEXT") });
    parser.addOption({ QStringLiteral("at"),
                       QStringLiteral("The cursor: a character offset in the text (default: "
                                      "its end)."),
                       QStringLiteral("OFFSET") });
    parser.addOption({ QStringLiteral("limit"), QStringLiteral("At most N candidates."),
                       QStringLiteral("N"), QStringLiteral("50") });
    parser.addOption(
        { QStringLiteral("json"), QStringLiteral("Print a JSON list of {text, kind, detail}.") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;
    if (!parser.isSet(QStringLiteral("sql")))
        return usageError(parser, QStringLiteral("Give the text with --sql TEXT."));
    const QString sql = parser.value(QStringLiteral("sql"));
    int at = int(sql.size());
    if (parser.isSet(QStringLiteral("at"))) {
        bool ok = false;
        at = parser.value(QStringLiteral("at")).toInt(&ok);
        if (!ok || at < 0 || at > sql.size())
            return usageError(parser,
                              QStringLiteral("--at is an offset from 0 to %1, the "
                                             "text's length.")
                                  .arg(sql.size()));
    }
    bool limitOk = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&limitOk);
    if (!limitOk || limit <= 0)
        return usageError(parser, QStringLiteral("--limit takes a positive number."));

    std::expected<Session, int> session
        = openReadOnlySession(parser, QStringLiteral("cli-complete"));
    if (!session)
        return session.error();
    Result<CompletionCatalog> catalog = readCompletionCatalog(*session);
    if (!catalog)
        return failure(catalog.error().message);
    Completions completions;
    if (const std::optional<JsonKeyPlace> key = jsonKeyPlace(*catalog, sql, at)) {
        // Inside a json key: the keys the column's data holds there.
        Result<QStringList> keys = sampleJsonKeys(*session, *catalog, *key);
        if (!keys)
            return failure(keys.error().message);
        completions = jsonKeyCompletions(*key, *keys);
        completions.candidates = completions.candidates.mid(0, limit);
    } else {
        completions = completeSql(*catalog, sql, at, limit);
    }
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const CompletionCandidate &candidate : completions.candidates)
            list.append(QJsonObject { { QStringLiteral("text"), candidate.text },
                                      { QStringLiteral("kind"), candidate.kind },
                                      { QStringLiteral("detail"), candidate.detail } });
        out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return Done;
    }
    for (const CompletionCandidate &candidate : completions.candidates)
        out << candidate.text << '\t' << candidate.kind << '\t' << candidate.detail << '\n';
    return Done;
}

} // namespace bridgescope::cli
