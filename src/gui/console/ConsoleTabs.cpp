#include "console/ConsoleTabs.h"

#include <QToolButton>

namespace bridgescope {

ConsoleTabs::ConsoleTabs(QWidget *parent)
    : QTabWidget(parent)
{
    setDocumentMode(true);
    setTabsClosable(true);
    setMovable(true);
    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("consoleNewTab"));
    add->setText(QStringLiteral("+"));
    add->setToolTip(tr("A new query tab"));
    add->setAutoRaise(true);
    setCornerWidget(add, Qt::TopRightCorner);
    connect(add, &QToolButton::clicked, this, [this] {
        setCurrentWidget(addEditor());
        current()->setFocus();
    });
    connect(this, &QTabWidget::tabCloseRequested, this, &ConsoleTabs::closeEditor);
    addEditor();
}

void ConsoleTabs::setProviders(SqlEditor::CompletionProvider complete,
                               SqlEditor::SignatureProvider signatures)
{
    m_complete = std::move(complete);
    m_signatures = std::move(signatures);
    for (int index = 0; index < count(); ++index) {
        editorAt(index)->setCompletionProvider(m_complete);
        editorAt(index)->setSignatureProvider(m_signatures);
    }
}

SqlEditor *ConsoleTabs::current() const
{
    return static_cast<SqlEditor *>(currentWidget());
}

SqlEditor *ConsoleTabs::editorAt(int index) const
{
    return static_cast<SqlEditor *>(widget(index));
}

SqlEditor *ConsoleTabs::addEditor(const QString &text)
{
    auto *editor = new SqlEditor(this);
    editor->setObjectName(QStringLiteral("consoleEditor"));
    editor->setText(text);
    editor->setCompletionProvider(m_complete);
    editor->setSignatureProvider(m_signatures);
    connect(editor, &QsciScintilla::textChanged, editor, &SqlEditor::clearErrorMark);
    addTab(editor, QString());
    renumber();
    return editor;
}

void ConsoleTabs::closeEditor(int index)
{
    if (count() == 1) {
        editorAt(0)->clear(); // the console always has a place to type
        return;
    }
    QWidget *editor = widget(index);
    removeTab(index);
    editor->deleteLater();
    renumber();
}

QStringList ConsoleTabs::texts() const
{
    QStringList list;
    for (int index = 0; index < count(); ++index)
        list << editorAt(index)->text();
    return list;
}

void ConsoleTabs::setTexts(const QStringList &texts)
{
    while (count() > 1) {
        QWidget *editor = widget(count() - 1);
        removeTab(count() - 1);
        delete editor;
    }
    editorAt(0)->setText(texts.value(0));
    for (qsizetype index = 1; index < texts.size(); ++index)
        addEditor(texts[index]);
    setCurrentIndex(0);
}

void ConsoleTabs::renumber()
{
    for (int index = 0; index < count(); ++index)
        setTabText(index, tr("Query %1").arg(index + 1));
}

} // namespace bridgescope
