#include "migrations/SqlHighlighter.h"

#include <QApplication>
#include <QPalette>
#include <QRegularExpression>

namespace bridgescope {

namespace {

enum BlockState { Normal = 0, InBlockComment = 1 };

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const QPalette palette = QApplication::palette();
    m_keyword.setForeground(palette.link());
    m_keyword.setFontWeight(QFont::Bold);
    m_string.setForeground(QColor(46, 160, 67));
    m_number.setForeground(QColor(176, 104, 200));
    m_comment.setForeground(palette.placeholderText());
    m_comment.setFontItalic(true);
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression keyword(
        QStringLiteral(
            R"(\b(ADD|ALTER|AND|AS|ASC|BEGIN|BETWEEN|BY|CASCADE|CHECK|COLUMN|COMMENT|CONCURRENTLY|)"
            R"(CONSTRAINT|CREATE|DEFAULT|DELETE|DESC|DO|DROP|ELSE|END|EXECUTE|EXISTS|FOR|FOREIGN|)"
            R"(FROM|FUNCTION|GENERATED|IF|IN|INDEX|INSERT|INTO|IS|KEY|LANGUAGE|NOT|NULL|ON|OR|)"
            R"(PRIMARY|REFERENCES|REPLACE|RETURN|RETURNS|ROW|SELECT|SET|TABLE|THEN|TO|TRIGGER|)"
            R"(UNIQUE|UPDATE|USING|VALUES|WHEN|WHERE|WITH|BIGINT|BOOLEAN|DECIMAL|INTEGER|JSONB|)"
            R"(NUMERIC|TEXT|TIMESTAMP|UUID|VARCHAR|ZONE|TIME|EACH|BEFORE|AFTER)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression number(QStringLiteral(R"(\b\d+(\.\d+)?\b)"));
    static const QRegularExpression quoted(QStringLiteral(R"('(?:[^']|'')*'?|"(?:[^"]|"")*"?)"));

    for (auto it = keyword.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_keyword);
    }
    for (auto it = number.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_number);
    }
    for (auto it = quoted.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_string);
    }

    // Comments last, so they win: "--" to the end of the line, and /* … */ across lines.
    qsizetype start = previousBlockState() == InBlockComment ? 0 : -1;
    setCurrentBlockState(Normal);
    qsizetype from = 0;
    while (true) {
        if (start < 0) {
            const qsizetype line = text.indexOf(QLatin1String("--"), from);
            const qsizetype block = text.indexOf(QLatin1String("/*"), from);
            if (line >= 0 && (block < 0 || line < block)) {
                setFormat(int(line), int(text.size() - line), m_comment);
                return;
            }
            if (block < 0)
                return;
            start = block;
        }
        const qsizetype end = text.indexOf(QLatin1String("*/"), start + 2);
        if (end < 0) {
            setFormat(int(start), int(text.size() - start), m_comment);
            setCurrentBlockState(InBlockComment);
            return;
        }
        setFormat(int(start), int(end + 2 - start), m_comment);
        from = end + 2;
        start = -1;
    }
}

} // namespace bridgescope
