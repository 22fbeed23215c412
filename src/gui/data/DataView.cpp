#include "data/DataView.h"

#include "Counted.h"
#include "ProgressRelay.h"
#include "catalog/CatalogReader.h"
#include "connection/DbWorker.h"
#include "data/CellFormat.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/FilterBar.h"
#include "data/JsonViewer.h"
#include "data/PartitionPicker.h"
#include "data/TablePicker.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bridgescope {

DataView::DataView(QWidget *parent)
    : QWidget(parent)
{
    m_rows = new RowCache(this);
    m_model = new DataTableModel(this);
    m_model->setSource(m_rows);
    buildControls();
    clearConnection();
}

DataView::~DataView()
{
    const QList<QWidget *> controls = findChildren<QWidget *>();
    for (QWidget *control : controls)
        control->disconnect(this);
    m_model->disconnect(this);
    m_rows->setWorker(nullptr);
    for (DbWorker *worker : { m_worker, m_countWorker })
        if (worker)
            worker->retire();
}

void DataView::setConnection(const ConnectionProfile &profile)
{
    clearConnection();
    m_profile = profile;
    if (isVisible())
        activate();
}

void DataView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_profile && !m_worker)
        activate();
}

void DataView::activate()
{
    m_worker = new DbWorker(*m_profile, SessionOptions {}, QStringLiteral("data"), this);
    SessionOptions unlimited;
    unlimited.statementTimeoutMs = 0; // a count or export of 10M rows takes as long as it takes
    m_countWorker = new DbWorker(*m_profile, unlimited, QStringLiteral("data-count"), this);
    m_rows->setWorker(m_worker);
    loadTableList();
    if (m_pendingOpen) {
        const auto [schema, table] = *m_pendingOpen;
        m_pendingOpen.reset();
        openTable(schema, table, m_pendingFilters);
    }
}

void DataView::clearConnection()
{
    ++m_generation;
    ++m_connectionGeneration;
    m_profile.reset();
    m_rows->setWorker(nullptr);
    for (DbWorker **worker : { &m_worker, &m_countWorker })
        if (*worker) {
            (*worker)->retire();
            *worker = nullptr;
        }
    m_model->resetWith([this] { m_rows->reset(BrowseSpec {}, Block { {}, true }, 0, true); });
    m_back.clear(); // another database's places mean nothing here
    m_returning.reset();
    m_backButton->setEnabled(false);
    m_tableBox->clearTables();
    m_partitionBox->showTable(BrowseTable {});
    m_json->clear();
    m_text->clear();
    m_detailTitle->clear();
    m_busyWhat.clear();
    m_problem.clear();
    m_counting = m_exporting = false;
    m_progress->hide();
    m_cancel->hide();
    m_filterError->hide();
    m_filtersLabel->hide();
    m_filterBar->setClearEnabled(false);
    updateFilterControls();
    m_status->setText(tr("Not connected. Connect to a database (File \u25b8 Connect) to browse its "
                         "tables."));
}

void DataView::loadTableList()
{
    const quint64 generation = m_connectionGeneration;
    m_worker->run<SchemaSnapshot>(
        [](Session &session) { return readSchema(session); }, this,
        [this, generation](Result<SchemaSnapshot> snapshot) {
            if (generation != m_connectionGeneration)
                return;
            if (!snapshot) {
                m_status->setText(
                    tr("Could not list the tables: %1").arg(snapshot.error().message));
                return;
            }
            QList<RelationName> tables;
            for (const TableInfo &table : snapshot->tables)
                tables << RelationName { table.schema, table.name };
            m_tableBox->setTables(tables);
            if (m_tableBox->currentIndex() < 0 && spec().table.name.isEmpty())
                m_status->setText(tr("Pick a table to browse, or double-click one in the Schema "
                                     "tab."));
        });
}

const BrowseSpec &DataView::spec() const
{
    return m_rows->spec();
}

void DataView::openTable(const QString &schema, const QString &table, const QList<Filter> &filters)
{
    if (!m_worker) {
        m_pendingOpen = qMakePair(schema, table); // opened once the tab is shown
        m_pendingFilters = filters;
        return;
    }
    BrowseSpec next;
    next.table.schema = schema;
    next.table.name = table;
    next.filters = filters;
    applySpec(next, true);
}

