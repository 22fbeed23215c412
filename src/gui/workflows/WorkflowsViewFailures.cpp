#include "workflows/WorkflowFormat.h"
#include "workflows/WorkflowsView.h"

// The Failures and Namespaces pages of the Workflows tab: failure groups over a time range with
// their sparklines, a group's workflows, and the namespaces' figures.
#include "connection/DbWorker.h"
#include "workflows/TracePage.h"
#include "workflows/TraceWaterfall.h"
#include "workflows/WorkflowsViewItems.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

using namespace workflowsview;

namespace {

// A sparkline of a failure group's counts over the range, drawn as the row's icon.
QPixmap sparkline(const QList<qint64> &buckets, const QSize &size)
{
    QPixmap pixmap(size);
    pixmap.fill(Qt::transparent);
    const qint64 peak = buckets.isEmpty() ? 0 : *std::max_element(buckets.cbegin(), buckets.cend());
    if (peak <= 0)
        return pixmap;
    QPainter painter(&pixmap);
    const double width = double(size.width()) / buckets.size();
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const double height = double(size.height() - 2) * double(buckets.at(i)) / double(peak);
        painter.fillRect(
            QRectF(i * width, size.height() - 1 - height, qMax(1.0, width - 1), height),
            statusColour(QStringLiteral("FAILED")));
    }
    return pixmap;
}

TimeRange lastHours(int hours)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return { now.addSecs(-3600LL * hours), now.addSecs(60) };
}

QComboBox *rangeCombo(QWidget *parent, int defaultIndex)
{
    auto *combo = new QComboBox(parent);
    combo->addItem(QObject::tr("Last hour"), 1);
    combo->addItem(QObject::tr("Last 24 hours"), 24);
    combo->addItem(QObject::tr("Last 7 days"), 24 * 7);
    combo->addItem(QObject::tr("Last 30 days"), 24 * 30);
    combo->setCurrentIndex(defaultIndex);
    return combo;
}

// One real message of the group, and why its messages are one: what each mask stands for.
QString groupToolTip(const FailureGroup &group)
{
    QStringList masks;
    if (group.fingerprint.contains(QLatin1String("<namespace>")))
        masks << QObject::tr("<namespace>: the workflow's own namespace");
    if (group.fingerprint.contains(QLatin1String("<content type>")))
        masks << QObject::tr("<content type>: a content type such as application/pdf");
    if (group.fingerprint.contains(QStringLiteral("'\u2026'")))
        masks << QObject::tr("'\u2026': quoted text");
    if (group.fingerprint.contains(QLatin1Char('#')))
        masks << QObject::tr("#: a number or a hex run");
    QString tip = QObject::tr("For example: %1").arg(group.example);
    if (!masks.isEmpty())
        tip += QObject::tr("\n\nMessages that differ only where this one shows\n%1\nare one group.")
                   .arg(masks.join(QLatin1Char('\n')));
    return tip;
}

} // namespace

void WorkflowsView::buildFailuresPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *controls = new QHBoxLayout;
    m_failureRange = rangeCombo(page, 1);
    m_failureRange->setObjectName(QStringLiteral("failureRange"));
    m_failureNamespace = new QComboBox(page);
    m_failureNamespace->addItem(tr("All namespaces"));
    auto *reload = new QPushButton(tr("&Reload"), page);
    controls->addWidget(new QLabel(tr("Failed workflows that started in the"), page));
    controls->addWidget(m_failureRange);
    controls->addWidget(m_failureNamespace);
    controls->addWidget(reload);
    controls->addStretch();
    layout->addLayout(controls);
    m_failures = new QTreeWidget(page);
    m_failures->setObjectName(QStringLiteral("failureTree"));
    m_failures->setHeaderLabels({ tr("Count"), tr("Trend"), tr("Error type"), tr("Message"),
                                  tr("First seen / started"), tr("Last seen / correlation id"),
                                  tr("Namespaces") });
    m_failures->setIconSize(QSize(96, 18));
    m_failures->setUniformRowHeights(true);
    layout->addWidget(m_failures, 1);
    m_pages->addTab(page, tr("Failures"));
    connect(reload, &QPushButton::clicked, this, &WorkflowsView::loadFailures);
    connect(m_failureRange, &QComboBox::currentIndexChanged, this, &WorkflowsView::loadFailures);
    connect(m_failureNamespace, &QComboBox::currentIndexChanged, this,
            &WorkflowsView::loadFailures);
    connect(m_failures, &QTreeWidget::itemExpanded, this, &WorkflowsView::expandGroup);
    connect(m_failures, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString id = item->data(0, kWorkflowRole).toString();
        if (!id.isEmpty())
            traceWorkflow(id);
    });
}

