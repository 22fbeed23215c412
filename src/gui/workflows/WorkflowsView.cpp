#include "workflows/WorkflowsView.h"

#include "connection/DbWorker.h"
#include "workflows/TracePage.h"
#include "workflows/TraceWaterfall.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

constexpr int kGroupRole = Qt::UserRole + 1; // a failure group's index
constexpr int kWorkflowRole = Qt::UserRole + 2; // a workflow's row id

QString localTime(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                        : QStringLiteral("–");
}

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

void addWorkflowItem(QTreeWidgetItem *parent, QTreeWidget *tree, const WorkflowSummary &w,
                     const QString &note)
{
    const QStringList columns { localTime(w.startedAt), w.state, w.workflowType, w.nameSpace,
                                note.isEmpty() ? w.correlationId : note };
    auto *item = parent ? new QTreeWidgetItem(parent, columns) : new QTreeWidgetItem(tree, columns);
    item->setData(0, kWorkflowRole, w.id);
    item->setForeground(1, statusColour(w.state));
    item->setToolTip(4, w.errorMessage.isEmpty() ? w.correlationId : w.errorMessage);
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

} // namespace

WorkflowsView::WorkflowsView(QWidget *parent)
    : QWidget(parent)
    , m_findEdit(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_matches(new QTreeWidget(this))
    , m_pages(new QTabWidget(this))
    , m_trace(new TracePage(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *findRow = new QHBoxLayout;
    m_findEdit->setObjectName(QStringLiteral("findEdit"));
    m_findEdit->setPlaceholderText(tr("correlation_id, workflow id, session_id, stamp_id or "
                                      "file_hash (8 characters or more)"));
    m_findEdit->setClearButtonEnabled(true);
    auto *findButton = new QPushButton(tr("&Find"), this);
    findRow->addWidget(new QLabel(tr("Find:"), this));
    findRow->addWidget(m_findEdit, 1);
    findRow->addWidget(findButton);
    layout->addLayout(findRow);
    m_status->setObjectName(QStringLiteral("workflowsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_matches->setObjectName(QStringLiteral("matchList"));
    m_matches->setHeaderLabels(
        { tr("Started"), tr("State"), tr("Type"), tr("Namespace"), tr("Matched by") });
    m_matches->setRootIsDecorated(false);
    m_matches->setMaximumHeight(160);
    m_matches->hide();
    layout->addWidget(m_matches);
    m_pages->setObjectName(QStringLiteral("workflowPages"));
    m_pages->addTab(m_trace, tr("Trace"));
    buildFailuresPage();
    buildSessionsPage();
    buildNamespacesPage();
    layout->addWidget(m_pages, 1);

    connect(m_findEdit, &QLineEdit::returnPressed, this, [this] { find(m_findEdit->text()); });
    connect(findButton, &QPushButton::clicked, this, [this] { find(m_findEdit->text()); });
    connect(m_matches, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString id = item->data(0, kWorkflowRole).toString();
        if (!id.isEmpty())
            traceWorkflow(id);
        else
            showSession(item->text(4).section(QLatin1Char(' '), 1, 1));
    });
    connect(m_trace, &TracePage::payloadRequested, this, &WorkflowsView::readPayload);
    connect(m_trace, &TracePage::moreEventsRequested, this, &WorkflowsView::readMoreEvents);
    connect(m_trace, &TracePage::openRowsRequested, this,
            [this](const QString &table, const QString &column, const QString &value) {
                emit openRowsRequested(QStringLiteral("public"), table, column, value);
            });
    m_refresh.setInterval(2000);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        const auto &trace = m_trace->trace();
        if (trace && trace->workflow.state == QLatin1String("PROCESSING"))
            traceWorkflow(trace->workflow.id);
        else
            m_refresh.stop();
    });
    setStatus(tr("Not connected"));
}

WorkflowsView::~WorkflowsView()
{
    if (m_worker)
        m_worker->retire();
}

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

void WorkflowsView::buildSessionsPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_sessionLabel = new QLabel(tr("Find a session_id to follow its events."), page);
    layout->addWidget(m_sessionLabel);
    auto *splitter = new QSplitter(Qt::Vertical, page);
    m_sessionModel = new EventTableModel(this);
    m_sessionEvents = new QTableView(splitter);
    m_sessionEvents->setModel(m_sessionModel);
    m_sessionEvents->verticalHeader()->hide();
    m_sessionEvents->horizontalHeader()->setStretchLastSection(true);
    m_sessionWorkflows = new QTreeWidget(splitter);
    m_sessionWorkflows->setHeaderLabels(
        { tr("Started"), tr("State"), tr("Type"), tr("Namespace"), tr("Correlation id") });
    m_sessionWorkflows->setRootIsDecorated(false);
    layout->addWidget(splitter, 1);
    m_pages->addTab(page, tr("Sessions"));
    connect(m_sessionWorkflows, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        traceWorkflow(item->data(0, kWorkflowRole).toString());
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

void WorkflowsView::setConnection(const ConnectionProfile &profile)
{
    clearConnection();
    m_profile = profile;
    m_worker = new DbWorker(profile, SessionOptions {}, QStringLiteral("workflows"), this);
    setStatus(tr("Find a workflow by any of its ids, or look at the failures."));
    if (isVisible())
        loadFailures();
}

void WorkflowsView::clearConnection()
{
    ++m_generation;
    ++m_connection;
    m_refresh.stop();
    if (m_worker) {
        m_worker->retire();
        m_worker = nullptr;
    }
    m_profile.reset();
    m_trace->showMessage(tr("Type an id above: a correlation_id, a workflow id, a session_id, a "
                            "stamp_id or a file_hash, or its first 8 characters."));
    m_failures->clear();
    m_namespaces->clear();
    m_matches->hide();
    setStatus(tr("Not connected"));
}

void WorkflowsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_worker && m_failures->topLevelItemCount() == 0)
        loadFailures();
    const auto &trace = m_trace->trace();
    if (trace && trace->workflow.state == QLatin1String("PROCESSING"))
        m_refresh.start();
}

