#include "migrations/SqlScript.h"

#include <QRegularExpression>

#include <array>

namespace bridgescope {

namespace {

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// At text[i] == '$': the whole opening tag ("$$" or "$body$") if a dollar quote starts here.
// "$1" is a parameter and "a$b" part of an identifier, neither a quote.
QString dollarTagAt(const QString &text, qsizetype i)
{
    if (i > 0 && isIdentifierChar(text.at(i - 1)))
        return {};
    qsizetype j = i + 1;
    if (j < text.size() && text.at(j).isDigit())
        return {};
    while (j < text.size() && (text.at(j).isLetterOrNumber() || text.at(j) == QLatin1Char('_')))
        ++j;
    if (j < text.size() && text.at(j) == QLatin1Char('$'))
        return text.mid(i, j - i + 1);
    return {};
}

class Splitter
{
public:
    Splitter(const QString &text, SplitMode mode)
        : m_text(text)
        , m_lenient(mode == SplitMode::Lenient)
    { }

    Result<QList<SqlStatement>> run()
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos);
            const QChar next = m_pos + 1 < m_text.size() ? m_text.at(m_pos + 1) : QChar();
            if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
                skipLineComment();
            } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
                if (!skipBlockComment() && !m_lenient)
                    return unterminated(QStringLiteral("comment"));
            } else if (c == QLatin1Char(';') && m_parenDepth == 0 && m_beginDepth == 0) {
                endStatement();
                ++m_pos;
            } else if (c.isSpace()) {
                advance();
            } else if (!m_inStatement && !m_lenient && c == QLatin1Char('\\')) {
                const QString command
                    = m_text.mid(m_pos).section(QRegularExpression(QStringLiteral("\\s")), 0, 0);
                return fail(Error::Kind::Usage,
                            QStringLiteral("line %1: %2 is a psql meta-command, not SQL; "
                                           "migrations are plain SQL that bridgescope runs itself.")
                                .arg(m_line)
                                .arg(command));
            } else {
                beginStatement();
                if (!skipToken()) {
                    if (!m_lenient)
                        return unterminated(m_openKind);
                    m_pos = m_text.size(); // the rest is the statement, as typed
                }
            }
        }
        endStatement();
        return m_statements;
    }

