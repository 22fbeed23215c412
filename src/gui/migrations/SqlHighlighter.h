#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace bridgescope {

// Colours SQL in the preview panes: keywords, strings and quoted identifiers, numbers and
// comments, in colours taken from the palette so that dark themes stay readable.
class SqlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_keyword;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_comment;
};

} // namespace bridgescope