void DataView::reloadTable()
{
    if (!spec().table.name.isEmpty() && m_worker)
        applySpec(spec(), true);
}

void DataView::setSort(const QString &column, bool descending)
{
    BrowseSpec next = spec();
    if (column.isEmpty())
        next.sort.reset();
    else
        next.sort = SortOrder { column, descending };
    applySpec(next);
}

void DataView::addFilter(const Filter &filter)
{
    BrowseSpec next = spec();
    next.filters << filter;
    applySpec(next);
}

void DataView::removeFilters()
{
    BrowseSpec next = spec();
    next.filters.clear();
    applySpec(next);
}

void DataView::applySpec(const BrowseSpec &requested, bool reloadColumns)
{
    if (!m_worker)
        return;
    const quint64 generation = ++m_generation;
    // No cancel of what runs now: a cancel is asynchronous and could land on this new job.
    setBusy(reloadColumns ? tr("Opening %1\u2026").arg(requested.table.name)
                          : tr("Reading the first rows\u2026"));
    m_worker->run<ViewStart>(
        [requested, reloadColumns](Session &session) -> Result<ViewStart> {
            ViewStart start { requested, {}, 0, {} };
            if (reloadColumns) {
                Result<BrowseTable> table
                    = loadBrowseTable(session, requested.table.schema, requested.table.name);
                if (!table)
                    return std::unexpected(table.error());
                start.spec.table = *table;
                // A sort or filter on a column that went away is dropped, not an error.
                if (start.spec.sort && start.spec.table.columnIndex(start.spec.sort->column) < 0)
                    start.spec.sort.reset();
            }
            Result<Block> first = fetchBlock(session, start.spec, {}, DataTableModel::kBlockSize);
            if (!first)
                return std::unexpected(first.error());
            start.first = std::move(*first);
            // The count and plan are for the status line: their failure is no reason to refuse.
            start.estimate = estimateRowCount(session, start.spec).value_or(-1);
            start.plan = planFilters(session, start.spec).value_or(FilterPlan {});
            start.jumps = readJumpMap(session, start.spec).value_or(JumpMap {});
            return start;
        },
        this,
        [this, generation, requested](Result<ViewStart> start) {
            if (generation != m_generation)
                return;
            setBusy(QString());
            if (!start) {
                const QString message = start.error().kind == Error::Kind::Cancelled
                    ? tr("Stopped: the grid shows what it showed before.")
                    : start.error().message;
                m_filterError->setText(message);
                m_filterError->show();
                updateStatus();
                emit viewRefused(message);
                return;
            }
            showViewStart(std::move(*start));
        });
}

void DataView::showViewStart(ViewStart start)
{
    const bool newTable = start.spec.table.schema != spec().table.schema
        || start.spec.table.name != spec().table.name
        || start.spec.table.columns.size() != spec().table.columns.size();
    m_plan = start.plan;
    m_problem.clear();
    m_filterError->hide();
    const qint64 estimate = start.estimate;
    m_model->resetWith([&] {
        m_rows->reset(start.spec, std::move(start.first), qMax<qint64>(estimate, 0), false);
        m_rows->setJumpMap(std::move(start.jumps));
    });
    if (newTable) {
        m_grid->fitColumns();
        m_grid->horizontalScrollBar()->setValue(0); // a table opens on its first columns
        m_filterBar->setColumns(spec().table.columns);
        updateFilterControls();
        // A partition is not in the table list: its partitioned table stays chosen there.
        const RelationName listed = spec().table.partitionOf.name.isEmpty()
            ? RelationName { spec().table.schema, spec().table.name }
            : spec().table.partitionOf;
        m_tableBox->showTable(listed.schema, listed.name);
        m_partitionBox->showTable(spec().table);
        m_json->clear();
        m_text->clear();
        m_detailTitle->clear();
        m_detail->setCurrentWidget(m_text);
    }
    const int sortSection = spec().sort ? spec().table.columnIndex(spec().sort->column) : -1;
    m_grid->showSortArrow(sortSection, spec().sort && spec().sort->descending);
    QStringList described;
    for (const Filter &filter : spec().filters)
        described << filter.describe();
    m_filtersLabel->setText(described.isEmpty()
                                ? QString()
                                : tr("Showing rows where %1").arg(described.join(tr(" and "))));
    m_filtersLabel->setVisible(!described.isEmpty());
    m_filterBar->setClearEnabled(!described.isEmpty());
    m_grid->scrollToTop();
    if (m_returning) {
        // Back: the row and column the key was followed from, scrolled as they were.
        const BrowsePlace place = *m_returning;
        m_returning.reset();
        if (place.row >= 0 && place.row < m_model->totalRows())
            m_grid->setCurrentCell(place.row, place.column);
        m_grid->horizontalScrollBar()->setValue(place.horizontalScroll);
    }
    updateStatus();
    emit tableShown();
}