private:
    void advance()
    {
        if (m_text.at(m_pos) == QLatin1Char('\n'))
            ++m_line;
        ++m_pos;
    }

    void beginStatement()
    {
        if (m_inStatement)
            return;
        m_inStatement = true;
        m_start = m_pos;
        m_startLine = m_line;
    }

    void endStatement()
    {
        if (!m_inStatement)
            return;
        m_statements.append(
            { m_text.mid(m_start, m_pos - m_start).trimmed(), m_startLine, int(m_start) });
        m_inStatement = false;
        m_parenDepth = 0;
        m_beginDepth = 0;
        m_words = 0;
        m_leadingWords.fill(QChar());
    }

    // psql's rule for the SQL-standard body of a function (PostgreSQL 14+): in a statement that
    // begins CREATE [OR REPLACE] FUNCTION|PROCEDURE, outside parentheses, BEGIN opens a block
    // (BEGIN ATOMIC … END) that a ';' does not end, CASE inside it opens one more, and END
    // closes one. The statement's first four words are remembered by their first letter.
    void sawWord(QStringView word)
    {
        static const QStringList leading { QStringLiteral("create"), QStringLiteral("function"),
                                           QStringLiteral("procedure"), QStringLiteral("or"),
                                           QStringLiteral("replace") };
        if (m_words < m_leadingWords.size()) {
            for (const QString &candidate : leading)
                if (word.compare(candidate, Qt::CaseInsensitive) == 0)
                    m_leadingWords[m_words] = candidate.front();
        }
        ++m_words;
        const auto &w = m_leadingWords;
        const bool createsRoutine = w[0] == u'c'
            && (w[1] == u'f' || w[1] == u'p'
                || (w[1] == u'o' && w[2] == u'r' && (w[3] == u'f' || w[3] == u'p')));
        if (!createsRoutine || m_parenDepth != 0)
            return;
        if (word.compare(QLatin1String("begin"), Qt::CaseInsensitive) == 0)
            ++m_beginDepth;
        else if (word.compare(QLatin1String("case"), Qt::CaseInsensitive) == 0 && m_beginDepth > 0)
            ++m_beginDepth;
        else if (word.compare(QLatin1String("end"), Qt::CaseInsensitive) == 0 && m_beginDepth > 0)
            --m_beginDepth;
    }

    void skipLineComment()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos) != QLatin1Char('\n'))
            ++m_pos;
    }

    bool skipBlockComment() // PostgreSQL's block comments nest
    {
        m_openLine = m_line;
        int depth = 0;
        while (m_pos < m_text.size()) {
            if (m_text.mid(m_pos, 2) == QLatin1String("/*")) {
                ++depth;
                m_pos += 2;
            } else if (m_text.mid(m_pos, 2) == QLatin1String("*/")) {
                m_pos += 2;
                if (--depth == 0)
                    return true;
            } else {
                advance();
            }
        }
        return false;
    }

    // One token of a statement: a quoted string or identifier, a dollar-quoted body, or a
    // single character. Returns false when a quote is never closed.
    bool skipToken()
    {
        const QChar c = m_text.at(m_pos);
        m_openLine = m_line;
        if (c == QLatin1Char('\'')) {
            const bool backslashEscapes = m_pos > 0
                && (m_text.at(m_pos - 1) == QLatin1Char('E')
                    || m_text.at(m_pos - 1) == QLatin1Char('e'))
                && (m_pos < 2 || !isIdentifierChar(m_text.at(m_pos - 2)));
            m_openKind = QStringLiteral("string");
            return skipQuoted(QLatin1Char('\''), backslashEscapes);
        }
        if (c == QLatin1Char('"')) {
            m_openKind = QStringLiteral("quoted identifier");
            return skipQuoted(QLatin1Char('"'), false);
        }
        if (c == QLatin1Char('$')) {
            const QString tag = dollarTagAt(m_text, m_pos);
            if (!tag.isEmpty()) {
                m_openKind = QStringLiteral("dollar-quoted body %1").arg(tag);
                const qsizetype close = m_text.indexOf(tag, m_pos + tag.size());
                if (close < 0)
                    return false;
                while (m_pos < close + tag.size())
                    advance();
                return true;
            }
        }
        if (c.isLetter() || c == QLatin1Char('_') || c.unicode() >= 0x80) {
            const qsizetype start = m_pos;
            while (m_pos < m_text.size() && isIdentifierChar(m_text.at(m_pos)))
                ++m_pos;
            if (m_pos == start)
                ++m_pos; // a character outside ASCII that is not a letter
            sawWord(QStringView(m_text).mid(start, m_pos - start));
            return true;
        }
        // Parentheses: a ';' inside them does not end the statement either (psql's rule).
        if (c == QLatin1Char('('))
            ++m_parenDepth;
        else if (c == QLatin1Char(')') && m_parenDepth > 0)
            --m_parenDepth;
        advance();
        return true;
    }

    bool skipQuoted(QChar quote, bool backslashEscapes)
    {
        advance(); // the opening quote
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos);
            if (backslashEscapes && c == QLatin1Char('\\')) {
                advance();
                if (m_pos < m_text.size())
                    advance();
            } else if (c == quote) {
                advance();
                if (m_pos < m_text.size() && m_text.at(m_pos) == quote)
                    advance(); // doubled quote: still inside
                else
                    return true;
            } else {
                advance();
            }
        }
        return false;
    }

    std::unexpected<Error> unterminated(const QString &kind) const
    {
        return fail(Error::Kind::Usage,
                    QStringLiteral("line %1: the %2 that starts here is never closed.")
                        .arg(m_openLine)
                        .arg(kind));
    }

    const QString &m_text;
    bool m_lenient = false;
    qsizetype m_pos = 0;
    int m_line = 1;
    bool m_inStatement = false;
    qsizetype m_start = 0;
    int m_startLine = 1;
    int m_openLine = 1;
    QString m_openKind;
    QList<SqlStatement> m_statements;
    int m_parenDepth = 0;
    int m_beginDepth = 0;
    int m_words = 0;
    std::array<QChar, 4> m_leadingWords {};
};

} // namespace

Result<QList<SqlStatement>> splitSqlScript(const QString &script, SplitMode mode)
{
    return Splitter(script, mode).run();
}

int scriptOffsetOf(const SqlStatement &statement, int position)
{
    return statement.offset + qBound(0, position - 1, int(statement.text.size()));
}

int lineOfPosition(const SqlStatement &statement, int position)
{
    if (position <= 0)
        return statement.line;
    return statement.line
        + int(QStringView(statement.text).left(position - 1).count(QLatin1Char('\n')));
}

bool isTransactionControl(const SqlStatement &statement)
{
    static const QRegularExpression control(
        QStringLiteral(R"(^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b(?!\s+ATOMIC))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression savepointRollback(QStringLiteral(R"(^ROLLBACK\s+TO\b)"),
                                                      QRegularExpression::CaseInsensitiveOption);
    return control.match(statement.text).hasMatch()
        && !savepointRollback.match(statement.text).hasMatch();
}

} // namespace bridgescope
