#pragma once

#include "console/SqlEditor.h"

#include <QStringList>
#include <QTabWidget>

namespace bridgescope {

// The console's editors, one per tab, like scratch files: "+" adds one, a tab's × closes it
// (the last one is emptied instead), and their texts are what the console keeps per database.
// Every editor completes and shows call tips from the same providers.
class ConsoleTabs : public QTabWidget
{
    Q_OBJECT
public:
    explicit ConsoleTabs(QWidget *parent = nullptr);

    void setProviders(SqlEditor::CompletionProvider complete,
                      SqlEditor::SignatureProvider signatures);
    SqlEditor *current() const;
    SqlEditor *editorAt(int index) const;
    SqlEditor *addEditor(const QString &text = {});
    void closeEditor(int index);

    QStringList texts() const;
    void setTexts(const QStringList &texts); // at least one tab, the first current

private:
    void renumber();

    SqlEditor::CompletionProvider m_complete;
    SqlEditor::SignatureProvider m_signatures;
};

} // namespace bridgescope
