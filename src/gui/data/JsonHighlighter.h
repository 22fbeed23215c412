#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace bridgescope {

// Colours pretty-printed JSON: keys, strings, numbers, true/false/null.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key, m_string, m_number, m_literal;
};

} // namespace bridgescope
