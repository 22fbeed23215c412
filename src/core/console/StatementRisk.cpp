#include "console/StatementRisk.h"

#include <QStringList>

namespace bridgescope {

namespace {

struct Word
{
    QString text; // upper case
    int depth = 0; // parentheses around it
};

// The statement's words (keywords and bare names), without strings, quoted identifiers,
// dollar-quoted bodies and comments.
QList<Word> wordsOf(const QString &sql)
{
    QList<Word> words;
    int depth = 0;
    qsizetype i = 0;
    const qsizetype n = sql.size();
    while (i < n) {
        const QChar c = sql.at(i);
        const QChar next = i + 1 < n ? sql.at(i + 1) : QChar();
        if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            while (i < n && sql.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            int nesting = 0;
            while (i < n) {
                if (sql.mid(i, 2) == QLatin1String("/*")) {
                    ++nesting;
                    i += 2;
                } else if (sql.mid(i, 2) == QLatin1String("*/")) {
                    i += 2;
                    if (--nesting == 0)
                        break;
                } else {
                    ++i;
                }
            }
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            ++i;
            while (i < n) {
                if (sql.at(i) == c) {
                    if (i + 1 < n && sql.at(i + 1) == c) {
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (c == QLatin1Char('\'') && sql.at(i) == QLatin1Char('\\'))
                    ++i; // E'' escapes: a quote after a backslash stays inside (harmless here)
                ++i;
            }
        } else if (c == QLatin1Char('$')
                   && (i == 0
                       || !(sql.at(i - 1).isLetterOrNumber()
                            || sql.at(i - 1) == QLatin1Char('_')))) {
            qsizetype j = i + 1;
            while (j < n && (sql.at(j).isLetterOrNumber() || sql.at(j) == QLatin1Char('_')))
                ++j;
            if (j < n && sql.at(j) == QLatin1Char('$') && !(j > i + 1 && sql.at(i + 1).isDigit())) {
                const QString tag = sql.mid(i, j - i + 1);
                const qsizetype close = sql.indexOf(tag, j + 1);
                i = close < 0 ? n : close + tag.size();
            } else {
                i = j;
            }
        } else if (c == QLatin1Char('(')) {
            ++depth;
            ++i;
        } else if (c == QLatin1Char(')')) {
            depth = qMax(0, depth - 1);
            ++i;
        } else if (c.isLetter() || c == QLatin1Char('_')) {
            const qsizetype start = i;
            while (i < n
                   && (sql.at(i).isLetterOrNumber() || sql.at(i) == QLatin1Char('_')
                       || sql.at(i) == QLatin1Char('$')))
                ++i;
            words << Word { sql.mid(start, i - start).toUpper(), depth };
        } else {
            ++i;
        }
    }
    return words;
}

} // namespace

QString statementRisk(const SqlStatement &statement)
{
    const QList<Word> words = wordsOf(statement.text);
    if (words.isEmpty())
        return {};
    const QString first = words.first().text;
    if (first == QLatin1String("TRUNCATE"))
        return QStringLiteral("TRUNCATE empties the table at once");
    if (first == QLatin1String("DROP"))
        return QStringLiteral("DROP removes the object and what is in it");
    // The main verb: the first UPDATE or DELETE at the top level (after a WITH list).
    for (qsizetype i = 0; i < words.size(); ++i) {
        const Word &word = words[i];
        if (word.depth != 0
            || (word.text != QLatin1String("UPDATE") && word.text != QLatin1String("DELETE")))
            continue;
        // "FOR UPDATE" in a SELECT and "ON DELETE" in a key are not the verb.
        if (i > 0
            && (words[i - 1].text == QLatin1String("FOR")
                || words[i - 1].text == QLatin1String("ON")))
            continue;
        if (first != QLatin1String("WITH") && i != 0)
            return {};
        for (qsizetype j = i + 1; j < words.size(); ++j)
            if (words[j].depth == 0 && words[j].text == QLatin1String("WHERE"))
                return {};
        return word.text == QLatin1String("UPDATE")
            ? QStringLiteral("UPDATE without WHERE changes every row of the table")
            : QStringLiteral("DELETE without WHERE removes every row of the table");
    }
    return {};
}

} // namespace bridgescope
