#pragma once

#include "migrations/DriftCheck.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace bridgescope {

// The Migrations tab's Drift pane: each difference between the database and its applied
// migrations (what is extra, missing or different, with the parts folded into it), and for the
// selected one the SQL that would bring either side in line, as text to read and copy.
class DriftPane : public QWidget
{
    Q_OBJECT
public:
    explicit DriftPane(QWidget *parent = nullptr);

    void showReport(const DriftReport &report);
    void showMessage(const QString &message); // a check that could not be made, or is running
    void clear();

    QTreeWidget *findingList() const { return m_list; }
    QPlainTextEdit *sqlView() const { return m_sql; }
    const QLabel *summaryLabel() const { return m_summary; }

private:
    void showFinding(int index);

    QLabel *m_summary = nullptr;
    QTreeWidget *m_list = nullptr;
    QPlainTextEdit *m_sql = nullptr;
    QList<DriftFinding> m_findings;
};

// What a finding's kind is called in the list: "in the database only", "in the migrations
// only", "different".
QString driftKindLabel(CatalogDifference::Kind kind);

} // namespace bridgescope
