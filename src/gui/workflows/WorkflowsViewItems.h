#pragma once

// What the Workflows tab's files (WorkflowsView.cpp, WorkflowsViewFailures.cpp) share: the item
// data roles of its trees and how a time is shown there.
#include <QDateTime>
#include <QString>

namespace bridgescope::workflowsview {

constexpr int kGroupRole = Qt::UserRole + 1; // a failure group's index
constexpr int kWorkflowRole = Qt::UserRole + 2; // a workflow's row id

inline QString localTime(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                        : QStringLiteral("\u2013");
}

} // namespace bridgescope::workflowsview
