#pragma once

#include "health/SessionActivity.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace bridgescope {

// The Health tab's Sessions page: every client session with its state, wait and durations
// (queries over the threshold highlighted, BridgeScope's own marked), the blocking tree (who
// waits on whom, root blockers first), and Cancel and Terminate for the one selected, each
// confirmed. It shows what HealthView samples; the signal itself runs on HealthView's worker.
class SessionsPane : public QWidget
{
    Q_OBJECT
public:
    explicit SessionsPane(QWidget *parent = nullptr);

    using Confirmation = std::function<bool(const QString &title, const QString &text)>;
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

    void showSessions(const QList<BackendSession> &sessions);
    void clear();
    void setConnected(bool connected);

    QTreeWidget *sessionTree() const { return m_sessions; }
    QTreeWidget *blockingTree() const { return m_blocking; }
    QString summary() const;
    void selectPid(int pid);
    void cancelSelected() { askToSignal(false); }
    void terminateSelected() { askToSignal(true); }

signals:
    void signalRequested(int pid, bool terminate); // confirmed by the user

private:
    int selectedPid() const;
    void askToSignal(bool terminate);
    void updateButtons();

    QLabel *m_summary = nullptr;
    QSpinBox *m_threshold = nullptr;
    QTreeWidget *m_sessions = nullptr;
    QTreeWidget *m_blocking = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_terminate = nullptr;
    QList<BackendSession> m_shown;
    bool m_connected = false;
    int m_selected = 0; // the pid picked last, in either tree
    Confirmation m_confirm;
};

} // namespace bridgescope
