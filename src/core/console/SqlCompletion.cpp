#include "console/SqlCompletion.h"

#include "catalog/FuzzyMatcher.h"
#include "migrations/SqlScript.h"

#include <QSet>

#include <algorithm>
#include <vector>

namespace bridgescope {

namespace {

const char *const kKeywords[] = {
    "SELECT",     "FROM",        "WHERE",       "GROUP BY",     "ORDER BY",     "HAVING",
    "LIMIT",      "OFFSET",      "JOIN",        "LEFT JOIN",    "INNER JOIN",   "CROSS JOIN",
    "ON",         "USING",       "AND",         "OR",           "NOT",          "IN",
    "EXISTS",     "BETWEEN",     "LIKE",        "ILIKE",        "IS NULL",      "IS NOT NULL",
    "AS",         "DISTINCT",    "CASE",        "WHEN",         "THEN",         "ELSE",
    "END",        "WITH",        "UNION ALL",   "INSERT INTO",  "VALUES",       "UPDATE",
    "SET",        "DELETE FROM", "RETURNING",   "CREATE TABLE", "CREATE INDEX", "ALTER TABLE",
    "DROP TABLE", "BEGIN",       "COMMIT",      "ROLLBACK",     "EXPLAIN",      "ANALYZE",
    "DESC",       "ASC",         "NULLS LAST",  "NULLS FIRST",  "COUNT(*)",     "INTERVAL",
    "TRUE",       "FALSE",       "NULL",        "FILTER",       "OVER",         "PARTITION BY",
    "WINDOW",     "LATERAL",     "FETCH FIRST",
};

const char *const kReserved[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "current_date",
    "current_role",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "grant",
    "group",
    "having",
    "in",
    "initially",
    "intersect",
    "into",
    "lateral",
    "leading",
    "limit",
    "localtime",
    "localtimestamp",
    "not",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "placing",
    "primary",
    "references",
    "returning",
    "select",
    "session_user",
    "some",
    "symmetric",
    "table",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "when",
    "where",
    "window",
    "with",
};

struct Token
{
    QString text; // a word as written (a quoted name without its quotes)
    QString upper; // a bare word in upper case; empty for others
    QChar punct; // '.', ',', '(', ')', ';' … for a single character
    int start = 0;
    int end = 0;
    bool quoted = false;
};

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// The statement's tokens up to `limit` (strings and comments left out).
QList<Token> tokenize(const QString &sql, int limit)
{
    QList<Token> tokens;
    int i = 0;
    const int n = qMin(int(sql.size()), limit);
    while (i < n) {
        const QChar c = sql.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == QLatin1Char('-') && i + 1 < n && sql.at(i + 1) == QLatin1Char('-')) {
            while (i < n && sql.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('/') && i + 1 < n && sql.at(i + 1) == QLatin1Char('*')) {
            const int close = int(sql.indexOf(QLatin1String("*/"), i + 2));
            i = close < 0 ? n : close + 2;
        } else if (c == QLatin1Char('\'')) {
            ++i;
            while (i < n
                   && !(sql.at(i) == QLatin1Char('\'')
                        && !(i + 1 < n && sql.at(i + 1) == QLatin1Char('\''))))
                i += sql.at(i) == QLatin1Char('\'') ? 2 : 1;
            ++i;
        } else if (c == QLatin1Char('"')) {
            Token token;
            token.start = i++;
            while (i < n) {
                if (sql.at(i) == QLatin1Char('"')) {
                    if (i + 1 < n && sql.at(i + 1) == QLatin1Char('"')) {
                        token.text += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                token.text += sql.at(i++);
            }
            token.end = i;
            token.quoted = true;
            tokens << token;
        } else if (isWordChar(c)) {
            Token token;
            token.start = i;
            while (i < n && isWordChar(sql.at(i)))
                ++i;
            token.end = i;
            token.text = sql.mid(token.start, i - token.start);
            token.upper = token.text.toUpper();
            tokens << token;
        } else {
            Token token;
            token.start = i;
            token.end = i + 1;
            token.punct = c;
            tokens << token;
            ++i;
        }
    }
    return tokens;
}

bool isWord(const Token &token)
{
    return token.punct.isNull();
}

// A table named in the statement, with its alias.
struct InScope
{
    int relation = -1;
    QString alias; // as written; the table's own name where there is none
};

const QSet<QString> &clauseWords()
{
    static const QSet<QString> words {
        QStringLiteral("WHERE"),  QStringLiteral("ON"),      QStringLiteral("USING"),
        QStringLiteral("GROUP"),  QStringLiteral("ORDER"),   QStringLiteral("LIMIT"),
        QStringLiteral("JOIN"),   QStringLiteral("LEFT"),    QStringLiteral("RIGHT"),
        QStringLiteral("INNER"),  QStringLiteral("FULL"),    QStringLiteral("CROSS"),
        QStringLiteral("SET"),    QStringLiteral("HAVING"),  QStringLiteral("WINDOW"),
        QStringLiteral("UNION"),  QStringLiteral("NATURAL"), QStringLiteral("RETURNING"),
        QStringLiteral("VALUES"), QStringLiteral("SELECT"),  QStringLiteral("OFFSET"),
        QStringLiteral("FETCH"),  QStringLiteral("FOR"),     QStringLiteral("LATERAL"),
    };
    return words;
}

bool introducesRelation(const QString &upper)
{
    return upper == QLatin1String("FROM") || upper == QLatin1String("JOIN")
        || upper == QLatin1String("UPDATE") || upper == QLatin1String("INTO")
        || upper == QLatin1String("TABLE");
}

// The tables the statement names after FROM, JOIN, UPDATE, INTO, with their aliases.
QList<InScope> tablesInScope(const CompletionCatalog &catalog, const QList<Token> &tokens)
{
    QList<InScope> scope;
    bool inFromList = false;
    for (int i = 0; i < tokens.size(); ++i) {
        const Token &token = tokens[i];
        bool starts = false;
        if (isWord(token) && !token.quoted && introducesRelation(token.upper)) {
            starts = true;
            inFromList = token.upper == QLatin1String("FROM");
        } else if (inFromList && token.punct == QLatin1Char(',')) {
            starts = true;
        } else if (isWord(token) && !token.quoted && clauseWords().contains(token.upper)) {
            inFromList = false;
        }
        if (!starts || i + 1 >= tokens.size() || !isWord(tokens[i + 1]))
            continue;
        int at = i + 1;
        QString schema;
        QString name = tokens[at].text;
        if (at + 2 < tokens.size() && tokens[at + 1].punct == QLatin1Char('.')
            && isWord(tokens[at + 2])) {
            schema = name;
            name = tokens[at + 2].text;
            at += 2;
        }
        const int relation = catalog.findRelation(schema, name);
        if (relation < 0)
            continue;
        QString alias = name;
        int next = at + 1;
        if (next < tokens.size() && isWord(tokens[next])
            && tokens[next].upper == QLatin1String("AS"))
            ++next;
        if (next < tokens.size() && isWord(tokens[next])
            && (tokens[next].quoted || !clauseWords().contains(tokens[next].upper))
            && tokens[next].upper != QLatin1String("AS"))
            alias = tokens[next].text;
        scope << InScope { relation, alias };
    }
    return scope;
}

QString relationKind(QChar kind)
{
    switch (kind.toLatin1()) {
    case 'v':
        return QStringLiteral("view");
    case 'm':
        return QStringLiteral("materialized view");
    case 'f':
        return QStringLiteral("foreign table");
    default:
        return QStringLiteral("table");
    }
}

// The candidates, scored first and written out (quoted, qualified) only for the best: most of
// a large catalog matches a short word, and only a list's worth is ever shown.
class Collector
{
public:
    enum class Source { Direct, Relation, RelationInSchema, Function };

    Collector(const CompletionCatalog &catalog, const QString &typed)
        : m_catalog(catalog)
        , m_matcher(typed)
    { }

    void add(const QString &name, const QString &text, const QString &kind, const QString &detail,
             int bonus = 0)
    {
        const int score = m_matcher.score(name, name.toLower());
        if (score >= 0)
            m_entries.push_back(
                { score + bonus, int(text.size()), Source::Direct, -1, { text, kind, detail, 0 } });
    }
    // A relation: with its schema where that is not on the search path (Relation), or bare
    // within a schema the user typed (RelationInSchema).
    void addRelation(int index, Source source)
    {
        const CompletionCatalog::Relation &relation = m_catalog.relations[index];
        if (!m_matcher.mayMatch(relation.nameMask))
            return;
        const int score = m_matcher.score(relation.name, relation.lowerName);
        if (score < 0)
            return;
        const bool onPath = relation.onSearchPath;
        m_entries.push_back(
            { score + (onPath ? 50 : 0), int(relation.name.size()), source, index, {} });
    }
    void addFunction(int index, int bonus)
    {
        const CompletionCatalog::Function &function = m_catalog.functions[index];
        if (!m_matcher.mayMatch(function.nameMask))
            return;
        const int score = m_matcher.score(function.name, function.lowerName);
        if (score >= 0)
            m_entries.push_back(
                { score + bonus, int(function.name.size()), Source::Function, index, {} });
    }

    QList<CompletionCandidate> take(int limit)
    {
        auto better = [](const Entry &a, const Entry &b) {
            if (a.score != b.score)
                return a.score > b.score;
            return a.length < b.length;
        };
        // Twice the list: duplicates (one name from two tables) go after writing out.
        const qsizetype keep = qMin<qsizetype>(qsizetype(m_entries.size()), qsizetype(limit) * 2);
        std::partial_sort(m_entries.begin(), m_entries.begin() + keep, m_entries.end(), better);
        QList<CompletionCandidate> candidates;
        QSet<QString> seen;
        for (qsizetype i = 0; i < keep && candidates.size() < limit; ++i) {
            CompletionCandidate candidate = writeOut(m_entries[size_t(i)]);
            const QString key = candidate.kind + QLatin1Char('\x1f') + candidate.text;
            if (seen.contains(key))
                continue;
            seen.insert(key);
            candidates << candidate;
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const CompletionCandidate &a, const CompletionCandidate &b) {
                             if (a.score != b.score)
                                 return a.score > b.score;
                             if (a.text.size() != b.text.size())
                                 return a.text.size() < b.text.size();
                             return a.text.compare(b.text, Qt::CaseInsensitive) < 0;
                         });
        return candidates;
    }

private:
    struct Entry
    {
        int score = 0;
        int length = 0;
        Source source = Source::Direct;
        int index = -1;
        CompletionCandidate direct;
    };

    CompletionCandidate writeOut(const Entry &entry) const
    {
        switch (entry.source) {
        case Source::Direct: {
            CompletionCandidate candidate = entry.direct;
            candidate.score = entry.score;
            return candidate;
        }
        case Source::Relation:
        case Source::RelationInSchema: {
            const CompletionCatalog::Relation &relation = m_catalog.relations[entry.index];
            const bool bare = entry.source == Source::RelationInSchema || relation.onSearchPath;
            return { bare ? sqlIdentifier(relation.name)
                          : sqlIdentifier(relation.schema) + QLatin1Char('.')
                             + sqlIdentifier(relation.name),
                     relationKind(relation.kind), relation.schema, entry.score };
        }
        case Source::Function: {
            const CompletionCatalog::Function &function = m_catalog.functions[entry.index];
            return { sqlIdentifier(function.name) + QLatin1Char('('), QStringLiteral("function"),
                     QStringLiteral("%1(%2)%3")
                         .arg(function.name, function.arguments,
                              function.result.isEmpty() ? QString()
                                                        : QStringLiteral(" → ") + function.result),
                     entry.score };
        }
        }
        return {};
    }

    const CompletionCatalog &m_catalog;
    FuzzyMatcher m_matcher;
    std::vector<Entry> m_entries;
};

} // namespace

QString sqlIdentifier(const QString &name)
{
    static const QSet<QString> reserved = [] {
        QSet<QString> words;
        for (const char *word : kReserved)
            words.insert(QString::fromLatin1(word));
        return words;
    }();
    bool bare = !name.isEmpty() && (name.at(0).isLower() || name.at(0) == QLatin1Char('_'))
        && !reserved.contains(name);
    for (const QChar c : name)
        bare = bare
            && ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c.isDigit()
                || c == QLatin1Char('_') || c == QLatin1Char('$') || c.unicode() > 127);
    if (bare)
        return name;
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\""))
        + QLatin1Char('"');
}

