#include "console/SqlEditor.h"

#include "PgSqlLexer.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QPalette>
#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>

namespace bridgescope {

SqlEditor::SqlEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setLexer(new PgSqlLexer(this));
    setUtf8(true);
    setMarginType(0, NumberMargin);
    setMarginWidth(0, QStringLiteral("00000"));
    setMarginsFont(fixed);
    setBraceMatching(SloppyBraceMatch);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setCaretLineVisible(true);
    // The current line lit, softly: the desktop's alternate row colour, light or dark.
    setCaretLineBackgroundColor(palette().color(QPalette::AlternateBase));
    setWrapMode(WrapNone);
    // The horizontal bar only when a line is wider than the editor.
    SendScintilla(SCI_SETSCROLLWIDTH, 1);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1);
    errorIndicator = indicatorDefine(SquiggleIndicator);
    setIndicatorForegroundColor(QColor(0xd0, 0x20, 0x20), errorIndicator);
    // Ctrl+Enter and Esc belong to the console (run, cancel), not to the editor's own keys.
    for (const QKeyCombination key :
         { QKeyCombination(Qt::CTRL, Qt::Key_Return), QKeyCombination(Qt::CTRL, Qt::Key_Enter),
           QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_Return),
           QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_Enter), QKeyCombination(Qt::Key_Escape) })
        if (QsciCommand *command = standardCommands()->boundTo(key.toCombined()))
            command->setKey(0);
    connect(this, &QsciScintillaBase::SCN_CHARADDED, this, &SqlEditor::characterAdded);
    connect(this, &QsciScintilla::userListActivated, this, [this](int id, const QString &text) {
        Q_UNUSED(id);
        for (int index = 0; index < m_offered.size(); ++index)
            if (m_offered[index].text == text.section(QLatin1Char('\t'), 0, 0)) {
                acceptCompletion(index);
                return;
            }
    });
}

void SqlEditor::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && event->modifiers() == Qt::ControlModifier) {
        showCompletions();
        return;
    }
    QsciScintilla::keyPressEvent(event);
}

void SqlEditor::characterAdded(int character)
{
    if (character == '.') {
        showCompletions();
    } else if (character == '\'') {
        // After -> or ->>: a json key, completed from the column's data.
        const QString before = text().left(cursorOffset() - 1).trimmed();
        if (before.endsWith(QLatin1String("->")) || before.endsWith(QLatin1String("->>")))
            showCompletions();
    } else if (character == '(' && m_signatures) {
        // The word before the '(' may be a function: its signatures as a call tip.
        const QString script = text();
        int end = cursorOffset() - 1;
        int start = end;
        while (start > 0
               && (script.at(start - 1).isLetterOrNumber()
                   || script.at(start - 1) == QLatin1Char('_')))
            --start;
        const QStringList signatures = m_signatures(script.mid(start, end - start));
        if (!signatures.isEmpty())
            SendScintilla(SCI_CALLTIPSHOW, long(SendScintilla(SCI_GETCURRENTPOS)),
                          signatures.mid(0, 8).join(QLatin1Char('\n')).toUtf8().constData());
    }
}

void SqlEditor::showCompletions()
{
    if (!m_complete)
        return;
    const Completions completions = m_complete(text(), cursorOffset());
    m_offered = completions.candidates;
    m_replaceFrom = completions.replaceFrom;
    if (m_offered.isEmpty())
        return;
    // One per line (names and join conditions hold spaces), in the order given: best first.
    QStringList rows;
    for (const CompletionCandidate &candidate : std::as_const(m_offered))
        rows << candidate.text;
    SendScintilla(SCI_AUTOCSETSEPARATOR, long('\n'));
    SendScintilla(SCI_AUTOCSETORDER, long(SC_ORDER_CUSTOM));
    SendScintilla(SCI_AUTOCSETIGNORECASE, 1L);
    SendScintilla(SCI_USERLISTSHOW, 1UL, rows.join(QLatin1Char('\n')).toUtf8().constData());
}

void SqlEditor::acceptCompletion(int index)
{
    if (index < 0 || index >= m_offered.size())
        return;
    if (isListActive())
        cancelList();
    const int cursor = cursorOffset();
    const int from = qMin(m_replaceFrom, cursor);
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    lineIndexFromPosition(bytePosition(from), &lineFrom, &indexFrom);
    lineIndexFromPosition(bytePosition(cursor), &lineTo, &indexTo);
    setSelection(lineFrom, indexFrom, lineTo, indexTo);
    replaceSelectedText(m_offered[index].text);
}

int SqlEditor::bytePosition(int offset) const
{
    return int(text().left(offset).toUtf8().size());
}

int SqlEditor::cursorOffset() const
{
    const int bytes = int(SendScintilla(SCI_GETCURRENTPOS));
    return int(QString::fromUtf8(text().toUtf8().left(bytes)).size());
}

void SqlEditor::setCursorOffset(int offset)
{
    int line = 0, index = 0;
    lineIndexFromPosition(bytePosition(offset), &line, &index);
    setCursorPosition(line, index);
    ensureLineVisible(line);
}

QList<SqlStatement> SqlEditor::allStatements() const
{
    return splitSqlScript(text(), SplitMode::Lenient).value_or(QList<SqlStatement> {});
}

QList<SqlStatement> SqlEditor::statementsToRun() const
{
    const QString script = text();
    if (hasSelectedText()) {
        int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
        getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        const QByteArray bytes = script.toUtf8();
        const int from
            = int(QString::fromUtf8(bytes.left(positionFromLineIndex(lineFrom, indexFrom))).size());
        const int to
            = int(QString::fromUtf8(bytes.left(positionFromLineIndex(lineTo, indexTo))).size());
        QList<SqlStatement> statements
            = splitSqlScript(script.mid(from, to - from), SplitMode::Lenient)
                  .value_or(QList<SqlStatement> {});
        const int lineShift = int(QStringView(script).left(from).count(QLatin1Char('\n')));
        for (SqlStatement &statement : statements) {
            statement.offset += from;
            statement.line += lineShift;
        }
        return statements;
    }
    const QList<SqlStatement> statements = allStatements();
    const int cursor = cursorOffset();
    const SqlStatement *chosen = nullptr;
    for (const SqlStatement &statement : statements) {
        if (statement.offset > cursor)
            break;
        chosen = &statement; // the last one that starts at or before the cursor
    }
    if (!chosen && !statements.isEmpty())
        chosen = &statements.first();
    return chosen ? QList<SqlStatement> { *chosen } : QList<SqlStatement> {};
}

void SqlEditor::markError(int offset)
{
    clearErrorMark();
    const QString script = text();
    offset = qBound(0, offset, int(script.size()));
    int end = offset;
    while (end < script.size() && !script.at(end).isSpace() && script.at(end) != QLatin1Char(';'))
        ++end;
    if (end == offset)
        end = qMin(int(script.size()), offset + 1);
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    lineIndexFromPosition(bytePosition(offset), &lineFrom, &indexFrom);
    lineIndexFromPosition(bytePosition(end), &lineTo, &indexTo);
    fillIndicatorRange(lineFrom, indexFrom, lineTo, indexTo, errorIndicator);
    m_marked = true;
    setCursorOffset(offset);
}

void SqlEditor::clearErrorMark()
{
    if (!m_marked)
        return;
    clearIndicatorRange(0, 0, lines(), 0, errorIndicator);
    m_marked = false;
}

} // namespace bridgescope
