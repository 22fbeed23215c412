#include "data/JsonHighlighter.h"

#include <QColor>
#include <QRegularExpression>

namespace bridgescope {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    // Mid-tone colours that read on dark and light palettes alike.
    m_key.setForeground(QColor(0x3a, 0x8e, 0xd8));
    m_string.setForeground(QColor(0x4c, 0xa8, 0x5a));
    m_number.setForeground(QColor(0xd0, 0x84, 0x30));
    m_literal.setForeground(QColor(0xb0, 0x5c, 0xc8));
    m_literal.setFontWeight(QFont::Bold);
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression token(QStringLiteral(
        R"re(("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b)re"));
    for (auto it = token.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        if (match.capturedLength(1) > 0)
            setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)),
                      match.capturedLength(2) > 0 ? m_key : m_string);
        else if (match.capturedLength(3) > 0)
            setFormat(int(match.capturedStart(3)), int(match.capturedLength(3)), m_number);
        else
            setFormat(int(match.capturedStart(4)), int(match.capturedLength(4)), m_literal);
    }
}

} // namespace bridgescope
