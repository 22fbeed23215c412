#pragma once

#include "migrations/SqlScript.h"

#include <Qsci/qsciscintilla.h>

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

private:
    int bytePosition(int offset) const; // QScintilla's position of a character offset
    int errorIndicator = 0;
    bool m_marked = false;
};

} // namespace bridgescope
