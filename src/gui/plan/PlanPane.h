#pragma once

#include "plan/Plan.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace bridgescope {

class JsonViewer;
class PlanDiagram;
class PlanNodesModel;

// A plan, read at a glance: the findings in words on top, the tree drawn beside a sortable
// grid of the same nodes, and under them the selected node's raw JSON with a button that
// opens its table. A plan comes from the console's Explain, a file or the clipboard; "Compare
// with…" sets another plan of the same query beside it, node by node.
class PlanPane : public QWidget
{
    Q_OBJECT
public:
    explicit PlanPane(QWidget *parent = nullptr);

    void showPlan(const Plan &plan, const QString &note = {});
    const Plan &plan() const { return m_plan; }
    // A plan from text (JSON or text format, framed as pasted): shown, or the sentence why not.
    bool showPlanText(const QByteArray &text, const QString &origin);

    PlanDiagram *diagram() const { return m_diagram; }
    QTableView *grid() const { return m_grid; }
    QLabel *findings() const { return m_findings; }
    JsonViewer *nodeJson() const { return m_json; }
    void selectNode(int id);
    int selectedNode() const { return m_selected; }
    // The comparison with another plan as the dialog shows it (a test reads it).
    QString comparisonText(const Plan &other) const;

signals:
    void openTableRequested(const QString &schema, const QString &table);

private:
    void showFindings(const QString &note);
    void openFile();
    void compareWith(const QByteArray &text, const QString &origin);

    Plan m_plan;
    QComboBox *m_metric = nullptr;
    QLabel *m_findings = nullptr;
    PlanDiagram *m_diagram = nullptr;
    PlanNodesModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_grid = nullptr;
    QWidget *m_detail = nullptr; // the selected node's JSON and table
    JsonViewer *m_json = nullptr;
    QPushButton *m_openTable = nullptr;
    int m_selected = -1;
};

} // namespace bridgescope
