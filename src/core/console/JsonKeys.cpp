#include "console/JsonKeys.h"

#include "connection/PgQuery.h"
#include "catalog/FuzzyMatcher.h"

#include <QRegularExpression>

#include <algorithm>

namespace bridgescope {

namespace {

QString unquoteName(const QString &name)
{
    if (name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')) && name.size() >= 2)
        return name.mid(1, name.size() - 2).replace(QLatin1String("\"\""), QLatin1String("\""));
    return name;
}

bool isJsonColumn(const CompletionCatalog::Relation &relation, const QString &column)
{
    const qsizetype at = relation.columns.indexOf(column);
    if (at < 0)
        return false;
    const QString type = relation.columnTypes.value(at);
    return type == QLatin1String("jsonb") || type == QLatin1String("json");
}

// The relations the statement names after FROM/JOIN (with their aliases): a light reading of
// the whole text, enough to find the column's table.
QList<QPair<int, QString>> namedRelations(const CompletionCatalog &catalog, const QString &sql)
{
    static const QRegularExpression named(
        QStringLiteral(
            R"((?:FROM|JOIN|UPDATE)\s+((?:"[^"]+"|\w+)\.)?("[^"]+"|\w+)(?:\s+(?:AS\s+)?("[^"]+"|\w+))?)"),
        QRegularExpression::CaseInsensitiveOption);
    QList<QPair<int, QString>> found;
    auto it = named.globalMatch(sql);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString schema = match.captured(1);
        schema.chop(schema.isEmpty() ? 0 : 1);
        const int relation
            = catalog.findRelation(unquoteName(schema), unquoteName(match.captured(2)));
        if (relation < 0)
            continue;
        const QString alias = match.captured(3);
        static const QStringList clauses { QStringLiteral("where"), QStringLiteral("join"),
                                           QStringLiteral("on"),    QStringLiteral("group"),
                                           QStringLiteral("order"), QStringLiteral("limit"),
                                           QStringLiteral("left"),  QStringLiteral("inner") };
        found << qMakePair(relation,
                           alias.isEmpty() || clauses.contains(alias.toLower())
                               ? catalog.relations[relation].name
                               : unquoteName(alias));
    }
    return found;
}

} // namespace

std::optional<JsonKeyPlace> jsonKeyPlace(const CompletionCatalog &catalog, const QString &sql,
                                         int offset)
{
    offset = qBound(0, offset, int(sql.size()));
    const QString before = sql.left(offset);
    static const QRegularExpression place(QStringLiteral(
        R"((?:("[^"]+"|\w+)\.)?("[^"]+"|\w+)((?:\s*->>?\s*'(?:[^']|'')*')*)\s*->>?\s*'((?:[^']|'')*)$)"));
    const QRegularExpressionMatch match = place.match(before);
    if (!match.hasMatch())
        return std::nullopt;
    JsonKeyPlace found;
    found.column = unquoteName(match.captured(2));
    found.typed = match.captured(4).replace(QLatin1String("''"), QLatin1String("'"));
    found.replaceFrom = int(match.capturedStart(4));
    static const QRegularExpression key(QStringLiteral(R"('((?:[^']|'')*)')"));
    auto keys = key.globalMatch(match.captured(3));
    while (keys.hasNext())
        found.path << keys.next().captured(1).replace(QLatin1String("''"), QLatin1String("'"));
    const QString qualifier = unquoteName(match.captured(1));
    for (const auto &[relation, alias] : namedRelations(catalog, sql)) {
        if (!qualifier.isEmpty() && alias.compare(qualifier, Qt::CaseInsensitive) != 0
            && catalog.relations[relation].name.compare(qualifier, Qt::CaseInsensitive) != 0)
            continue;
        if (isJsonColumn(catalog.relations[relation], found.column)) {
            found.relation = relation;
            return found;
        }
    }
    return std::nullopt;
}

Result<QStringList> sampleJsonKeys(Session &session, const CompletionCatalog &catalog,
                                   const JsonKeyPlace &place)
{
    const CompletionCatalog::Relation &relation = catalog.relations.value(place.relation);
    BoundSql statement;
    QStringList path;
    for (const QString &key : place.path)
        path << QLatin1Char('"')
                + QString(key)
                      .replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                      .replace(QLatin1Char('"'), QLatin1String("\\\""))
                + QLatin1Char('"');
    const QString pathParameter
        = statement.bind(QLatin1Char('{') + path.join(QLatin1Char(',')) + QLatin1Char('}'));
    // The first rows only: a key list from a sample, never a scan of a large table.
    statement.sql
        = QStringLiteral(
              "SELECT k FROM (SELECT (%1)::jsonb #> %2::text[] AS c FROM %3 LIMIT 1000) s, "
              "LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(s.c) = 'object' THEN s.c "
              "END) k GROUP BY k ORDER BY count(*) DESC, k LIMIT 200")
              .arg(quoteIdentifier(place.column), pathParameter,
                   quoteQualified(relation.schema, relation.name));
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    QStringList keys;
    for (const QList<SqlText> &row : std::as_const(rows->rows))
        if (row.value(0))
            keys << QString::fromUtf8(*row[0]);
    return keys;
}

Completions jsonKeyCompletions(const JsonKeyPlace &place, const QStringList &keys)
{
    Completions completions;
    completions.replaceFrom = place.replaceFrom;
    const FuzzyMatcher matcher(place.typed);
    for (qsizetype rank = 0; rank < keys.size(); ++rank) {
        const QString &key = keys[rank];
        const int score = matcher.score(key, key.toLower());
        if (score < 0)
            continue;
        // The data's order (the most frequent first) among keys that match alike.
        completions.candidates << CompletionCandidate {
            QString(key).replace(QLatin1Char('\''), QLatin1String("''")) + QLatin1Char('\''),
            QStringLiteral("key"), QStringLiteral("in %1").arg(place.column),
            score - int(qMin<qsizetype>(rank, 999))
        };
    }
    std::stable_sort(completions.candidates.begin(), completions.candidates.end(),
                     [](const CompletionCandidate &a, const CompletionCandidate &b) {
                         return a.score > b.score;
                     });
    return completions;
}

} // namespace bridgescope
