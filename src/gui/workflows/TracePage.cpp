#include "workflows/TracePage.h"

#include "ScrollWhenShort.h"
#include "data/JsonViewer.h"
#include "workflows/TraceWaterfall.h"
#include "workflows/WorkflowFormat.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLayoutItem>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

QString localTime(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                        : QStringLiteral("–");
}

void clearLayout(QHBoxLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

} // namespace

void EventTableModel::setEvents(QList<TraceEvent> events)
{
    beginResetModel();
    m_events = std::move(events);
    endResetModel();
}

void EventTableModel::appendEvents(const QList<TraceEvent> &events)
{
    if (events.isEmpty())
        return;
    beginInsertRows({}, int(m_events.size()), int(m_events.size() + events.size() - 1));
    m_events.append(events);
    endInsertRows();
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void EventTableModel::sizeColumns(QTableView *table)
{
    const QFontMetrics metrics = table->fontMetrics();
    const auto width = [&metrics](const char *sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    table->setWordWrap(false);
    QHeaderView *header = table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    // The event type is what a person scans for: never cut, whatever the room beside it.
    header->setSectionResizeMode(Type, QHeaderView::ResizeToContents);
    table->setColumnWidth(Time, width("8888-88-88 88:88:88.888"));
    table->setColumnWidth(SincePrevious, width("+88 h 88 min"));
    table->setColumnWidth(CorrelationId, width("88888888-8888-8888-8888-888888888888"));
    table->setColumnWidth(SessionId, width("88888888-8888-8888-8888-888888888888"));
    table->setColumnWidth(PayloadSize, width("888.8 MB"));
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == Qt::TextAlignmentRole)
        return index.column() == SincePrevious || index.column() == PayloadSize
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    const TraceEvent &event = m_events.at(index.row());
    switch (index.column()) {
    case Time:
        return localTime(event.at);
    case SincePrevious:
        return event.sincePreviousMs < 0
            ? QString()
            : QStringLiteral("+") + formatDuration(event.sincePreviousMs);
    case Type:
        return event.type;
    case CorrelationId:
        return event.correlationId;
    case SessionId:
        return event.sessionId;
    case PayloadSize:
        return formatBytes(event.payload.bytes);
    }
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names { tr("Time"),           tr("Since previous"), tr("Event type"),
                                     tr("Correlation id"), tr("Session id"),     tr("Payload") };
    return names.value(section);
}

TracePage::TracePage(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_waterfall(new TraceWaterfall(this))
    , m_stepLabel(new QLabel(this))
    , m_details(new QTabWidget(this))
    , m_eventTable(new QTableView(this))
    , m_events(new EventTableModel(this))
    , m_transitions(new QTreeWidget(this))
    , m_stamps(new QTreeWidget(this))
    , m_viewer(new JsonViewer(this))
{
    m_header->setObjectName(QStringLiteral("traceHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_waterfall->setObjectName(QStringLiteral("traceWaterfall"));

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *content = new QWidget(this);
    outer->addWidget(scrollWhenShort(content, this));
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header, 1);
    auto *buttons = new QVBoxLayout;
    m_firstFailure = new QPushButton(tr("Go to the first &failure"), this);
    m_firstFailure->setObjectName(QStringLiteral("firstFailureButton"));
    m_openSteps = new QPushButton(tr("Steps in the &Data tab"), this);
    m_moreEvents = new QPushButton(this);
    m_moreEvents->setObjectName(QStringLiteral("moreEventsButton"));
    buttons->addWidget(m_firstFailure);
    buttons->addWidget(m_openSteps);
    buttons->addStretch();
    headerRow->addLayout(buttons);
    layout->addLayout(headerRow);
    m_workflowPayloads = new QHBoxLayout;
    layout->addLayout(m_workflowPayloads);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_waterfall);
    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto *stepRow = new QHBoxLayout;
    m_stepLabel->setWordWrap(true);
    m_stepLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stepRow->addWidget(m_stepLabel, 1);
    m_stepPayloads = new QHBoxLayout;
    stepRow->addLayout(m_stepPayloads);
    lowerLayout->addLayout(stepRow);

    m_eventTable->setModel(m_events);
    m_eventTable->verticalHeader()->hide();
    m_eventTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_eventTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    EventTableModel::sizeColumns(m_eventTable);
    m_eventTable->setObjectName(QStringLiteral("traceEvents"));
    auto *eventsPage = new QWidget(this);
    auto *eventsLayout = new QVBoxLayout(eventsPage);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(m_eventTable);
    eventsLayout->addWidget(m_moreEvents, 0, Qt::AlignLeft);
    m_details->addTab(eventsPage, tr("Events"));
    m_transitions->setHeaderLabels({ tr("Time"), tr("From"), tr("To"), tr("Event"), tr("Data") });
    m_transitions->setRootIsDecorated(false);
    m_details->addTab(m_transitions, tr("Transitions"));
    m_stamps->setHeaderLabels({ tr("Stamp id"), tr("File hash"), tr("Namespace"), tr("Time") });
    m_stamps->setRootIsDecorated(false);
    m_details->addTab(m_stamps, tr("Stamps"));
    m_details->addTab(m_viewer, tr("Payload"));
    lowerLayout->addWidget(m_details, 1);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_waterfall, &TraceWaterfall::stepSelected, this, &TracePage::showStep);
    connect(m_waterfall, &TraceWaterfall::stepActivated, this, [this](int index) {
        if (m_trace && index >= 0 && index < m_trace->steps.size())
            emit payloadRequested(m_trace->steps.at(index).payloads.first());
    });
    connect(m_firstFailure, &QPushButton::clicked, this, &TracePage::goToFirstFailure);
    connect(m_openSteps, &QPushButton::clicked, this, [this] {
        if (m_trace)
            emit openRowsRequested(QStringLiteral("workflow_steps"), QStringLiteral("workflow_id"),
                                   m_trace->workflow.id);
    });
    connect(m_moreEvents, &QPushButton::clicked, this, &TracePage::moreEventsRequested);
    connect(m_eventTable, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        emit payloadRequested(m_events->events().at(index.row()).payload);
    });
    connect(m_transitions, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const int index = m_transitions->indexOfTopLevelItem(item);
        if (m_trace && index >= 0)
            emit payloadRequested(m_trace->transitions.at(index).data);
    });
    connect(m_stamps, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const int index = m_stamps->indexOfTopLevelItem(item);
        if (m_trace && index >= 0)
            emit payloadRequested(m_trace->stamps.at(index).stampData);
    });
    showMessage(tr("Type an id above: a correlation_id, a workflow id, a session_id, a stamp_id "
                   "or a file_hash, or its first 8 characters."));
}