void WorkflowsView::buildNamespacesPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *controls = new QHBoxLayout;
    m_namespaceRange = rangeCombo(page, 2);
    m_namespaceRange->setObjectName(QStringLiteral("namespaceRange"));
    controls->addWidget(new QLabel(tr("Workflows that started, and stamps made, in the"), page));
    controls->addWidget(m_namespaceRange);
    controls->addStretch();
    layout->addLayout(controls);
    m_namespaces = new QTreeWidget(page);
    m_namespaces->setObjectName(QStringLiteral("namespaceTree"));
    m_namespaces->setHeaderLabels({ tr("Namespace"), tr("Workflows"), tr("Pending"),
                                    tr("Processing"), tr("Completed"), tr("Failed"),
                                    tr("Failure rate"), tr("p50"), tr("p95"), tr("Stamps"),
                                    tr("Stamped size"), tr("File types") });
    m_namespaces->setRootIsDecorated(false);
    m_namespaces->setToolTip(tr("Double-click a namespace to see its failures"));
    layout->addWidget(m_namespaces, 1);
    m_pages->addTab(page, tr("Namespaces"));
    connect(m_namespaceRange, &QComboBox::currentIndexChanged, this,
            &WorkflowsView::loadNamespaces);
    connect(m_namespaces, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int index = m_failureNamespace->findText(item->text(0));
        m_failureNamespace->setCurrentIndex(qMax(0, index));
        m_pages->setCurrentIndex(1);
    });
}

TimeRange WorkflowsView::failureRange() const
{
    return lastHours(m_failureRange->currentData().toInt());
}

void WorkflowsView::loadFailures()
{
    if (!m_worker)
        return;
    const TimeRange range = failureRange();
    const QString nameSpace
        = m_failureNamespace->currentIndex() > 0 ? m_failureNamespace->currentText() : QString();
    m_worker->run<QList<FailureGroup>>(
        [range, nameSpace](Session &session) {
            return readFailureGroups(session, range, nameSpace);
        },
        this,
        [this, connection = m_connection](Result<QList<FailureGroup>> groups) {
            if (connection != m_connection)
                return;
            if (!groups) {
                setStatus(groups.error().message);
                emit answered();
                return;
            }
            m_groups = *groups;
            m_failures->clear();
            qint64 total = 0;
            for (qsizetype i = 0; i < m_groups.size(); ++i) {
                const FailureGroup &g = m_groups.at(i);
                total += g.count;
                // The type has its own column: the message starts after it.
                const QString message = g.fingerprint.startsWith(g.errorType + QLatin1Char(':'))
                    ? g.fingerprint.mid(g.errorType.size() + 1).trimmed()
                    : g.fingerprint;
                auto *item
                    = new QTreeWidgetItem(m_failures,
                                          { QString::number(g.count), QString(), g.errorType,
                                            message, localTime(g.firstSeen), localTime(g.lastSeen),
                                            g.namespaces.join(QLatin1String(", ")) });
                item->setIcon(1, QIcon(sparkline(g.buckets, m_failures->iconSize())));
                item->setToolTip(3, groupToolTip(g));
                item->setData(0, kGroupRole, int(i));
                item->setChildIndicatorPolicy(QTreeWidgetItem::ShowIndicator);
                item->setForeground(2, statusColour(QStringLiteral("FAILED")));
            }
            for (int column : { 0, 1, 2, 4, 5 })
                m_failures->resizeColumnToContents(column);
            // The message is what a person reads: it gets the room.
            m_failures->setColumnWidth(3, qMax(360, m_failures->viewport()->width() * 2 / 5));
            m_pages->setTabText(1, tr("Failures (%1)").arg(total));
            emit answered();
        });
    loadNamespaces();
    loadRecentSessions();
}