void DataView::updateFilterControls()
{
    const bool usable = m_worker && !spec().table.columns.isEmpty();
    m_filterBar->setUsable(usable);
    m_countButton->setEnabled(usable);
    m_exportButton->setEnabled(usable);
    m_consoleButton->setEnabled(usable);
}

void DataView::setBusy(const QString &what)
{
    m_busyWhat = what;
    updateStatus();
}

bool DataView::isBusy() const
{
    return !m_busyWhat.isEmpty() || m_counting || m_exporting || m_copying || m_model->isFetching();
}

void DataView::updateStatus()
{
    m_cancel->setVisible(isBusy());
    if (!m_busyWhat.isEmpty()) {
        m_status->setText(m_busyWhat);
        return;
    }
    if (spec().table.name.isEmpty())
        return;
    QStringList parts;
    // What went wrong last stays in view until reading works again, whatever else changes.
    if (!m_problem.isEmpty())
        parts << m_problem;
    if (!spec().table.partitionOf.name.isEmpty())
        parts << tr("partition %1 of %2")
                     .arg(spec().table.name, spec().table.partitionOf.qualifiedName());
    const qint64 rows = m_model->totalRows();
    parts << (m_model->isCountExact()
                  ? counted(rows, tr("row"), tr("rows"))
                  : tr("\u2248 %1 (planner's estimate)").arg(counted(rows, tr("row"), tr("rows"))));
    if (spec().sort)
        parts << tr("sorted by %1 %2")
                     .arg(spec().sort->column,
                          spec().sort->descending ? QStringLiteral("\u2193")
                                                  : QStringLiteral("\u2191"));
    if (const QStringList &hidden = spec().table.unreadableColumns; !hidden.isEmpty())
        parts << tr("%1 left out: the role may not read %2")
                     .arg(counted(hidden.size(), tr("column"), tr("columns")),
                          hidden.size() <= 4 ? hidden.join(QStringLiteral(", "))
                                             : tr("%1 and %2 more")
                                                   .arg(hidden.first(3).join(QStringLiteral(", ")))
                                                   .arg(hidden.size() - 3));
    parts << spec().table.pagingDescription();
    if (m_rows->misledJumps() > 0)
        parts << tr("the table's statistics are out of date (ANALYZE mends them): a jump into "
                    "the middle reads by OFFSET");
    if (!spec().filters.isEmpty())
        parts << m_plan.describe();
    if (m_model->isFetching())
        parts << tr("reading\u2026");
    if (m_counting)
        parts << tr("counting\u2026");
    m_status->setText(parts.join(QStringLiteral(" \u00b7 ")));
    m_status->setToolTip(m_status->text());
}

QString DataView::statusText() const
{
    return m_status->text();
}

QString DataView::filterError() const
{
    return m_filterError->isVisible() ? m_filterError->text() : QString();
}

QString DataView::detailText() const
{
    return m_text->toPlainText();
}

void DataView::countRows()
{
    if (!m_countWorker || m_counting)
        return;
    m_counting = true;
    updateStatus();
    const quint64 generation = m_generation;
    m_countWorker->run<qint64>(
        [current = spec()](Session &session) { return exactRowCount(session, current); }, this,
        [this, generation](Result<qint64> rows) {
            m_counting = false;
            if (generation == m_generation && rows) {
                m_problem.clear();
                m_rows->setExactRowCount(*rows);
                emit rowsCounted(*rows);
            } else if (!rows) {
                m_problem = rows.error().kind == Error::Kind::Cancelled
                    ? tr("Counting was cancelled.")
                    : tr("Counting failed: %1").arg(rows.error().message);
            }
            updateStatus();
        });
}

