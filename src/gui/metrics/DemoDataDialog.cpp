#include "metrics/DemoDataDialog.h"

#include "DestructiveQuestion.h"
#include "ProgressRelay.h"
#include "connection/DbWorker.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bridgescope {

DemoDataDialog::DemoDataDialog(const ConnectionProfile &profile, QWidget *parent)
    : QDialog(parent)
    , m_profile(profile)
{
    m_confirm = [this](const QString &title, const QString &text) {
        return askBeforeDestroying(this, title, text);
    };
    setWindowTitle(tr("Generate demo data"));
    auto *intro = new QLabel(
        tr("Fills the OmniNode Bridge tables of %1 with workflows that follow the services' "
           "lifecycles, their steps, transitions, stamps and events, and the reducer's "
           "aggregation windows. The server generates them, one transaction per batch.")
            .arg(profile.displayName()),
        this);
    intro->setWordWrap(true);
    const DemoDataOptions defaults;
    m_workflows = new QSpinBox(this);
    m_workflows->setRange(1, 100'000'000);
    m_workflows->setGroupSeparatorShown(true);
    m_workflows->setValue(int(defaults.workflows));
    m_days = new QSpinBox(this);
    m_days->setRange(1, 3650);
    m_days->setValue(defaults.days);
    m_namespaces = new QSpinBox(this);
    m_namespaces->setRange(1, 1000);
    m_namespaces->setValue(defaults.namespaces);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(int(defaults.seed));
    m_replace = new QCheckBox(tr("Empty the bridge tables first"), this);
    m_replace->setToolTip(tr("Otherwise a database whose bridge tables hold rows is left alone."));
    auto *form = new QFormLayout;
    form->addRow(tr("Workflows:"), m_workflows);
    form->addRow(tr("Days before now:"), m_days);
    form->addRow(tr("Namespaces:"), m_namespaces);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(QString(), m_replace);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("demoDataStatus"));
    m_status->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_startButton = m_buttons->addButton(tr("Generate"), QDialogButtonBox::AcceptRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_startButton, &QPushButton::clicked, this, &DemoDataDialog::start);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DemoDataDialog::reject);
    resize(480, sizeHint().height());
}

DemoDataDialog::~DemoDataDialog()
{
    if (m_worker) {
        m_stop.request_stop();
        m_worker->retire(); // cancels the running batch; the server rolls it back
    }
}

void DemoDataDialog::setOptions(const DemoDataOptions &options)
{
    m_workflows->setValue(int(options.workflows));
    m_days->setValue(options.days);
    m_namespaces->setValue(options.namespaces);
    m_seed->setValue(int(options.seed));
    m_replace->setChecked(options.replace);
}

DemoDataOptions DemoDataDialog::options() const
{
    DemoDataOptions options;
    options.workflows = m_workflows->value();
    options.days = m_days->value();
    options.namespaces = m_namespaces->value();
    options.seed = m_seed->value();
    options.replace = m_replace->isChecked();
    // Smaller batches on small runs, so that the bar moves.
    options.batchSize = int(std::clamp<qint64>(options.workflows / 20, 500, 10'000));
    return options;
}

void DemoDataDialog::setRunning(bool running)
{
    m_running = running;
    for (QWidget *field : std::initializer_list<QWidget *> { m_workflows, m_days, m_namespaces,
                                                             m_seed, m_replace, m_startButton })
        field->setEnabled(!running);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(running ? tr("Stop") : tr("Close"));
}

void DemoDataDialog::start()
{
    if (m_running)
        return;
    const DemoDataOptions options = this->options();
    if (options.replace) {
        QString database = m_profile.value(QStringLiteral("dbname"));
        if (database.isEmpty())
            database = tr("this database");
        const QString question
            = tr("Emptying the bridge tables first deletes every row of %1 in database %2, "
                 "whatever wrote them, before %L3 demo workflows are written.\n\nEmpty and "
                 "fill %2?")
                  .arg(demoDataTables().join(QLatin1String(", ")), database)
                  .arg(options.workflows);
        if (!m_confirm(tr("Empty and fill %1").arg(database), question)) {
            m_status->setText(tr("Nothing was changed."));
            return;
        }
    }
    if (!m_worker) {
        SessionOptions session;
        session.mode = AccessMode::ReadWrite;
        session.statementTimeoutMs = 0;
        m_worker = new DbWorker(m_profile, session, QStringLiteral("demo-data"), this);
    }
    m_stop = std::stop_source();
    setRunning(true);
    m_progress->setValue(0);
    m_status->setText(tr("Starting…"));
    const std::shared_ptr<ProgressRelay> relay = makeProgressRelay();
    connect(relay.get(), &ProgressRelay::progressed, this,
            [this](qint64 written, qint64 total, const QString &phase) {
                m_progress->setValue(int(written * 100 / std::max<qint64>(total, 1)));
                m_status->setText(
                    tr("%1: %L2 of %L3 workflows").arg(phase).arg(written).arg(total));
            });
    m_worker->run<DemoDataReport>(
        [options, stop = m_stop.get_token(), relay](Session &session) {
            return generateDemoData(
                session, options,
                [relay](const DemoDataProgress &progress) {
                    emit relay->progressed(progress.written, progress.total, progress.phase);
                },
                stop);
        },
        this,
        [this](Result<DemoDataReport> report) {
            setRunning(false);
            if (!report) {
                m_status->setText(report.error().message);
                if (report.error().kind == Error::Kind::Cancelled)
                    emit generated();
                emit finished(false);
                return;
            }
            m_progress->setValue(100);
            m_status->setText(tr("Wrote %L1 workflows (about %L2 rows) in %3 s.")
                                  .arg(report->workflows)
                                  .arg(report->rows)
                                  .arg(report->seconds, 0, 'f', 1));
            emit generated();
            emit finished(true);
        });
}

void DemoDataDialog::cancel()
{
    if (!m_running || !m_worker)
        return;
    m_status->setText(tr("Stopping…"));
    m_stop.request_stop();
    m_worker->cancelRunning();
}

void DemoDataDialog::reject()
{
    if (m_running) {
        cancel(); // the first press stops; the dialog closes once it has
        return;
    }
    QDialog::reject();
}

QString DemoDataDialog::statusText() const
{
    return m_status->text();
}

} // namespace bridgescope
