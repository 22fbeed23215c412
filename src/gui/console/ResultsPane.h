#pragma once

#include "console/StatementRunner.h"
#include "data/RowCopy.h"

#include <QPointer>
#include <QTabWidget>

class QPlainTextEdit;

namespace bridgescope {

class DataGrid;
class PlanPane;
class ResultPage;
struct Plan;
class JsonViewer;
class QueryResultRows;

// Under the console's editor: a Messages tab (each statement's command tag, rows, time, the
// server's notices and errors, in order) and one tab per statement that returned rows, each a
// grid over its QueryResultRows (any row reachable, as the Data tab's grid).
class ResultsPane : public QTabWidget
{
    Q_OBJECT
public:
    explicit ResultsPane(QWidget *parent = nullptr);

    void clearResults(); // a new run: the previous results go, the messages stay
    // Takes the rows (owned from now on) into a new tab for the statement at `line`.
    void addResult(int line, QueryResultRows *rows);
    void addMessage(const QString &text);
    void addNotice(const ServerMessage &message);
    // A sentence about the connection (not a statement's error), brought to the front.
    void addProblem(const QString &sentence);
    void addOutcome(const QString &script, const StatementOutcome &outcome);
    // The plan of an Explain in the Plan tab (one, replaced by the next), brought to the front.
    void showPlan(const Plan &plan, const QString &note);
    PlanPane *planPane() const;

    int resultCount() const;
    DataGrid *resultGrid(int index) const; // 0: the first result
    // What the result's context menu does (and Ctrl+C, TSV): its selection to the clipboard,
    // and all of it to a CSV file as psql's \copy writes it. Export returns its sentence.
    void copyResult(int index, CopyFormat format);
    QString exportResult(int index, const QString &path);
    QueryResultRows *resultRows(int index) const;
    JsonViewer *resultJson(int index) const; // beside the grid, for a json or jsonb cell
    QString messagesText() const;

signals:
    void openTableRequested(const QString &schema, const QString &table); // from the plan

private:
    ResultPage *page(int index) const; // 0: the first result
    QPlainTextEdit *m_messages = nullptr;
    QPointer<PlanPane> m_plan;
};

} // namespace bridgescope
