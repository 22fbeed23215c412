#pragma once

#include "data/BrowseQuery.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace bridgescope {

// The Data tab's "Where" row: a column, the operators that fit its type (@> and @? for jsonb,
// && for arrays, a range for timestamps and numbers), one or two values, Filter and Clear
// filters. It builds a Filter; the view applies it.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    // The columns of the table now shown (the first is chosen).
    void setColumns(const QList<BrowseColumn> &columns);
    // Whether conditions can be added now (a connection and a table).
    void setUsable(bool usable);
    void setClearEnabled(bool enabled);

signals:
    void filterAdded(const bridgescope::Filter &filter);
    void clearRequested();

private:
    void fillOperators();
    void updateControls();
    void addFromControls();
    ColumnKind currentKind() const;

    QList<BrowseColumn> m_columns;
    bool m_usable = false;
    QComboBox *m_columnBox = nullptr;
    QComboBox *m_opBox = nullptr;
    QLineEdit *m_valueEdit = nullptr;
    QLineEdit *m_value2Edit = nullptr;
    QPushButton *m_addFilter = nullptr;
    QPushButton *m_clearFilters = nullptr;
};

} // namespace bridgescope