Completions completeSql(const CompletionCatalog &catalog, const QString &sql, int offset, int limit)
{
    Completions result;
    offset = qBound(0, offset, int(sql.size()));
    // The statement the cursor is in.
    const QList<SqlStatement> statements
        = splitSqlScript(sql, SplitMode::Lenient).value_or(QList<SqlStatement> {});
    int statementStart = 0;
    for (const SqlStatement &statement : statements)
        if (statement.offset <= offset)
            statementStart = statement.offset;
    // The statement runs to the next ';' after the cursor, or the end.
    int statementEnd = int(sql.size());
    for (const SqlStatement &statement : statements)
        if (statement.offset > offset) {
            statementEnd = statement.offset;
            break;
        }
    const QString text = sql.mid(statementStart, statementEnd - statementStart);
    const int cursor = offset - statementStart;

    // The word being typed: bare, or a quoted name still open.
    int wordStart = cursor;
    while (wordStart > 0 && isWordChar(text.at(wordStart - 1)))
        --wordStart;
    bool openQuote = false;
    if (wordStart > 0 && text.at(wordStart - 1) == QLatin1Char('"')) {
        --wordStart;
        openQuote = true;
    }
    const QString typed
        = text.mid(wordStart + (openQuote ? 1 : 0), cursor - wordStart - (openQuote ? 1 : 0));
    result.replaceFrom = statementStart + wordStart;

    const QList<Token> before = tokenize(text, wordStart);
    const QList<Token> whole = tokenize(text, int(text.size()));
    const QList<InScope> scope = tablesInScope(catalog, whole);
    Collector found(catalog, typed);

    auto addColumns = [&](int index, const QString &qualifier, int bonus) {
        const CompletionCatalog::Relation &relation = catalog.relations[index];
        for (qsizetype c = 0; c < relation.columns.size(); ++c)
            found.add(relation.columns[c],
                      qualifier.isEmpty()
                          ? sqlIdentifier(relation.columns[c])
                          : qualifier + QLatin1Char('.') + sqlIdentifier(relation.columns[c]),
                      QStringLiteral("column"),
                      QStringLiteral("%1 · %2").arg(relation.columnTypes.value(c), relation.name),
                      bonus);
    };
    auto addFunctions = [&](const QString &schema) {
        for (int index = 0; index < catalog.functions.size(); ++index) {
            const CompletionCatalog::Function &function = catalog.functions[index];
            if (!schema.isEmpty() && function.schema.compare(schema, Qt::CaseInsensitive) != 0)
                continue;
            if (schema.isEmpty() && !function.onSearchPath)
                continue;
            found.addFunction(index, function.schema == QLatin1String("pg_catalog") ? 0 : 20);
        }
    };

    // After "qualifier.": that alias's or table's columns, or that schema's relations.
    if (!before.isEmpty() && before.last().punct == QLatin1Char('.') && before.size() >= 2
        && isWord(before[before.size() - 2])) {
        const QString qualifier = before[before.size() - 2].text;
        bool any = false;
        for (const InScope &table : scope)
            if (table.alias.compare(qualifier, Qt::CaseInsensitive) == 0) {
                addColumns(table.relation, {}, 0);
                any = true;
            }
        if (!any) {
            if (const int index = catalog.findRelation({}, qualifier); index >= 0) {
                addColumns(index, {}, 0);
                any = true;
            }
        }
        if (!any && catalog.schemas.contains(qualifier)) {
            for (int index = 0; index < catalog.relations.size(); ++index)
                if (catalog.relations[index].schema == qualifier)
                    found.addRelation(index, Collector::Source::RelationInSchema);
            addFunctions(qualifier);
        }
        result.candidates = found.take(limit);
        return result;
    }

    const Token *previous = before.isEmpty() ? nullptr : &before.last();
    const QString previousWord
        = previous && isWord(*previous) && !previous->quoted ? previous->upper : QString();
    // A place for a table: after FROM, JOIN, UPDATE, INTO, TABLE, or a comma in a FROM list.
    bool relationPlace = introducesRelation(previousWord);
    if (!relationPlace && previous && previous->punct == QLatin1Char(',')) {
        for (qsizetype i = before.size() - 1; i >= 0; --i) {
            if (!isWord(before[i]) || before[i].quoted)
                continue;
            if (before[i].upper == QLatin1String("FROM")) {
                relationPlace = true;
                break;
            }
            if (clauseWords().contains(before[i].upper))
                break;
        }
    }
    if (relationPlace) {
        for (int index = 0; index < catalog.relations.size(); ++index)
            found.addRelation(index, Collector::Source::Relation);
        for (const QString &schema : catalog.schemas)
            if (!schema.startsWith(QLatin1String("pg_")))
                found.add(schema, sqlIdentifier(schema) + QLatin1Char('.'),
                          QStringLiteral("schema"), {});
        result.candidates = found.take(limit);
        return result;
    }

    // After JOIN … ON: the conditions the foreign keys between the new table and the others give.
    if (previousWord == QLatin1String("ON") && scope.size() >= 2) {
        const InScope &joined = scope.last();
        for (qsizetype other = 0; other + 1 < scope.size(); ++other) {
            for (const CompletionCatalog::ForeignKey &key : catalog.foreignKeys) {
                const InScope *from = nullptr;
                const InScope *to = nullptr;
                if (key.from == joined.relation && key.to == scope[other].relation) {
                    from = &joined;
                    to = &scope[other];
                } else if (key.to == joined.relation && key.from == scope[other].relation) {
                    from = &scope[other];
                    to = &joined;
                } else {
                    continue;
                }
                QStringList parts;
                for (qsizetype c = 0; c < key.fromColumns.size(); ++c)
                    parts << QStringLiteral("%1.%2 = %3.%4")
                                 .arg(sqlIdentifier(from->alias), sqlIdentifier(key.fromColumns[c]),
                                      sqlIdentifier(to->alias),
                                      sqlIdentifier(key.toColumns.value(c)));
                const QString condition = parts.join(QStringLiteral(" AND "));
                found.add(typed.isEmpty() ? condition : key.fromColumns.join(QLatin1Char(' ')),
                          condition, QStringLiteral("join"), QStringLiteral("foreign key"), 1'000);
            }
        }
    }

    // Elsewhere: the statement's columns first, then functions and keywords.
    const bool qualifyColumns = scope.size() > 1;
    for (const InScope &table : scope)
        addColumns(table.relation, qualifyColumns ? sqlIdentifier(table.alias) : QString(), 300);
    addFunctions({});
    for (const char *keyword : kKeywords) {
        const QString word = QString::fromLatin1(keyword);
        found.add(word, word, QStringLiteral("keyword"), {}, 100);
    }
    result.candidates = found.take(limit);
    return result;
}

} // namespace bridgescope
