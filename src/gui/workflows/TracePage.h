#pragma once

#include "workflows/WorkflowTrace.h"

#include <QAbstractTableModel>
#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeWidget;
class QHBoxLayout;

namespace bridgescope {

class JsonViewer;
class TraceWaterfall;

// The events of a trace or a session: time, time since the previous one, type, ids, payload size.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, SincePrevious, Type, CorrelationId, SessionId, PayloadSize, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setEvents(QList<TraceEvent> events);
    void appendEvents(const QList<TraceEvent> &events);
    const QList<TraceEvent> &events() const { return m_events; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Widths for the trace's and the Sessions page's tables: times and ids whole on one line, the
    // event type taking what is left, sizes and gaps narrow and right-aligned.
    static void sizeColumns(QTableView *table);

private:
    QList<TraceEvent> m_events;
};

// One workflow traced: the header, the waterfall of its steps with its transitions and events on
// the same axis, the events with the time between them, the transitions, the stamps, and any
// JSONB value read when asked. It holds what it is given and asks WorkflowsView for the rest.
class TracePage : public QWidget
{
    Q_OBJECT
public:
    explicit TracePage(QWidget *parent = nullptr);

    void showTrace(const WorkflowTrace &trace);
    void appendEvents(const QList<TraceEvent> &events);
    void showPayload(const PayloadRef &ref, const QByteArray &text);
    void showMessage(const QString &message);
    bool hasTrace() const { return m_trace.has_value(); }
    const std::optional<WorkflowTrace> &trace() const { return m_trace; }
    TraceWaterfall *waterfall() const { return m_waterfall; }
    EventTableModel *eventModel() const { return m_events; }
    JsonViewer *payloadViewer() const { return m_viewer; }
    QLabel *headerLabel() const { return m_header; }
    void goToFirstFailure();

signals:
    void payloadRequested(const bridgescope::PayloadRef &ref);
    void moreEventsRequested();
    void openRowsRequested(const QString &table, const QString &column, const QString &value);

private:
    void showStep(int index);
    void setPayloadButtons(QHBoxLayout *layout, const QList<PayloadRef> &refs);

    std::optional<WorkflowTrace> m_trace;
    QLabel *m_header = nullptr;
    QPushButton *m_firstFailure = nullptr;
    QPushButton *m_openSteps = nullptr;
    QPushButton *m_moreEvents = nullptr;
    QHBoxLayout *m_workflowPayloads = nullptr;
    TraceWaterfall *m_waterfall = nullptr;
    QLabel *m_stepLabel = nullptr;
    QHBoxLayout *m_stepPayloads = nullptr;
    QTabWidget *m_details = nullptr;
    QTableView *m_eventTable = nullptr;
    EventTableModel *m_events = nullptr;
    QTreeWidget *m_transitions = nullptr;
    QTreeWidget *m_stamps = nullptr;
    JsonViewer *m_viewer = nullptr;
};

} // namespace bridgescope
