#include "console/ResultsPane.h"

#include "SavedFile.h"
#include "console/QueryResultRows.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/JsonViewer.h"
#include "data/RowCopy.h"
#include "plan/PlanPane.h"

#include <QAction>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSplitter>
#include <QTime>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

QString duration(qint64 ms)
{
    return ms < 1000 ? QStringLiteral("%1 ms").arg(ms)
                     : QStringLiteral("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
}

} // namespace

// One result tab: the grid, and a line that counts its rows.
class ResultPage : public QWidget
{
public:
    ResultPage(QueryResultRows *rows, QWidget *parent)
        : QWidget(parent)
        , rows(rows)
    {
        rows->setParent(this);
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        grid = new DataGrid(this);
        model = new DataTableModel(this);
        model->setSource(rows);
        grid->setModel(model);
        status = new QLabel(this);
        status->setObjectName(QStringLiteral("resultStatus"));
        // Copy as the Data tab copies (Ctrl+C: TSV; the menu: CSV, JSON), and Export.
        grid->setContextMenuPolicy(Qt::ActionsContextMenu);
        for (const CopyFormat format :
             { CopyFormat::Tsv, CopyFormat::TsvWithHeader, CopyFormat::Csv, CopyFormat::Json }) {
            auto *action
                = new QAction(QObject::tr("Copy as %1").arg(copyFormatLabel(format)), grid);
            QObject::connect(action, &QAction::triggered, grid, [this, format] { copy(format); });
            grid->addAction(action);
        }
        auto *exportAction = new QAction(QObject::tr("Export as CSV\u2026"), grid);
        exportAction->setObjectName(QStringLiteral("exportResult"));
        QObject::connect(exportAction, &QAction::triggered, grid, [this] {
            const QString path = QFileDialog::getSaveFileName(
                grid, QObject::tr("Export the result"), QStringLiteral("result.csv"),
                QObject::tr("CSV (*.csv)"));
            if (!path.isEmpty())
                status->setText(exportTo(path));
        });
        grid->addAction(exportAction);
        QObject::connect(grid, &DataGrid::copyRequested, grid, [this] { copy(CopyFormat::Tsv); });
        // A json or jsonb cell opens in the JSONB viewer beside the grid, as in the Data tab.
        auto *splitter = new QSplitter(Qt::Horizontal, this);
        splitter->addWidget(grid);
        json = new JsonViewer(splitter);
        json->setObjectName(QStringLiteral("resultJson"));
        json->setFilterOffered(false); // a statement's result has no filter of ours
        json->hide();
        splitter->setStretchFactor(0, 3);
        splitter->setStretchFactor(1, 2);
        QObject::connect(grid, &DataGrid::currentCellChanged, json, [this](qint64 row, int column) {
            const BrowseColumn info = this->rows->table().columns.value(column);
            const SqlText value = this->rows->rawValue(row, column);
            const bool isJson = info.kind == ColumnKind::Json || info.kind == ColumnKind::Jsonb;
            json->setVisible(isJson && value.has_value());
            if (isJson && value)
                json->setDocument(info.name, *value);
        });
        layout->addWidget(splitter, 1);
        layout->addWidget(status);
        // A header click sorts what the result holds: ascending, descending, then as it came.
        grid->showSortArrow(-1, false);
        QObject::connect(grid->horizontalHeader(), &QHeaderView::sectionClicked, status,
                         [this](int section) { sortOn(section); });
        QObject::connect(rows, &QueryResultRows::orderChanged, status, [this] {
            model->resetWith([] {});
            showOrder();
            showCount();
        });
        // Fitted to the first rows as they come, and again to the last once all are in.
        QObject::connect(rows, &RowSource::rowCountChanged, status, [this](qint64, bool exact) {
            if ((!fitted && this->rows->totalRows() > 0) || exact) {
                fitted = true;
                grid->fitColumns();
            }
            showCount();
        });
        showCount();
    }