void WorkflowsView::expandGroup(QTreeWidgetItem *item)
{
    if (!m_worker || item->parent() || item->childCount() > 0)
        return;
    const int index = item->data(0, kGroupRole).toInt();
    if (index < 0 || index >= m_groups.size())
        return;
    const TimeRange range = failureRange();
    const QString nameSpace
        = m_failureNamespace->currentIndex() > 0 ? m_failureNamespace->currentText() : QString();
    const FailureGroup group = m_groups.at(index);
    m_worker->run<QList<WorkflowSummary>>(
        [range, nameSpace, group](Session &session) {
            return readGroupWorkflows(session, range, nameSpace, group);
        },
        this,
        [this, item, group, connection = m_connection](Result<QList<WorkflowSummary>> workflows) {
            if (connection != m_connection)
                return;
            if (!workflows) {
                setStatus(workflows.error().message);
            } else if (m_failures->indexOfTopLevelItem(item) >= 0) {
                // Under its group: when, what, the whole message, where.
                for (const WorkflowSummary &w : *workflows) {
                    auto *child = new QTreeWidgetItem(item,
                                                      { QString(), QString(), w.workflowType,
                                                        w.errorMessage, localTime(w.startedAt),
                                                        w.correlationId, w.nameSpace });
                    child->setData(0, kWorkflowRole, w.id);
                    child->setToolTip(3, w.errorMessage);
                }
            }
            emit answered();
        });
}

void WorkflowsView::loadNamespaces()
{
    if (!m_worker)
        return;
    const TimeRange range = lastHours(m_namespaceRange->currentData().toInt());
    m_worker->run<QList<NamespaceStats>>(
        [range](Session &session) { return readNamespaceStats(session, range); }, this,
        [this, connection = m_connection](Result<QList<NamespaceStats>> stats) {
            if (connection != m_connection)
                return;
            if (!stats) {
                setStatus(stats.error().message);
                emit answered();
                return;
            }
            m_namespaces->clear();
            const QString chosen = m_failureNamespace->currentText();
            const QSignalBlocker block(m_failureNamespace);
            while (m_failureNamespace->count() > 1)
                m_failureNamespace->removeItem(1);
            bool stampsHidden = false;
            for (const NamespaceStats &s : *stats) {
                m_failureNamespace->addItem(s.nameSpace);
                const QString unknown = QStringLiteral("\u2014");
                stampsHidden = stampsHidden || !s.stampsReadable;
                auto *item = new QTreeWidgetItem(
                    m_namespaces,
                    { s.nameSpace, QString::number(s.workflows), QString::number(s.pending),
                      QString::number(s.processing), QString::number(s.completed),
                      QString::number(s.failed),
                      QStringLiteral("%1 %").arg(100.0 * s.failureRate, 0, 'f', 1),
                      formatDuration(qint64(s.p50Ms)), formatDuration(qint64(s.p95Ms)),
                      s.stampsReadable ? QString::number(s.stamps) : unknown,
                      s.stampsReadable ? formatBytes(s.stampedBytes) : unknown,
                      s.stampsReadable ? QString::number(s.fileTypes) : unknown });
                // Numbers line up on the right, as in every table of figures.
                for (int column = 1; column < m_namespaces->columnCount(); ++column)
                    item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
            }
            if (stampsHidden)
                setStatus(unreadableNote({ QStringLiteral("metadata_stamps") }));
            m_failureNamespace->setCurrentIndex(qMax(0, m_failureNamespace->findText(chosen)));
            for (int column = 0; column < m_namespaces->columnCount(); ++column)
                m_namespaces->resizeColumnToContents(column);
            emit answered();
        });
}

} // namespace bridgescope