void DataView::exportTo(const QString &path, ExportFormat format)
{
    if (!m_countWorker || m_exporting)
        return;
    m_exporting = true;
    m_progress->setRange(0,
                         int(qMin<qint64>(m_model->totalRows(), std::numeric_limits<int>::max())));
    m_progress->setValue(0);
    m_progress->show();
    updateStatus();
    const std::shared_ptr<ProgressRelay> relay = makeProgressRelay();
    connect(relay.get(), &ProgressRelay::progressed, m_progress, [this](qint64 rows) {
        m_progress->setValue(int(qMin<qint64>(rows, m_progress->maximum())));
    });
    m_countWorker->run<qint64>(
        [current = spec(), path, format, relay](Session &session) {
            return exportToFile(session, current, format, path,
                                [relay](qint64 rows) { emit relay->progressed(rows, 0, {}); });
        },
        this,
        [this, path](Result<qint64> rows) {
            m_exporting = false;
            m_progress->hide();
            const QString message = rows
                ? tr("Exported %1 to %2.").arg(counted(*rows, tr("row"), tr("rows")), path)
                : rows.error().message;
            updateStatus();
            m_status->setText(message);
            emit exportFinished(bool(rows), message);
        });
}

void DataView::cancelRunning()
{
    for (DbWorker *worker : { m_worker, m_countWorker })
        if (worker)
            worker->cancelRunning();
}

void DataView::showCell(qint64 row, int column)
{
    if (column < 0 || column >= spec().table.columns.size())
        return;
    const BrowseColumn info = spec().table.columns[column];
    const quint64 request = ++m_detailRequest;
    m_detailTitle->setText(tr("Row %L1 \u00b7 %2").arg(row + 1).arg(info.name));
    const std::optional<RowKey> key = m_rows->rowKey(row);
    if (!key) {
        m_text->clear(); // filled when the row arrives (blockLoaded)
        m_detail->setCurrentWidget(m_text);
        return;
    }
    const SqlText raw = m_model->rawValue(row, column);
    const bool json = info.kind == ColumnKind::Json || info.kind == ColumnKind::Jsonb;
    const bool complete = raw && info.kind != ColumnKind::Bytea && raw->size() <= kPreviewChars;
    auto show = [this, info, json](const std::optional<QString> &value) {
        if (!value) {
            m_detail->setCurrentWidget(m_text);
            m_text->setPlainText(tr("NULL (no value)"));
        } else if (json) {
            m_detail->setCurrentWidget(m_json);
            m_json->setDocument(info.name, value->toUtf8());
        } else {
            m_detail->setCurrentWidget(m_text);
            m_text->setPlainText(value->isEmpty() ? tr("(an empty string, not NULL)") : *value);
        }
        emit detailShown();
    };
    if (!raw || complete || spec().table.key.isEmpty()) {
        show(raw ? std::optional<QString>(QString::fromUtf8(*raw)) : std::nullopt);
        return;
    }
    m_text->setPlainText(tr("Reading the whole value\u2026"));
    m_detail->setCurrentWidget(m_text);
    const quint64 generation = m_generation;
    m_worker->run<std::optional<QString>>(
        [current = spec(), key = *key, name = info.name](Session &session) {
            return readFullValue(session, current, key, name, 64 << 20);
        },
        this,
        [this, generation, request, show](Result<std::optional<QString>> value) {
            // Another table, or another cell since: this value is not the one on show.
            if (generation != m_generation || request != m_detailRequest)
                return;
            if (!value) {
                m_text->setPlainText(value.error().message);
                return;
            }
            show(*value);
        });
}

QList<Filter> DataView::keyFilters(qint64 row, const QStringList &fromColumns,
                                   const QStringList &toColumns) const
{
    QList<Filter> filters;
    for (int at = 0; at < fromColumns.size() && at < toColumns.size(); ++at) {
        const SqlText value = m_model->rawValue(row, spec().table.columnIndex(fromColumns[at]));
        if (!value)
            return {};
        filters << Filter { toColumns[at], FilterOp::Equal, QString::fromUtf8(*value), {} };
    }
    return filters;
}

void DataView::openReferencedRow(qint64 row, int column)
{
    const QString name = spec().table.columns.value(column).name;
    for (const ForeignKeyInfo &key : spec().table.references) {
        if (!key.fromColumns.contains(name))
            continue;
        followKey(row, key, true);
        return;
    }
}

