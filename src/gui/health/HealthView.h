#pragma once

#include "connection/ConnectionProfile.h"
#include "health/SessionActivity.h"

#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace bridgescope {

class DbWorker;

// The Health tab's sessions: every client session with its state, wait and durations (queries
// over the threshold highlighted, BridgeScope's own marked), the blocking tree (who waits on
// whom, root blockers first), and Cancel and Terminate for the one selected, each confirmed.
// It samples only while it is on screen, on its own worker, one sample at a time.
class HealthView : public QWidget
{
    Q_OBJECT
public:
    explicit HealthView(QWidget *parent = nullptr);
    ~HealthView() override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();
    void refresh();
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    bool isSampling() const { return m_timer.isActive(); }

    using Confirmation = std::function<bool(const QString &title, const QString &text)>;
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

    QTreeWidget *sessionTree() const { return m_sessions; }
    QTreeWidget *blockingTree() const { return m_blocking; }
    QString statusText() const;
    void selectPid(int pid);
    void cancelSelected();
    void terminateSelected();

signals:
    void refreshed(); // a sample is on screen (tests wait on it)
    void signalled(bool ok); // a cancel or terminate answered

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showSessions(const QList<BackendSession> &sessions, const QString &role);
    int selectedPid() const;
    void signalSelected(bool terminate);
    void updateButtons();

    std::optional<ConnectionProfile> m_profile;
    DbWorker *m_worker = nullptr;
    quint64 m_generation = 0;
    bool m_sampling = false; // a sample is on its way: the next tick waits for it
    QTimer m_timer;
    QLabel *m_role = nullptr;
    QLabel *m_status = nullptr;
    QSpinBox *m_threshold = nullptr;
    QTreeWidget *m_sessions = nullptr;
    QTreeWidget *m_blocking = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_terminate = nullptr;
    QList<BackendSession> m_shown;
    int m_selected = 0; // the pid picked last, in either tree
    Confirmation m_confirm;
};

} // namespace bridgescope
