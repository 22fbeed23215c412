#include "workflows/WorkflowsView.h"

#include "connection/DbWorker.h"
#include "workflows/TracePage.h"
#include "workflows/TraceWaterfall.h"
#include "workflows/WorkflowFormat.h"
#include "workflows/WorkflowsViewItems.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

using namespace workflowsview;

namespace {

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
    connect(this, &WorkflowsView::openRowsRequested, this,
            [this](const QString &schema, const QString &table, const QString &column,
                   const QString &value) {
                if (router())
                    router()->open(ViewTarget::tableRows(
                        schema, table, { Filter { column, FilterOp::Equal, value, {} } }));
            });
}

WorkflowsView::~WorkflowsView()
{
    if (m_worker)
        m_worker->retire();
}

void WorkflowsView::buildSessionsPage()
{
    // The latest sessions to pick from on the left; the one picked (or found) on the right.
    auto *sides = new QSplitter(Qt::Horizontal, this);
    m_recentSessions = new QTreeWidget(sides);
    m_recentSessions->setObjectName(QStringLiteral("recentSessions"));
    m_recentSessions->setHeaderLabels(
        { tr("Last event"), tr("Session"), tr("Events"), tr("Workflows") });
    m_recentSessions->setRootIsDecorated(false);
    // Wide enough for its four columns at first; narrower in a small window (the splitter).
    const int listWidth = m_recentSessions->fontMetrics().horizontalAdvance(
                              QStringLiteral("88 Mmm 8888 88:88:88  88888888  Events  Workflows"))
        + 48;
    m_recentSessions->setToolTip(tr("The sessions of the latest %1 events, the latest first")
                                     .arg(QLocale().toString(kRecentEventWindow)));
    // Choosing one (a click, the arrow keys) shows it: once, not again on a double-click.
    connect(m_recentSessions, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *item) {
                if (item)
                    showSession(item->data(1, Qt::UserRole).toString());
            });
    auto *page = new QWidget(sides);
    sides->setStretchFactor(0, 1);
    sides->setStretchFactor(1, 3);
    sides->setCollapsible(1, false);
    sides->setSizes({ listWidth, 3 * listWidth });
    auto *layout = new QVBoxLayout(page);
    m_sessionLabel = new QLabel(tr("Pick a session on the left, or find a session_id above, to "
                                   "follow its events."),
                                page);
    m_sessionLabel->setWordWrap(true);
    layout->addWidget(m_sessionLabel);
    auto *splitter = new QSplitter(Qt::Vertical, page);
    m_sessionModel = new EventTableModel(this);
    m_sessionEvents = new QTableView(splitter);
    m_sessionEvents->setModel(m_sessionModel);
    m_sessionEvents->setObjectName(QStringLiteral("sessionEvents"));
    m_sessionEvents->verticalHeader()->hide();
    EventTableModel::sizeColumns(m_sessionEvents);
    m_sessionWorkflows = new QTreeWidget(splitter);
    m_sessionWorkflows->setObjectName(QStringLiteral("sessionWorkflows"));
    m_sessionWorkflows->setHeaderLabels(
        { tr("Started"), tr("State"), tr("Type"), tr("Namespace"), tr("Correlation id") });
    m_sessionWorkflows->setRootIsDecorated(false);
    layout->addWidget(splitter, 1);
    m_pages->addTab(sides, tr("Sessions"));
    connect(m_sessionWorkflows, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        traceWorkflow(item->data(0, kWorkflowRole).toString());
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

void WorkflowsView::loadRecentSessions()
{
    if (!m_worker)
        return;
    m_worker->run<QList<RecentSession>>(
        [](Session &session) { return readRecentSessions(session); }, this,
        [this, connection = m_connection](Result<QList<RecentSession>> sessions) {
            if (connection != m_connection)
                return;
            const QSignalBlocker quiet(m_recentSessions); // filling it picks nothing
            m_recentSessions->clear();
            if (!sessions) {
                auto *item = new QTreeWidgetItem(m_recentSessions, { sessions.error().message });
                item->setFirstColumnSpanned(true);
                item->setFlags(Qt::NoItemFlags);
                emit recentSessionsShown();
                return;
            }
            for (const RecentSession &recent : *sessions) {
                auto *item = new QTreeWidgetItem(
                    m_recentSessions,
                    { QLocale().toString(recent.lastEvent.toLocalTime(), QLocale::ShortFormat),
                      recent.sessionId.left(8), QString::number(recent.events),
                      QString::number(recent.workflows) });
                item->setData(1, Qt::UserRole, recent.sessionId);
                item->setToolTip(1, recent.sessionId);
                for (int column : { 2, 3 })
                    item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
            }
            if (sessions->isEmpty()) {
                auto *item = new QTreeWidgetItem(m_recentSessions,
                                                 { tr("No event carries a session_id yet.") });
                item->setFirstColumnSpanned(true);
                item->setFlags(Qt::NoItemFlags);
            }
            for (int column = 0; column < m_recentSessions->columnCount(); ++column)
                m_recentSessions->resizeColumnToContents(column);
            emit recentSessionsShown();
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
            for (int column = 0; column < m_sessionWorkflows->columnCount(); ++column)
                m_sessionWorkflows->resizeColumnToContents(column);
            m_pages->setCurrentIndex(2);
            setStatus(m_sessionLabel->text());
            emit answered();
        });
}

void WorkflowsView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile);
}

void WorkflowsView::databaseChanged(DatabaseChange change)
{
    if (change != DatabaseChange::Data || !m_profile)
        return;
    const ConnectionProfile profile = *m_profile;
    setConnection(profile);
}

} // namespace bridgescope
