#pragma once

#include "console/QueryHistory.h"

#include <QDialog>

class QLineEdit;
class QTreeWidget;

namespace bridgescope {

// Ctrl+R in the console: the statements run on this database, the latest first, narrowed as you
// type; Enter (or a double-click) takes one back into the editor.
class HistoryDialog : public QDialog
{
    Q_OBJECT
public:
    HistoryDialog(const QueryHistory &history, const QString &database, QWidget *parent = nullptr);

    QString chosenSql() const { return m_chosen; }
    QLineEdit *searchBox() const { return m_search; }
    QTreeWidget *list() const { return m_list; }

private:
    void refill();
    void choose();

    const QueryHistory &m_history;
    QString m_database;
    QLineEdit *m_search = nullptr;
    QTreeWidget *m_list = nullptr;
    QString m_chosen;
};

} // namespace bridgescope
