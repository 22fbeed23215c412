#include "plan/PlanPane.h"

#include "data/JsonViewer.h"
#include "plan/PlanComparison.h"
#include "plan/PlanDiagram.h"
#include "plan/PlanFigures.h"
#include "plan/PlanNodesModel.h"
#include "plan/PlanReport.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace bridgescope {

PlanPane::PlanPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Bars show"), this));
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("planMetric"));
    m_metric->addItems({ tr("Own time"), tr("Rows"), tr("Own cost") });
    bar->addWidget(m_metric);
    bar->addStretch();
    auto *open = new QPushButton(tr("Open plan…"), this);
    auto *paste = new QPushButton(tr("Paste plan"), this);
    paste->setObjectName(QStringLiteral("planPaste"));
    paste->setToolTip(tr("A plan from the clipboard: EXPLAIN's JSON or text, as psql prints it"));
    auto *compare = new QToolButton(this);
    compare->setText(tr("Compare with…"));
    compare->setPopupMode(QToolButton::InstantPopup);
    auto *compareMenu = new QMenu(compare);
    compareMenu->addAction(tr("A plan file…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("The plan to compare with"));
        QFile file(path);
        if (!path.isEmpty() && file.open(QIODevice::ReadOnly))
            compareWith(file.readAll(), path);
    });
    compareMenu->addAction(tr("The plan on the clipboard"), this, [this] {
        compareWith(QApplication::clipboard()->text().toUtf8(), tr("the clipboard"));
    });
    compare->setMenu(compareMenu);
    for (QWidget *button : std::initializer_list<QWidget *> { open, paste, compare })
        bar->addWidget(button);
    layout->addLayout(bar);

    m_findings = new QLabel(this);
    m_findings->setObjectName(QStringLiteral("planFindings"));
    m_findings->setWordWrap(true);
    m_findings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_findings);

    // The tree gets the height; beside it the grid, and under the grid the selected node.
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_diagram = new PlanDiagram(split);
    auto *side = new QSplitter(Qt::Vertical, split);
    m_grid = new QTableView(side);
    m_grid->setObjectName(QStringLiteral("planNodes"));
    m_model = new PlanNodesModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(PlanNodesModel::SortRole);
    m_grid->setModel(m_sorted);
    m_grid->setSortingEnabled(true);
    m_grid->sortByColumn(PlanNodesModel::Id, Qt::AscendingOrder);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->verticalHeader()->hide();
    m_grid->horizontalHeader()->setStretchLastSection(false);
    m_detail = new QWidget(side);
    auto *detailLayout = new QVBoxLayout(m_detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_json = new JsonViewer(m_detail);
    m_json->setFilterOffered(false);
    m_openTable = new QPushButton(tr("Open the table in Data"), m_detail);
    m_openTable->setObjectName(QStringLiteral("planOpenTable"));
    m_openTable->setEnabled(false);
    detailLayout->addWidget(m_json, 1);
    detailLayout->addWidget(m_openTable, 0, Qt::AlignLeft);
    m_detail->hide(); // until a node is selected
    // The grid and the JSON are wide by nature (fourteen columns, long values): they take the
    // room given, never more, so the tree keeps three fifths.
    m_grid->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    m_detail->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    side->setStretchFactor(0, 3);
    side->setStretchFactor(1, 2);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({ 600, 400 });
    side->setSizes({ 600, 400 });
    layout->addWidget(split, 1);

    connect(m_metric, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_diagram->setMetric(PlanMetric(index)); });
    connect(open, &QPushButton::clicked, this, &PlanPane::openFile);
    connect(paste, &QPushButton::clicked, this, [this] {
        showPlanText(QApplication::clipboard()->text().toUtf8(), tr("the clipboard"));
    });
    connect(m_diagram, &PlanDiagram::nodeSelected, this, &PlanPane::selectNode);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    selectNode(current.data(PlanNodesModel::NodeIdRole).toInt());
            });
    connect(m_openTable, &QPushButton::clicked, this, [this] {
        if (m_selected >= 0)
            emit openTableRequested(m_plan.nodes[m_selected].schema,
                                    m_plan.nodes[m_selected].relation);
    });
}

void PlanPane::showPlan(const Plan &plan, const QString &note)
{
    m_plan = plan;
    m_selected = -1;
    m_model->setPlan(plan);
    m_grid->resizeColumnsToContents();
    m_diagram->showPlan(plan);
    m_json->clear();
    m_openTable->setEnabled(false);
    m_detail->hide();
    showFindings(note);
}

bool PlanPane::showPlanText(const QByteArray &text, const QString &origin)
{
    const Result<Plan> plan = readPlan(text);
    if (!plan) {
        m_findings->setText(tr("<b>The plan from %1 could not be read.</b> %2")
                                .arg(origin.toHtmlEscaped(), plan.error().message.toHtmlEscaped()));
        return false;
    }
    showPlan(*plan, tr("From %1.").arg(origin));
    return true;
}

