#pragma once

#include <Qsci/qscilexercustom.h>

namespace bridgescope {

// PostgreSQL's lexical rules for the console's colours, which QScintilla's generic SQL lexer
// does not know: dollar-quoted bodies ($$ … $$, $tag$ … $tag$), E'' strings with backslash
// escapes, nested block comments, quoted identifiers with doubled quotes. The same rules as the
// statement splitter (SqlScript), so what looks like a string is what runs as one.
class PgSqlLexer : public QsciLexerCustom
{
    Q_OBJECT
public:
    enum Style { Default, Comment, String, QuotedName, Keyword, Number, Operator, StyleCount };

    explicit PgSqlLexer(QObject *parent = nullptr);

    const char *language() const override { return "PostgreSQL"; }
    QString description(int style) const override;
    void styleText(int start, int end) override;
    QColor defaultColor(int style) const override;
    QFont defaultFont(int style) const override;

    // The styles of a text's bytes (UTF-8), one per byte: for tests, and for styleText.
    static QByteArray stylesOf(const QByteArray &text);
};

} // namespace bridgescope
