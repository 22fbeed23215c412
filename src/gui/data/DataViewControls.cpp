// DataView's widgets and their wiring, apart from what the view does with them (DataView.cpp).
#include "ElidedLabel.h"
#include "FlowLayout.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"
#include "data/FilterBar.h"
#include "data/JsonViewer.h"
#include "data/PartitionPicker.h"
#include "data/TablePicker.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bridgescope {

void DataView::buildControls()
{
    auto *layout = new QVBoxLayout(this);

    // Wraps in a narrow window: the filter bar goes to a line of its own.
    auto *top = new FlowLayout;
    m_backButton = new QPushButton(tr("\u25C0 Back"), this);
    m_backButton->setObjectName(QStringLiteral("dataBack"));
    m_backButton->setEnabled(false);
    m_backButton->setToolTip(tr("Back along a followed key (Alt+Left)"));
    top->addWidget(m_backButton);
    auto *back = new QAction(tr("Back"), this);
    back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    back->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(back);
    connect(back, &QAction::triggered, this, &DataView::goBack);
    connect(m_backButton, &QPushButton::clicked, this, &DataView::goBack);
    auto *table = new QHBoxLayout;
    table->setContentsMargins(0, 0, 0, 0);
    m_tableBox = new TablePicker(this);
    m_tableBox->setObjectName(QStringLiteral("tableBox"));
    m_tableBox->setMinimumContentsLength(22);
    m_tableBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tableBox->setToolTip(tr("The table or view to browse: pick it, or type part of its name "
                              "(or double-click one in the Schema tab)"));
    table->addWidget(new QLabel(tr("Table"), this));
    table->addWidget(m_tableBox);
    top->addLayout(table);
    m_partitionBox = new PartitionPicker(this);
    top->addWidget(m_partitionBox);
    m_filterBar = new FilterBar(this);
    m_filterBar->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    top->addWidget(m_filterBar);
    layout->addLayout(top);

    m_filtersLabel = new QLabel(this);
    m_filtersLabel->setObjectName(QStringLiteral("activeFilters"));
    m_filtersLabel->setWordWrap(true);
    m_filtersLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_filtersLabel);
    m_filterError = new QLabel(this);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    m_filterError->setWordWrap(true);
    m_filterError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filterError->setStyleSheet(QStringLiteral("color: #d04040;"));
    m_filterError->hide();
    layout->addWidget(m_filterError);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_grid = new DataGrid(splitter);
    m_grid->setObjectName(QStringLiteral("dataGrid"));
    m_grid->setModel(m_model);
    m_grid->setContextMenuPolicy(Qt::CustomContextMenu);
    m_grid->horizontalHeader()->setSectionsClickable(true);
    m_grid->horizontalHeader()->setSortIndicatorShown(true);
    m_grid->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    // The detail panel: which cell it shows, then its whole value.
    auto *detailPanel = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detailPanel);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detailTitle = new QLabel(detailPanel);
    m_detailTitle->setObjectName(QStringLiteral("detailTitle"));
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_detailTitle);
    m_detail = new QStackedWidget(detailPanel);
    detailLayout->addWidget(m_detail, 1);
    m_text = new QPlainTextEdit(m_detail);
    m_text->setObjectName(QStringLiteral("detailText"));
    m_text->setReadOnly(true);
    m_text->setPlaceholderText(tr("The current cell's whole value shows here."));
    m_json = new JsonViewer(m_detail);
    m_detail->addWidget(m_text);
    m_detail->addWidget(m_json);
    splitter->addWidget(m_grid);
    splitter->addWidget(detailPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 760, 480 });
    layout->addWidget(splitter, 1);

    auto *bottom = new QHBoxLayout;
    // A long status line is cut with "…" (whole in its tooltip) rather than widening the window.
    m_status = new ElidedLabel(this);
    m_status->setObjectName(QStringLiteral("dataStatus"));
    m_countButton = new QPushButton(tr("Count rows"), this);
    m_countButton->setToolTip(tr("count(*) with the filters: reads every row, on its own "
                                 "connection, and can be cancelled"));
    m_exportButton = new QPushButton(tr("Export\u2026"), this);
    m_exportButton->setToolTip(tr("Every row of this view (filters and sort) to CSV or JSON"));
    m_consoleButton = new QPushButton(tr("Open in console"), this);
    m_consoleButton->setObjectName(QStringLiteral("openInConsole"));
    m_consoleButton->setToolTip(tr("The SELECT for these rows (filters and sort) in the SQL "
                                   "console, to change and run"));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(180);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop the running read, count or export: the server stops the query"));
    m_cancel->hide();
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancel);
    bottom->addWidget(m_countButton);
    bottom->addWidget(m_exportButton);
    bottom->addWidget(m_consoleButton);
    layout->addLayout(bottom);

    connect(m_tableBox, &TablePicker::tableChosen, this,
            [this](const QString &schema, const QString &name) { openTable(schema, name); });
    connect(m_partitionBox, &PartitionPicker::relationChosen, this,
            [this](const QString &schema, const QString &name) { openTable(schema, name); });
    connect(m_filterBar, &FilterBar::filterAdded, this, &DataView::addFilter);
    connect(m_filterBar, &FilterBar::clearRequested, this, &DataView::removeFilters);
    connect(m_grid->horizontalHeader(), &QHeaderView::sectionClicked, this, [this](int section) {
        const BrowseSpec &current = spec();
        if (section >= current.table.columns.size())
            return;
        const QString column = current.table.columns[section].name;
        // Ascending, then descending, then back to the key's order.
        if (!current.sort || current.sort->column != column)
            setSort(column, false);
        else if (!current.sort->descending)
            setSort(column, true);
        else
            setSort(QString(), false);
    });
    connect(m_grid, &DataGrid::currentCellChanged, this, [this](qint64 row, int column) {
        if (row >= 0)
            showCell(row, column);
    });
    connect(m_grid, &DataGrid::copyRequested, this, [this] { copySelection(CopyFormat::Tsv); });
    connect(m_grid, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        openReferencedRow(m_model->absoluteRow(index.row()), index.column());
    });
    connect(m_grid, &QWidget::customContextMenuRequested, this, &DataView::showContextMenu);
    connect(m_model, &DataTableModel::rowCountChanged, this, &DataView::updateStatus);
    connect(m_model, &DataTableModel::fetchingChanged, this, &DataView::updateStatus);
    connect(m_model, &DataTableModel::blockLoaded, this, [this] {
        if (!m_problem.isEmpty()) { // reading works again
            m_problem.clear();
            updateStatus();
        }
        // The current cell's row may just have arrived.
        if (m_detail->currentWidget() == m_text && m_text->toPlainText().isEmpty()
            && m_grid->currentRow() >= 0)
            showCell(m_grid->currentRow(), m_grid->currentColumn());
    });
    connect(m_model, &DataTableModel::fetchFailed, this, [this](const Error &error) {
        m_problem = tr("Reading rows failed: %1").arg(error.message);
        updateStatus();
    });
    connect(m_countButton, &QPushButton::clicked, this, &DataView::countRows);
    connect(m_consoleButton, &QPushButton::clicked, this, &DataView::openInConsole);
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export rows"), spec().table.name + QStringLiteral(".csv"),
            tr("CSV (*.csv);;JSON (*.json)"));
        if (!path.isEmpty())
            exportTo(path,
                     path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                         ? ExportFormat::Json
                         : ExportFormat::Csv);
    });
    connect(m_cancel, &QPushButton::clicked, this, &DataView::cancelRunning);
    connect(m_json, &JsonViewer::filterRequested, this,
            [this](const QString &column, const QString &containment) {
                addFilter(Filter { column, FilterOp::JsonContains, containment, {} });
            });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, &DataView::cancelRunning);
}

} // namespace bridgescope
