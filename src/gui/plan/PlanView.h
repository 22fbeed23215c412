#pragma once

#include "WorkspaceView.h"

#include <QWidget>

namespace bridgescope {

class PlanPane;

// View 8: a plan from a file or the clipboard (EXPLAIN's JSON or text, as psql, auto_explain
// or a colleague's message has it), connected or not, and compared with another. The
// console's Explain shows its plans in its own Plan tab, with the same pane.
class PlanView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    explicit PlanView(QWidget *parent = nullptr);

    QWidget *widget() override { return this; }
    QString title() const override { return tr("Plan"); }
    void useConnection(const ConnectionContext &connection) override { Q_UNUSED(connection); }
    void clearConnection() override { }

    PlanPane *pane() const { return m_pane; }

private:
    PlanPane *m_pane = nullptr;
};

} // namespace bridgescope
