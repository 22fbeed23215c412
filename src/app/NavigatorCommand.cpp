// bridgescope find [--dsn URI] TEXT [--json] [--limit N]: Go to anything's ranked matches.
// bridgescope ddl [--dsn URI] OBJECT…: each object's DDL, as pg_dump writes it.
#include "Cli.h"
#include "catalog/CatalogIndex.h"
#include "catalog/ObjectDdl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

std::expected<CatalogIndex, int> readIndex(Session &session)
{
    Result<CatalogIndex> index = readCatalogIndex(session);
    if (!index)
        return std::unexpected(failure(index.error().message));
    return std::move(*index);
}

} // namespace

int runFind(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The objects whose names match TEXT, the best first, as Go to anything "
                       "(Ctrl+P) lists them: tables, views, functions, types, columns, indexes, "
                       "… \"schema.name\" and \"s.n\" match the schema and the name apart."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addPositionalArgument(QStringLiteral("TEXT"), QStringLiteral("What to look for."));
    parser.addOption({ QStringLiteral("json"),
                       QStringLiteral("A JSON list of {kind, schema, name, parent, score}.") });
    parser.addOption({ QStringLiteral("limit"), QStringLiteral("At most N matches (default 20)."),
                       QStringLiteral("N"), QStringLiteral("20") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments, true))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return usageError(parser, QStringLiteral("find takes one TEXT to look for."));
    bool numeric = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&numeric);
    if (!numeric || limit < 1)
        return usageError(parser, QStringLiteral("--limit takes a number of 1 or more."));

    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-find"));
    if (!session)
        return session.error();
    std::expected<CatalogIndex, int> index = readIndex(*session);
    if (!index)
        return index.error();
    const QList<CatalogMatch> matches = index->find(parser.positionalArguments().first(), limit);
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const CatalogMatch &match : matches) {
            const CatalogObject &object = index->objects().at(match.index);
            QJsonObject entry { { QStringLiteral("kind"), objectKindName(object.kind) },
                                { QStringLiteral("schema"), object.schema },
                                { QStringLiteral("name"), object.name },
                                { QStringLiteral("parent"), object.parent },
                                { QStringLiteral("score"), match.score } };
            if (isFunctionKind(object.kind))
                entry.insert(QStringLiteral("arguments"), object.arguments);
            list.append(entry);
        }
        out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return Done;
    }
    if (matches.isEmpty()) {
        QTextStream(stderr) << "Nothing matches \"" << parser.positionalArguments().first()
                            << "\" among " << index->size() << " objects.\n";
        return Failed;
    }
    for (const CatalogMatch &match : matches) {
        const CatalogObject &object = index->objects().at(match.index);
        out << objectKindName(object.kind).leftJustified(18) << ' ' << object.qualified << '\n';
    }
    return Done;
}

int runDdl(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Each OBJECT's DDL as pg_dump --schema-only writes it: schema.name, "
                       "quoted as PostgreSQL quotes (public.\"Odd Name\"), a bare name in the "
                       "search path, a function with its argument types (public.add(integer, "
                       "integer))."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addPositionalArgument(QStringLiteral("OBJECT"), QStringLiteral("The objects."),
                                 QStringLiteral("OBJECT…"));
    if (std::optional<int> done = parseStandardOptions(parser, arguments, true))
        return *done;
    const QStringList names = parser.positionalArguments();
    if (names.isEmpty())
        return usageError(parser, QStringLiteral("ddl takes the OBJECT(s) to write."));

    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-ddl"));
    if (!session)
        return session.error();
    std::expected<CatalogIndex, int> index = readIndex(*session);
    if (!index)
        return index.error();
    QStringList written;
    for (const QString &name : names) {
        QList<int> overloads;
        const int found = index->lookup(name, &overloads);
        if (found < 0 && overloads.isEmpty())
            return failure(QStringLiteral("No table, view, sequence, function or type is named "
                                          "%1 (try: bridgescope find %1).")
                               .arg(name));
        if (found < 0) {
            QStringList names;
            for (int overload : std::as_const(overloads))
                names << index->objects().at(overload).qualified;
            return failure(QStringLiteral("%1 has several overloads (%2): name one with its "
                                          "argument types.")
                               .arg(name, names.join(QLatin1String(", "))));
        }
        Result<QString> ddl = readObjectDdl(*session, index->objects().at(found));
        if (!ddl)
            return failure(ddl.error().message);
        written << *ddl;
    }
    QTextStream(stdout) << written.join(QLatin1Char('\n'));
    return Done;
}

} // namespace bridgescope::cli
