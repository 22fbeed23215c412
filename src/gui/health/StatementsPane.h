#pragma once

#include "health/TopStatements.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace bridgescope {

// The Health tab's Statements page: this database's statements by total time from
// pg_stat_statements, or, where it is not installed, what to do about it. HealthView reads it
// when the page is first shown and on Refresh.
class StatementsPane : public QWidget
{
    Q_OBJECT
public:
    explicit StatementsPane(QWidget *parent = nullptr);

    void showReport(const TopStatementsReport &report);
    void showError(const QString &message);
    void clear();
    bool hasReport() const { return m_loaded; }

    QTreeWidget *statementTree() const { return m_statements; }
    QString summary() const;

signals:
    // Double-click or the context menu on a statement: its text, to open in the SQL console.
    void openInConsoleRequested(const QString &sql);
    // "Explain in console": its plan (a generic plan where it has parameters, on 16+).
    void explainRequested(const QString &sql);

private:
    QLabel *m_summary = nullptr;
    QTreeWidget *m_statements = nullptr;
    bool m_loaded = false;
};

} // namespace bridgescope
