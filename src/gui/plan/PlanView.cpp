#include "plan/PlanView.h"

#include "plan/PlanPane.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bridgescope {

PlanView::PlanView(QWidget *parent)
    : QWidget(parent)
    , m_pane(new PlanPane(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pane);
    m_pane->findings()->setText(
        tr("Open a plan file or paste a plan: EXPLAIN's JSON or text format, as psql, "
           "auto_explain or a log prints it (its header, borders and + marks are fine). The "
           "console's Explain (Ctrl+E) and Explain Analyze (Ctrl+Shift+E) show the plan of the "
           "statement at the cursor there."));
    connect(m_pane, &PlanPane::openTableRequested, this,
            [this](const QString &schema, const QString &table) {
                if (router())
                    router()->open(ViewTarget::tableRows(schema, table));
            });
}

} // namespace bridgescope
