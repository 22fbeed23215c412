#include "PgSqlLexer.h"

#include <QFontDatabase>
#include <QSet>
#include <Qsci/qsciscintilla.h>

namespace bridgescope {

namespace {

bool isWordByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '$' || (static_cast<unsigned char>(c) >= 0x80);
}

const QSet<QByteArray> &sqlKeywords()
{
    static const QSet<QByteArray> words = [] {
        QSet<QByteArray> set;
        for (const char *word :
             { "all",         "alter",     "analyze",      "and",       "any",        "array",
               "as",          "asc",       "begin",        "between",   "by",         "case",
               "cast",        "check",     "column",       "commit",    "constraint", "copy",
               "create",      "cross",     "current",      "default",   "delete",     "desc",
               "distinct",    "do",        "drop",         "else",      "end",        "except",
               "exists",      "explain",   "false",        "fetch",     "filter",     "first",
               "for",         "foreign",   "from",         "full",      "function",   "grant",
               "group",       "having",    "if",           "ilike",     "in",         "index",
               "inner",       "insert",    "intersect",    "interval",  "into",       "is",
               "join",        "key",       "language",     "last",      "lateral",    "left",
               "like",        "limit",     "materialized", "not",       "null",       "nulls",
               "offset",      "on",        "only",         "or",        "order",      "outer",
               "over",        "partition", "primary",      "procedure", "raise",      "recursive",
               "references",  "replace",   "returning",    "returns",   "revoke",     "right",
               "rollback",    "row",       "rows",         "savepoint", "schema",     "select",
               "sequence",    "set",       "show",         "table",     "then",       "to",
               "transaction", "trigger",   "true",         "truncate",  "type",       "union",
               "unique",      "update",    "using",        "vacuum",    "values",     "view",
               "when",        "where",     "window",       "with" })
            set.insert(word);
        return set;
    }();
    return words;
}

} // namespace

PgSqlLexer::PgSqlLexer(QObject *parent)
    : QsciLexerCustom(parent)
{ }

QString PgSqlLexer::description(int style) const
{
    switch (style) {
    case Default:
        return tr("Default");
    case Comment:
        return tr("Comment");
    case String:
        return tr("String");
    case QuotedName:
        return tr("Quoted identifier");
    case Keyword:
        return tr("Keyword");
    case Number:
        return tr("Number");
    case Operator:
        return tr("Operator");
    default:
        return {};
    }
}

QColor PgSqlLexer::defaultColor(int style) const
{
    switch (style) {
    case Comment:
        return QColor(0x00, 0x7f, 0x00);
    case String:
        return QColor(0x7f, 0x00, 0x7f);
    case QuotedName:
        return QColor(0xa0, 0x50, 0x00);
    case Keyword:
        return QColor(0x00, 0x00, 0x9f);
    case Number:
        return QColor(0x00, 0x7f, 0x7f);
    default:
        return QsciLexerCustom::defaultColor(style);
    }
}

QFont PgSqlLexer::defaultFont(int style) const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setBold(style == Keyword);
    return font;
}

QByteArray PgSqlLexer::stylesOf(const QByteArray &text)
{
    QByteArray styles(text.size(), char(Default));
    const qsizetype n = text.size();
    qsizetype i = 0;
    auto mark = [&](qsizetype from, qsizetype to, Style style) {
        for (qsizetype at = from; at < qMin(to, n); ++at)
            styles[at] = char(style);
    };
    while (i < n) {
        const char c = text.at(i);
        const char next = i + 1 < n ? text.at(i + 1) : '\0';
        const qsizetype start = i;
        if (c == '-' && next == '-') {
            while (i < n && text.at(i) != '\n')
                ++i;
            mark(start, i, Comment);
        } else if (c == '/' && next == '*') { // nested, as PostgreSQL's
            int depth = 0;
            while (i < n) {
                if (text.at(i) == '/' && i + 1 < n && text.at(i + 1) == '*') {
                    ++depth;
                    i += 2;
                } else if (text.at(i) == '*' && i + 1 < n && text.at(i + 1) == '/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    ++i;
                }
            }
            mark(start, i, Comment);
        } else if (c == '\'') {
            // E'' (and e'') takes backslash escapes: the E is part of the string.
            const bool escapes = start > 0
                && (text.at(start - 1) == 'E' || text.at(start - 1) == 'e')
                && (start < 2 || !isWordByte(text.at(start - 2)));
            ++i;
            while (i < n) {
                if (escapes && text.at(i) == '\\') {
                    i += 2;
                } else if (text.at(i) == '\'') {
                    ++i;
                    if (i < n && text.at(i) == '\'')
                        ++i;
                    else
                        break;
                } else {
                    ++i;
                }
            }
            mark(escapes ? start - 1 : start, i, String);
        } else if (c == '"') {
            ++i;
            while (i < n) {
                if (text.at(i) == '"') {
                    ++i;
                    if (i < n && text.at(i) == '"')
                        ++i;
                    else
                        break;
                } else {
                    ++i;
                }
            }
            mark(start, i, QuotedName);
        } else if (c == '$' && (start == 0 || !isWordByte(text.at(start - 1)))
                   && !(next >= '0' && next <= '9')) {
            qsizetype j = i + 1;
            while (j < n && isWordByte(text.at(j)) && text.at(j) != '$')
                ++j;
            if (j < n && text.at(j) == '$') {
                const QByteArray tag = text.mid(i, j - i + 1);
                const qsizetype close = text.indexOf(tag, j + 1);
                i = close < 0 ? n : close + tag.size();
                mark(start, i, String);
            } else {
                i = j;
                mark(start, i, Operator);
            }
        } else if (c >= '0' && c <= '9') {
            while (i < n && (isWordByte(text.at(i)) || text.at(i) == '.'))
                ++i;
            mark(start, i, Number);
        } else if (isWordByte(c)) {
            while (i < n && isWordByte(text.at(i)))
                ++i;
            if (sqlKeywords().contains(text.mid(start, i - start).toLower()))
                mark(start, i, Keyword);
        } else {
            ++i;
            if (!QByteArray(" \t\r\n").contains(c))
                mark(start, i, Operator);
        }
    }
    return styles;
}

void PgSqlLexer::styleText(int start, int end)
{
    Q_UNUSED(start);
    Q_UNUSED(end);
    QsciScintilla *scintilla = editor();
    if (!scintilla)
        return;
    // From the top every time: a dollar quote or a comment opened far above decides what this
    // text is, and the console's scripts are small enough to lex whole on a key press.
    const int length = int(scintilla->SendScintilla(QsciScintillaBase::SCI_GETLENGTH));
    const QByteArray text = scintilla->bytes(0, length).left(length);
    const QByteArray styles = stylesOf(text);
    startStyling(0);
    qsizetype at = 0;
    while (at < styles.size()) {
        qsizetype run = at + 1;
        while (run < styles.size() && styles.at(run) == styles.at(at))
            ++run;
        setStyling(int(run - at), int(styles.at(at)));
        at = run;
    }
}

} // namespace bridgescope