    void sortOn(int section)
    {
        int column = section;
        bool descending = false;
        if (rows->sortColumn() == section && !rows->isSortDescending())
            descending = true;
        else if (rows->sortColumn() == section)
            column = -1;
        const std::optional<QString> problem = rows->sortBy(column, descending);
        showOrder(); // the header shows the order the rows have until a new one lands
        if (problem)
            status->setText(*problem);
        else if (rows->isSorting())
            status->setText(
                QObject::tr("Sorting %1 rows…").arg(QLocale().toString(rows->totalRows())));
    }

    void showOrder() { grid->showSortArrow(rows->sortColumn(), rows->isSortDescending()); }

    void showCount()
    {
        const QString count = QLocale().toString(rows->totalRows());
        status->setText(rows->isCountExact()
                            ? (rows->totalRows() == 1 ? QObject::tr("1 row")
                                                      : QObject::tr("%1 rows").arg(count))
                            : QObject::tr("%1 rows so far, more arriving…").arg(count));
        if (rows->sortColumn() >= 0)
            status->setText(QObject::tr("%1 · sorted by %2 %3 here (not by the server)")
                                .arg(status->text(),
                                     rows->table().columns.value(rows->sortColumn()).name,
                                     rows->isSortDescending() ? QStringLiteral("\u2193")
                                                              : QStringLiteral("\u2191")));
    }

    // The selection's first rectangle, whole values, on the clipboard (as the Data tab copies).
    void copy(CopyFormat format)
    {
        const QList<CellRange> ranges = grid->selectedRanges();
        if (ranges.isEmpty())
            return;
        const CellRange range = ranges.first();
        constexpr qint64 kMostRows = 100'000;
        if (range.bottom - range.top + 1 > kMostRows) {
            status->setText(QObject::tr("Copy takes at most %1 rows: select fewer, or export the "
                                        "result.")
                                .arg(QLocale().toString(kMostRows)));
            return;
        }
        CopiedCells cells;
        for (int column = range.left; column <= range.right; ++column)
            cells.columns << rows->table().columns.value(column);
        for (qint64 row = range.top; row <= range.bottom; ++row) {
            QList<SqlText> values;
            for (int column = range.left; column <= range.right; ++column)
                values << rows->rawValue(row, column);
            cells.rows << values;
        }
        QGuiApplication::clipboard()->setText(formatCopy(format, cells));
    }

    QString exportTo(const QString &path)
    {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return cannotWrite(path, file.errorString()).message;
        if (Status written = rows->writeCsv(file); !written)
            return written.error().kind == Error::Kind::Usage
                ? written.error().message
                : cannotWrite(path, written.error().message).message;
        if (std::optional<QString> problem = flushFully(file))
            return cannotWrite(path, *problem).message;
        if (!file.commit())
            return cannotWrite(path, file.errorString()).message;
        return QObject::tr("Wrote %1 rows to %2.").arg(QLocale().toString(rows->totalRows()), path);
    }

    QueryResultRows *rows;
    DataGrid *grid = nullptr;
    JsonViewer *json = nullptr;
    DataTableModel *model = nullptr;
    QLabel *status = nullptr;
    bool fitted = false; // to the first rows, once
};

ResultsPane::ResultsPane(QWidget *parent)
    : QTabWidget(parent)
{
    setDocumentMode(true);
    m_messages = new QPlainTextEdit(this);
    m_messages->setObjectName(QStringLiteral("consoleMessages"));
    m_messages->setReadOnly(true);
    m_messages->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_messages->setMaximumBlockCount(5000);
    addTab(m_messages, tr("Messages"));
}

void ResultsPane::clearResults()
{
    for (int index = count() - 1; index >= 1; --index) {
        QWidget *page = widget(index);
        if (page == m_plan)
            continue; // an Explain's plan stays until the next
        removeTab(index);
        page->deleteLater();
    }
}

