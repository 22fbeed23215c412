#pragma once

#include "connection/ConnectionProfile.h"
#include "metrics/DemoData.h"

#include <QDialog>

#include <functional>
#include <stop_token>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace bridgescope {

class DbWorker;

// "Generate demo data": the options of `bridgescope demo-data`, a progress bar fed after each
// committed batch, and Cancel, which stops the server's statement at once (the batches already
// committed stay). The work runs on a worker with a connection that may write.
class DemoDataDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DemoDataDialog(const ConnectionProfile &profile, QWidget *parent = nullptr);
    ~DemoDataDialog() override;

    void setOptions(const DemoDataOptions &options);
    // Asks before "Empty the bridge tables first" deletes their rows; a question box (Cancel the
    // default) unless a test replaces it.
    using Confirmation = std::function<bool(const QString &title, const QString &text)>;
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }
    void start();
    void cancel();
    QString statusText() const;
    bool isRunning() const { return m_running; }

signals:
    void generated(); // rows were written (all of them, or some before a cancel)
    void finished(bool ok);

protected:
    void reject() override;

private:
    DemoDataOptions options() const;
    void setRunning(bool running);

    ConnectionProfile m_profile;
    DbWorker *m_worker = nullptr;
    std::stop_source m_stop;
    bool m_running = false;
    QSpinBox *m_workflows = nullptr;
    QSpinBox *m_days = nullptr;
    QSpinBox *m_namespaces = nullptr;
    QSpinBox *m_seed = nullptr;
    QCheckBox *m_replace = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_startButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    Confirmation m_confirm;
};

} // namespace bridgescope
