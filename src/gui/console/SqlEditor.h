#pragma once

#include "console/SqlCompletion.h"
#include "migrations/SqlScript.h"

#include <Qsci/qsciscintilla.h>

#include <functional>

namespace bridgescope {

// The console's editor: QScintilla with its SQL lexer (keywords, strings, comments, quoted
// identifiers), line numbers, and the statement at the cursor found as the console splits the
// script. Offsets are characters of text() (QScintilla itself counts UTF-8 bytes).
class SqlEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    // What Ctrl+Enter runs: the selection, or else the statement the cursor is in (or the one
    // just before it, where the cursor is past its ';').
    QList<SqlStatement> statementsToRun() const;
    QList<SqlStatement> allStatements() const; // Ctrl+Shift+Enter: the whole script

    int cursorOffset() const;
    void setCursorOffset(int offset);
    // Underlines the statement's error from the character at `offset` to the end of its word,
    // and puts the cursor there. clearErrorMark() takes the marks away.
    void markError(int offset);
    void clearErrorMark();
    bool hasErrorMark() const { return m_marked; }

    // Completion: the candidates at a place of the text (from the console's cached catalog),
    // offered on Ctrl+Space and after a '.'; a function's signatures after its '('.
    using CompletionProvider = std::function<Completions(const QString &text, int offset)>;
    using SignatureProvider = std::function<QStringList(const QString &function)>;
    void setCompletionProvider(CompletionProvider provider) { m_complete = std::move(provider); }
    void setSignatureProvider(SignatureProvider provider) { m_signatures = std::move(provider); }
    void showCompletions();
    QList<CompletionCandidate> offeredCompletions() const { return m_offered; }
    void acceptCompletion(int index); // as a click on the list's row would

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    int bytePosition(int offset) const; // QScintilla's position of a character offset
    void characterAdded(int character);
    CompletionProvider m_complete;
    SignatureProvider m_signatures;
    QList<CompletionCandidate> m_offered;
    int m_replaceFrom = 0;
    int errorIndicator = 0;
    bool m_marked = false;
};

} // namespace bridgescope