void ResultsPane::showPlan(const Plan &plan, const QString &note)
{
    if (!m_plan) {
        m_plan = new PlanPane(this);
        m_plan->setObjectName(QStringLiteral("consolePlan"));
        insertTab(1, m_plan, tr("Plan"));
        connect(m_plan, &PlanPane::openTableRequested, this, &ResultsPane::openTableRequested);
    }
    m_plan->showPlan(plan, note);
    setCurrentWidget(m_plan);
}

PlanPane *ResultsPane::planPane() const
{
    return m_plan;
}

ResultPage *ResultsPane::page(int index) const
{
    int seen = 0;
    for (int tab = 1; tab < count(); ++tab)
        if (auto *result = dynamic_cast<ResultPage *>(widget(tab)); result && seen++ == index)
            return result;
    return nullptr;
}

int ResultsPane::resultCount() const
{
    int results = 0;
    for (int tab = 1; tab < count(); ++tab)
        results += dynamic_cast<ResultPage *>(widget(tab)) != nullptr;
    return results;
}

void ResultsPane::addResult(int line, QueryResultRows *rows)
{
    auto *page = new ResultPage(rows, this);
    const int index = addTab(page, tr("Result %1").arg(resultCount() + 1));
    setTabToolTip(index, tr("The statement on line %1").arg(line));
    if (resultCount() == 1)
        setCurrentIndex(index); // the first result of a run comes to the front
}

void ResultsPane::addMessage(const QString &text)
{
    m_messages->appendPlainText(text);
}

void ResultsPane::addNotice(const ServerMessage &message)
{
    addMessage(QStringLiteral("%1:  %2").arg(message.severity, message.text));
}

void ResultsPane::addProblem(const QString &sentence)
{
    addMessage(tr("%1 · %2").arg(QTime::currentTime().toString(), sentence));
    setCurrentWidget(m_messages);
}

void ResultsPane::addOutcome(const QString &script, const StatementOutcome &outcome)
{
    const QString where = tr("line %1").arg(outcome.statement.line);
    if (outcome.error) {
        QString text
            = tr("%1 · ERROR: %2")
                  .arg(QTime::currentTime().toString(), describeStatementError(script, outcome));
        if (!outcome.errorDetail.isEmpty())
            text += tr("\nDETAIL: %1").arg(outcome.errorDetail);
        if (!outcome.errorHint.isEmpty())
            text += tr("\nHINT: %1").arg(outcome.errorHint);
        addMessage(text);
        setCurrentWidget(m_messages);
        return;
    }
    QStringList parts { QTime::currentTime().toString(), where, outcome.command };
    if (outcome.returnsRows)
        parts << (outcome.rows == 1 ? tr("1 row")
                                    : tr("%1 rows").arg(QLocale().toString(outcome.rows)));
    else if (outcome.rowsAffected >= 0)
        parts << (outcome.rowsAffected == 1
                      ? tr("1 row affected")
                      : tr("%1 rows affected").arg(QLocale().toString(outcome.rowsAffected)));
    parts << duration(outcome.elapsedMs);
    addMessage(parts.join(QStringLiteral(" · ")));
}

QString ResultsPane::exportResult(int index, const QString &path)
{
    ResultPage *result = page(index);
    return result ? result->exportTo(path) : QString();
}

void ResultsPane::copyResult(int index, CopyFormat format)
{
    if (ResultPage *result = page(index))
        result->copy(format);
}

DataGrid *ResultsPane::resultGrid(int index) const
{
    ResultPage *result = page(index);
    return result ? result->grid : nullptr;
}

JsonViewer *ResultsPane::resultJson(int index) const
{
    ResultPage *result = page(index);
    return result ? result->json : nullptr;
}

QueryResultRows *ResultsPane::resultRows(int index) const
{
    ResultPage *result = page(index);
    return result ? result->rows : nullptr;
}

QString ResultsPane::messagesText() const
{
    return m_messages->toPlainText();
}

} // namespace bridgescope