void WorkflowsView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh.stop(); // nothing is polled while nobody looks
}

QString WorkflowsView::statusText() const
{
    return m_status->text();
}

void WorkflowsView::setStatus(const QString &text)
{
    m_status->setText(text);
}

void WorkflowsView::find(const QString &text)
{
    if (!m_worker)
        return;
    Result<IdentifierQuery> query = parseIdentifier(text);
    if (!query) {
        setStatus(query.error().message);
        emit answered();
        return;
    }
    const quint64 generation = ++m_generation;
    setStatus(tr("Looking up %1…").arg(query->text));
    m_worker->run<LookupResult>(
        [query = *query](Session &session) { return lookUpIdentifier(session, query); }, this,
        [this, generation, query = *query](Result<LookupResult> found) {
            if (generation != m_generation)
                return;
            if (!found) {
                setStatus(found.error().message);
                emit answered();
                return;
            }
            if (found->isEmpty()) {
                m_matches->hide();
                setStatus(withUnreadableNote(found->nothingFound(query), found->unreadable));
                emit answered();
                return;
            }
            if (found->workflows.size() == 1 && found->sessions.isEmpty()) {
                m_matches->hide();
                traceWorkflow(found->workflows.first().workflow.id, found->workflows.first().kind);
                return;
            }
            if (found->workflows.isEmpty() && found->sessions.size() == 1) {
                m_matches->hide();
                showSession(found->sessions.first().sessionId);
                return;
            }
            showMatches(*found);
        });
}

void WorkflowsView::showMatches(const LookupResult &found)
{
    m_matches->clear();
    for (const SessionMatch &session : found.sessions) {
        auto *item = new QTreeWidgetItem(
            m_matches,
            { QString(), QString(), tr("session"), QString(),
              tr("session %1 (%2 events)").arg(session.sessionId).arg(session.events) });
        item->setData(4, Qt::UserRole, session.sessionId);
    }
    for (const WorkflowMatch &match : found.workflows)
        addWorkflowItem(nullptr, m_matches, match.workflow, matchKindName(match.kind));
    m_matches->show();
    setStatus(withUnreadableNote(tr("%1 match%2: pick one.")
                                     .arg(found.workflows.size() + found.sessions.size())
                                     .arg(found.truncated
                                              ? tr("es (the newest %1 shown)").arg(kLookupLimit)
                                              : QStringLiteral("es")),
                                 found.unreadable));
    emit answered();
}