void PlanPane::showFindings(const QString &note)
{
    QStringList parts;
    QStringList times;
    if (m_plan.planningMs)
        times << tr("planning %1 ms").arg(QLocale().toString(*m_plan.planningMs, 'f', 1));
    if (m_plan.executionMs)
        times << tr("execution %1 ms").arg(QLocale().toString(*m_plan.executionMs, 'f', 1));
    if (m_plan.jit)
        times << tr("JIT %1 ms").arg(QLocale().toString(m_plan.jit->totalMs, 'f', 1));
    if (!m_plan.analyzed)
        times << tr("estimates only (Explain Analyze runs it)");
    for (const PlanTrigger &trigger : std::as_const(m_plan.triggers))
        times << tr("trigger %1: %2 ms in %3 calls")
                     .arg(trigger.name, QLocale().toString(trigger.timeMs, 'f', 1))
                     .arg(trigger.calls);
    if (!note.isEmpty())
        parts << note.toHtmlEscaped();
    if (!times.isEmpty())
        parts << times.join(QStringLiteral(" · "));
    QString html = parts.join(QStringLiteral("<br>"));
    if (!m_plan.findings.isEmpty()) {
        html += QStringLiteral("<ul style='margin:2px'>");
        for (const QString &finding : std::as_const(m_plan.findings))
            html += QStringLiteral("<li>%1</li>").arg(finding.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    } else if (m_plan.analyzed) {
        html += tr("<br>Nothing stands out: no node reads far more rows than it returns, no "
                   "large misestimate, nothing spills to disk.");
    }
    m_findings->setText(html);
}

void PlanPane::selectNode(int id)
{
    if (id < 0 || id >= m_plan.nodes.size() || id == m_selected)
        return;
    m_selected = id;
    const PlanNode &node = m_plan.nodes[id];
    m_diagram->selectNode(id);
    for (int row = 0; row < m_sorted->rowCount(); ++row)
        if (m_sorted->index(row, 0).data(PlanNodesModel::NodeIdRole).toInt() == id) {
            m_grid->selectRow(row);
            break;
        }
    m_detail->show();
    m_json->setDocument(planNodeTitle(node),
                        QJsonDocument(node.raw).toJson(QJsonDocument::Compact));
    m_openTable->setEnabled(!node.relation.isEmpty());
    m_openTable->setText(node.relation.isEmpty() ? tr("Open the table in Data")
                                                 : tr("Open %1 in Data").arg(node.relation));
}

void PlanPane::openFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a plan"), {}, tr("Plans (*.json *.txt *.plan);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_findings->setText(
            tr("Cannot read %1: %2.").arg(path.toHtmlEscaped(), file.errorString()));
        return;
    }
    showPlanText(file.readAll(), path);
}

QString PlanPane::comparisonText(const Plan &other) const
{
    QStringList lines;
    for (const PlanNodeChange &change : comparePlans(m_plan, other))
        lines << QStringLiteral("%1%2\t%3\t%4\t%5\t%6")
                     .arg(QString(change.depth * 2, QLatin1Char(' ')), change.title)
                     .arg(change.before >= 0 ? QString::number(change.beforeMs, 'f', 3)
                                             : QStringLiteral("—"))
                     .arg(change.after >= 0 ? QString::number(change.afterMs, 'f', 3)
                                            : QStringLiteral("—"))
                     .arg(change.before >= 0 ? QString::number(change.beforeRows, 'f', 0)
                                             : QStringLiteral("—"))
                     .arg(change.after >= 0 ? QString::number(change.afterRows, 'f', 0)
                                            : QStringLiteral("—"));
    return lines.join(QLatin1Char('\n'));
}

void PlanPane::compareWith(const QByteArray &text, const QString &origin)
{
    const Result<Plan> other = readPlan(text);
    if (!other) {
        m_findings->setText(
            tr("<b>The plan from %1 could not be read.</b> %2")
                .arg(origin.toHtmlEscaped(), other.error().message.toHtmlEscaped()));
        return;
    }
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("This plan against %1").arg(origin));
    auto *layout = new QVBoxLayout(dialog);
    const QList<PlanNodeChange> changes = comparePlans(m_plan, *other);
    auto *table = new QTableWidget(int(changes.size()), 6, dialog);
    table->setObjectName(QStringLiteral("planComparison"));
    table->setHorizontalHeaderLabels({ tr("Node"), tr("Own ms, this"), tr("Own ms, other"),
                                       tr("Change"), tr("Rows, this"), tr("Rows, other") });
    const QLocale locale;
    for (int row = 0; row < changes.size(); ++row) {
        const PlanNodeChange &change = changes[row];
        auto cell = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(row, column, item);
            return item;
        };
        cell(0,
             QString(change.depth * 2, QLatin1Char(' ')) + change.title
                 + (change.before < 0      ? tr("  (only in the other)")
                        : change.after < 0 ? tr("  (only in this)")
                                           : QString()));
        cell(1, change.before >= 0 ? locale.toString(change.beforeMs, 'f', 3) : QString());
        cell(2, change.after >= 0 ? locale.toString(change.afterMs, 'f', 3) : QString());
        if (change.before >= 0 && change.after >= 0) {
            const double delta = change.afterMs - change.beforeMs;
            QTableWidgetItem *item = cell(
                3, (delta > 0 ? QStringLiteral("+") : QString()) + locale.toString(delta, 'f', 3));
            if (std::abs(delta) >= 1)
                item->setForeground(delta > 0 ? QColor(0xc6, 0x28, 0x28)
                                              : QColor(0x2e, 0x7d, 0x32));
        }
        cell(4, change.before >= 0 ? locale.toString(change.beforeRows, 'f', 0) : QString());
        cell(5, change.after >= 0 ? locale.toString(change.afterRows, 'f', 0) : QString());
    }
    table->resizeColumnsToContents();
    layout->addWidget(
        new QLabel(tr("Execution: %1 ms here, %2 ms in the other.")
                       .arg(locale.toString(m_plan.executionMs.value_or(m_plan.totalMs()), 'f', 1),
                            locale.toString(other->executionMs.value_or(other->totalMs()), 'f', 1)),
                   dialog));
    layout->addWidget(table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(900, 500);
    dialog->show();
}

} // namespace bridgescope
