#include "data/FilterBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

namespace bridgescope {

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_columnBox = new QComboBox(this);
    m_columnBox->setObjectName(QStringLiteral("filterColumn"));
    m_opBox = new QComboBox(this);
    m_opBox->setObjectName(QStringLiteral("filterOp"));
    m_valueEdit = new QLineEdit(this);
    m_valueEdit->setObjectName(QStringLiteral("filterValue"));
    m_value2Edit = new QLineEdit(this);
    m_value2Edit->setObjectName(QStringLiteral("filterValue2"));
    m_value2Edit->setPlaceholderText(tr("before (exclusive)"));
    m_addFilter = new QPushButton(tr("Filter"), this);
    m_addFilter->setObjectName(QStringLiteral("addFilter"));
    m_addFilter->setToolTip(tr("Add this condition (all conditions must hold). The value is sent "
                               "to the server as a bound parameter."));
    m_clearFilters = new QPushButton(tr("Clear filters"), this);
    m_clearFilters->setEnabled(false);
    row->addWidget(new QLabel(tr("Where"), this));
    row->addWidget(m_columnBox);
    row->addWidget(m_opBox);
    row->addWidget(m_valueEdit, 2);
    row->addWidget(m_value2Edit, 1);
    row->addWidget(m_addFilter);
    row->addWidget(m_clearFilters);

    connect(m_columnBox, &QComboBox::currentIndexChanged, this, [this] {
        fillOperators();
        updateControls();
    });
    connect(m_opBox, &QComboBox::currentIndexChanged, this, &FilterBar::updateControls);
    connect(m_addFilter, &QPushButton::clicked, this, &FilterBar::addFromControls);
    connect(m_valueEdit, &QLineEdit::returnPressed, this, &FilterBar::addFromControls);
    connect(m_value2Edit, &QLineEdit::returnPressed, this, &FilterBar::addFromControls);
    connect(m_clearFilters, &QPushButton::clicked, this, &FilterBar::clearRequested);
    updateControls();
}

void FilterBar::setColumns(const QList<BrowseColumn> &columns)
{
    m_columns = columns;
    m_columnBox->blockSignals(true);
    m_columnBox->clear();
    qsizetype longest = 0;
    for (const BrowseColumn &column : columns) {
        m_columnBox->addItem(column.name);
        m_columnBox->setItemData(m_columnBox->count() - 1, column.name, Qt::ToolTipRole);
        longest = qMax(longest, column.name.size());
    }
    // Wide enough for the table's names ("metadata", not "metadat"), up to a point: a
    // 63-character name is shown cut, with the whole of it in the list and its tooltip.
    m_columnBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_columnBox->setMinimumContentsLength(int(std::clamp<qsizetype>(longest, 8, 28)));
    m_columnBox->blockSignals(false);
    fillOperators();
    updateControls();
}

void FilterBar::setUsable(bool usable)
{
    m_usable = usable;
    updateControls();
}

void FilterBar::setClearEnabled(bool enabled)
{
    m_clearFilters->setEnabled(enabled);
}

ColumnKind FilterBar::currentKind() const
{
    const int column = m_columnBox->currentIndex();
    return column >= 0 && column < m_columns.size() ? m_columns[column].kind : ColumnKind::Text;
}

void FilterBar::fillOperators()
{
    // The operators that fit the column's type: @> and @? for jsonb, && for arrays, …
    m_opBox->blockSignals(true);
    m_opBox->clear();
    if (m_columnBox->currentIndex() >= 0)
        for (FilterOp op : filterOpsFor(currentKind()))
            m_opBox->addItem(filterOpLabel(op), int(op));
    m_opBox->blockSignals(false);
}

void FilterBar::updateControls()
{
    const int values = m_opBox->currentIndex() >= 0
        ? filterOpValueCount(FilterOp(m_opBox->currentData().toInt()))
        : 1;
    m_valueEdit->setEnabled(values > 0);
    m_value2Edit->setVisible(values == 2);
    const FilterOp op = FilterOp(m_opBox->currentData().toInt());
    QString hint = tr("value");
    if (op == FilterOp::JsonContains)
        hint = tr("{\"key\": \"value\"}");
    else if (op == FilterOp::JsonPathExists)
        hint = tr("$.key ? (@ > 2)");
    else if (op == FilterOp::ArrayContains || op == FilterOp::ArrayOverlaps)
        hint = tr("a, b, c");
    else if (op == FilterOp::Between || currentKind() == ColumnKind::TimestampTz)
        hint = tr("from, e.g. 2026-11-20 08:00");
    m_valueEdit->setPlaceholderText(hint);
    const bool usable = m_usable && m_columnBox->currentIndex() >= 0;
    for (QWidget *control : std::initializer_list<QWidget *> { m_columnBox, m_opBox, m_addFilter })
        control->setEnabled(usable);
}

void FilterBar::addFromControls()
{
    if (m_columnBox->currentIndex() < 0 || m_opBox->currentIndex() < 0)
        return;
    emit filterAdded(Filter { m_columnBox->currentText(), FilterOp(m_opBox->currentData().toInt()),
                              m_valueEdit->text(), m_value2Edit->text() });
}

} // namespace bridgescope