void WorkflowsView::traceWorkflow(const QString &workflowRowId, MatchKind matchedBy)
{
    if (!m_worker || workflowRowId.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    const bool refreshing = m_trace->trace() && m_trace->trace()->workflow.id == workflowRowId;
    if (!refreshing)
        setStatus(tr("Reading the workflow…"));
    m_worker->run<WorkflowTrace>(
        [workflowRowId](Session &session) { return readTrace(session, workflowRowId); }, this,
        [this, generation, matchedBy](Result<WorkflowTrace> trace) {
            if (generation != m_generation)
                return;
            if (!trace) {
                setStatus(trace.error().message);
                emit answered();
                return;
            }
            m_trace->showTrace(*trace);
            m_pages->setCurrentWidget(m_trace);
            setStatus(withUnreadableNote(tr("%1 %2, found by its %3.")
                                             .arg(trace->workflow.workflowType,
                                                  trace->workflow.correlationId,
                                                  matchKindName(matchedBy)),
                                         trace->unreadable));
            if (trace->workflow.state == QLatin1String("PROCESSING") && isVisible())
                m_refresh.start();
            else
                m_refresh.stop();
            emit answered();
        });
}

void WorkflowsView::readPayload(const PayloadRef &ref)
{
    if (!m_worker || !ref.isValid())
        return;
    setStatus(tr("Reading %1 (%2)…").arg(ref.column, formatBytes(ref.bytes)));
    // The workflow it belongs to: a lookup asked for before it may show another by the time it
    // comes, and then it is not shown over that one.
    const QString workflow = m_trace->trace() ? m_trace->trace()->workflow.id : QString();
    const quint64 connection = m_connection;
    m_worker->run<QByteArray>(
        [ref](Session &session) { return bridgescope::readPayload(session, ref); }, this,
        [this, ref, workflow, connection](Result<QByteArray> text) {
            if (connection != m_connection || !m_trace->trace()
                || m_trace->trace()->workflow.id != workflow)
                return;
            if (!text)
                setStatus(text.error().message);
            else {
                m_trace->showPayload(ref, *text);
                setStatus(tr("%1.%2 of %3").arg(ref.table, ref.column, ref.id));
            }
            emit answered();
        });
}

void WorkflowsView::readMoreEvents()
{
    const auto &trace = m_trace->trace();
    if (!m_worker || !trace || trace->events.isEmpty())
        return;
    const quint64 generation = m_generation;
    m_worker->run<QList<TraceEvent>>(
        [correlation = trace->workflow.correlationId,
         last = trace->events.last()](Session &session) {
            return bridgescope::readMoreEvents(session, correlation, last, kDefaultEventLimit);
        },
        this,
        [this, generation](Result<QList<TraceEvent>> events) {
            if (generation != m_generation)
                return;
            if (!events)
                setStatus(events.error().message);
            else
                m_trace->appendEvents(*events);
            emit answered();
        });
}

void WorkflowsView::showSession(const QString &sessionId)
{
    if (!m_worker)
        return;
    const quint64 generation = ++m_generation;
    setStatus(tr("Reading session %1…").arg(sessionId));
    m_worker->run<SessionTrace>(
        [sessionId](Session &session) { return readSessionTrace(session, sessionId); }, this,
        [this, generation](Result<SessionTrace> trace) {
            if (generation != m_generation)
                return;
            if (!trace) {
                setStatus(trace.error().message);
                emit answered();
                return;
            }
            m_sessionLabel->setText(
                tr("Session %1: %2 events%3, %4 workflows.")
                    .arg(trace->sessionId)
                    .arg(trace->eventCount)
                    .arg(trace->eventCount > trace->events.size()
                             ? tr(" (the first %1 shown)").arg(trace->events.size())
                             : QString())
                    .arg(trace->workflows.size()));
            m_sessionModel->setEvents(trace->events);
            m_sessionWorkflows->clear();
            for (const WorkflowSummary &w : trace->workflows)
                addWorkflowItem(nullptr, m_sessionWorkflows, w, {});
            m_pages->setCurrentIndex(2);
            setStatus(m_sessionLabel->text());
            emit answered();
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
                item->setToolTip(3, g.example);
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
                new QTreeWidgetItem(m_namespaces,
                                    { s.nameSpace, QString::number(s.workflows),
                                      QString::number(s.pending), QString::number(s.processing),
                                      QString::number(s.completed), QString::number(s.failed),
                                      QStringLiteral("%1 %").arg(100.0 * s.failureRate, 0, 'f', 1),
                                      formatDuration(qint64(s.p50Ms)),
                                      formatDuration(qint64(s.p95Ms)),
                                      s.stampsReadable ? QString::number(s.stamps) : unknown,
                                      s.stampsReadable ? formatBytes(s.stampedBytes) : unknown,
                                      s.stampsReadable ? QString::number(s.fileTypes) : unknown });
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