void TracePage::showMessage(const QString &message)
{
    m_trace.reset();
    m_header->setText(message.toHtmlEscaped());
    m_waterfall->clear();
    m_events->setEvents({});
    m_transitions->clear();
    m_stamps->clear();
    m_stepLabel->clear();
    clearLayout(m_stepPayloads);
    clearLayout(m_workflowPayloads);
    m_firstFailure->setEnabled(false);
    m_openSteps->setEnabled(false);
    m_moreEvents->hide();
}

void TracePage::setPayloadButtons(QHBoxLayout *layout, const QList<PayloadRef> &refs)
{
    clearLayout(layout);
    for (const PayloadRef &ref : refs) {
        auto *button
            = new QPushButton(QStringLiteral("%1 (%2)").arg(ref.column, formatBytes(ref.bytes)));
        button->setFlat(true);
        button->setToolTip(tr("Open %1 in the JSONB viewer").arg(ref.column));
        connect(button, &QPushButton::clicked, this, [this, ref] { emit payloadRequested(ref); });
        layout->addWidget(button);
    }
    if (layout == m_workflowPayloads)
        layout->addStretch();
}

void TracePage::showTrace(const WorkflowTrace &trace)
{
    const bool sameWorkflow = m_trace && m_trace->workflow.id == trace.workflow.id;
    const int keepStep = sameWorkflow ? m_waterfall->currentStep() : -1;
    if (!sameWorkflow) {
        // Another workflow: its events first, and no payload of the last one left on show.
        m_viewer->clear();
        m_details->setCurrentIndex(0);
    }
    m_trace = trace;
    const WorkflowSummary &w = trace.workflow;
    const qint64 duration = w.executionMs >= 0 ? w.executionMs
        : w.completedAt.isValid()              ? w.startedAt.msecsTo(w.completedAt)
                                  : w.startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> in <b>%2</b> · <span style='color:%3'><b>%4</b></span>")
                 .arg(w.workflowType.toHtmlEscaped(), w.nameSpace.toHtmlEscaped(),
                      statusColour(w.state).name(), w.state);
    lines << tr("started %1 · completed %2 · %3%4")
                 .arg(localTime(w.startedAt), localTime(w.completedAt), formatDuration(duration),
                      w.completedAt.isValid() ? QString() : tr(" so far"));
    lines << tr("correlation_id %1 · id %2").arg(w.correlationId, w.id);
    if (!w.errorMessage.isEmpty())
        lines << QStringLiteral("<span style='color:%1'><b>%2</b></span>: %3")
                     .arg(statusColour(QStringLiteral("FAILED")).name(),
                          w.errorType.toHtmlEscaped(),
                          w.errorMessage.mid(w.errorType.size())
                              .remove(0, 1)
                              .trimmed()
                              .toHtmlEscaped());
    if (!w.stampId.isEmpty())
        lines << tr("stamp %1 · file_hash %2").arg(w.stampId.toHtmlEscaped(), w.fileHash);
    // A part the role may not read is said so, not counted as none.
    const auto part = [&](qint64 count, const QString &noun, const char *table) {
        return trace.unreadable.contains(QLatin1String(table))
            ? tr("%1 not readable").arg(noun)
            : QStringLiteral("%1 %2").arg(count).arg(noun);
    };
    lines << QStringList { part(trace.steps.size(), tr("steps"), "workflow_steps"),
                           part(trace.transitions.size(), tr("transitions"), "fsm_transitions"),
                           part(trace.eventCount, tr("events"), "event_logs"),
                           part(trace.stamps.size(), tr("stamps"), "metadata_stamps") }
                 .join(QStringLiteral(" · "));
    m_header->setText(lines.join(QLatin1String("<br>")));
    setPayloadButtons(m_workflowPayloads, trace.workflowPayloads);

    m_waterfall->setTrace(trace);
    m_events->setEvents(trace.events);
    m_moreEvents->setVisible(trace.eventCount > trace.events.size());
    m_moreEvents->setText(
        tr("Show more events (%1 of %2 shown)").arg(trace.events.size()).arg(trace.eventCount));
    m_transitions->clear();
    for (const TraceTransition &t : trace.transitions)
        new QTreeWidgetItem(
            m_transitions,
            { localTime(t.at), t.fromState, t.toState, t.event, formatBytes(t.data.bytes) });
    m_stamps->clear();
    for (const TraceStamp &s : trace.stamps)
        new QTreeWidgetItem(m_stamps, { s.stampId, s.fileHash, s.nameSpace, localTime(s.at) });
    m_firstFailure->setEnabled(trace.firstFailedStep >= 0);
    m_openSteps->setEnabled(true);
    if (keepStep >= 0)
        m_waterfall->setCurrentStep(keepStep);
    else if (trace.firstFailedStep >= 0)
        goToFirstFailure();
    else if (!trace.steps.isEmpty())
        m_waterfall->setCurrentStep(0);
    else
        m_stepLabel->setText(trace.unreadable.contains(QLatin1String("workflow_steps"))
                                 ? tr("The role you connected as may not read workflow_steps.")
                                 : tr("This workflow has no steps."));
}

