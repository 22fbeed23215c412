#pragma once

#include "connection/ConnectionProfile.h"
#include "metrics/DemoData.h"

#include <QDialog>

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
};

} // namespace bridgescope