void DataView::followKey(qint64 row, const ForeignKeyInfo &key, bool toReferenced)
{
    // The referenced row: its key columns equal this row's foreign-key values; the referencing
    // rows: their foreign-key columns equal this row's referenced values.
    const QList<Filter> filters = toReferenced ? keyFilters(row, key.fromColumns, key.toColumns)
                                               : keyFilters(row, key.toColumns, key.fromColumns);
    if (filters.isEmpty())
        return;
    m_back.push(BrowsePlace { spec(), row, qMax(0, m_grid->currentColumn()),
                              m_grid->horizontalScrollBar()->value() });
    m_backButton->setEnabled(true);
    m_backButton->setToolTip(tr("Back to %1 (Alt+Left)").arg(spec().table.name));
    if (toReferenced)
        openTable(key.toSchema, key.toTable, filters);
    else
        openTable(key.fromSchema, key.fromTable, filters);
}

void DataView::goBack()
{
    if (m_back.isEmpty() || !m_worker)
        return;
    const BrowsePlace place = m_back.takeLast();
    m_returning = place;
    m_backButton->setEnabled(!m_back.isEmpty());
    m_backButton->setToolTip(m_back.isEmpty()
                                 ? tr("Back along a followed key (Alt+Left)")
                                 : tr("Back to %1 (Alt+Left)").arg(m_back.last().spec.table.name));
    applySpec(place.spec, true);
}

void DataView::openReferencingRows(qint64 row, const ForeignKeyInfo &key)
{
    followKey(row, key, false);
}

void DataView::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_grid->indexAt(position);
    if (!index.isValid())
        return;
    const qint64 row = m_model->absoluteRow(index.row());
    QMenu menu(this);
    QAction *copyValues = menu.addAction(tr("Copy"));
    copyValues->setShortcut(QKeySequence::Copy);
    connect(copyValues, &QAction::triggered, this, [this] { copySelection(CopyFormat::Tsv); });
    QMenu *copyAs = menu.addMenu(tr("Copy as"));
    for (CopyFormat format : { CopyFormat::Tsv, CopyFormat::TsvWithHeader, CopyFormat::Csv,
                               CopyFormat::Json, CopyFormat::Insert })
        connect(copyAs->addAction(copyFormatLabel(format)), &QAction::triggered, this,
                [this, format] { copySelection(format); });
    if (!m_model->isRowLoaded(row)) {
        menu.exec(m_grid->viewport()->mapToGlobal(position));
        return;
    }
    menu.addSeparator();
    for (const ForeignKeyInfo &key : spec().table.references) {
        QAction *action
            = menu.addAction(tr("Open the %1 row this references (%2)")
                                 .arg(key.toTable, key.fromColumns.join(QStringLiteral(", "))));
        connect(action, &QAction::triggered, this, [this, row, key] { followKey(row, key, true); });
        action->setEnabled(!keyFilters(row, key.fromColumns, key.toColumns).isEmpty());
    }
    if (!spec().table.referencedBy.isEmpty())
        menu.addSection(tr("Rows that reference this one"));
    for (const ForeignKeyInfo &key : spec().table.referencedBy) {
        QAction *action = menu.addAction(
            tr("%1 of this %2 (%3)")
                .arg(key.fromTable, spec().table.name, key.fromColumns.join(QStringLiteral(", "))));
        connect(action, &QAction::triggered, this,
                [this, row, key] { openReferencingRows(row, key); });
    }
    menu.exec(m_grid->viewport()->mapToGlobal(position));
}

void DataView::openInConsole()
{
    Result<QString> sql = browseSqlText(spec());
    if (!sql) {
        m_filterError->setText(sql.error().message);
        m_filterError->show();
        return;
    }
    if (router())
        router()->open(ViewTarget::sqlText(*sql));
}

void DataView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile);
}

bool DataView::canOpen(const ViewTarget &target) const
{
    return target.kind == ViewTarget::Kind::TableRows;
}

void DataView::open(const ViewTarget &target)
{
    openTable(target.schema, target.table, target.filters);
}

void DataView::databaseChanged(DatabaseChange change)
{
    Q_UNUSED(change); // the columns may have changed, or the rows
    reloadTable();
}

} // namespace bridgescope