void TracePage::appendEvents(const QList<TraceEvent> &events)
{
    if (!m_trace)
        return;
    m_trace->events.append(events);
    m_events->appendEvents(events);
    m_moreEvents->setVisible(m_trace->eventCount > m_trace->events.size() && !events.isEmpty());
    m_moreEvents->setText(tr("Show more events (%1 of %2 shown)")
                              .arg(m_trace->events.size())
                              .arg(m_trace->eventCount));
}

void TracePage::goToFirstFailure()
{
    if (m_trace && m_trace->firstFailedStep >= 0)
        m_waterfall->setCurrentStep(m_trace->firstFailedStep);
}

void TracePage::showStep(int index)
{
    if (!m_trace || index < 0 || index >= m_trace->steps.size())
        return;
    const TraceStep &step = m_trace->steps.at(index);
    QStringList parts { tr("<b>Step %1 %2</b> (%3) · <span style='color:%4'>%5</span> · %6%7")
                            .arg(step.order)
                            .arg(step.name.toHtmlEscaped(), step.type.toHtmlEscaped(),
                                 statusColour(step.status).name(), step.status,
                                 formatDuration(step.barStart.msecsTo(step.barEnd)),
                                 step.estimated ? tr(" (estimated)") : QString()) };
    if (!step.contradiction.isEmpty())
        parts
            << tr("<span style='color:#d02f2f'>times disagree: %1</span>").arg(step.contradiction);
    if (!step.errorMessage.isEmpty())
        parts << QStringLiteral("<span style='color:#d02f2f'>%1</span>")
                     .arg(step.errorMessage.toHtmlEscaped());
    m_stepLabel->setText(parts.join(QLatin1String("<br>")));
    setPayloadButtons(m_stepPayloads, step.payloads);
}

void TracePage::showPayload(const PayloadRef &ref, const QByteArray &text)
{
    m_viewer->setDocument(QStringLiteral("%1.%2").arg(ref.table, ref.column), text);
    m_details->setCurrentWidget(m_viewer);
}

} // namespace bridgescope
