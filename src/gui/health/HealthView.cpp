#include "health/HealthView.h"

#include "connection/DbWorker.h"
#include "connection/Replication.h"
#include "health/ActivityPane.h"
#include "health/IndexHealth.h"
#include "health/ReplicationPane.h"
#include "health/StatementsPane.h"
#include "health/StorageHealth.h"
#include "health/StoragePane.h"
#include "health/TopStatements.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

// One tick's answer: what the page on screen shows, plus the activity counters and the role.
struct Sample
{
    std::optional<QList<BackendSession>> sessions;
    std::optional<QList<StandbyStatus>> standbys;
    std::optional<ActivityCounters> counters;
    ReplicationRole role;
    bool roleRead = false;
};

struct StorageSample
{
    StorageReport storage;
    IndexReport indexes;
};

} // namespace

HealthView::HealthView(QWidget *parent)
    : QWidget(parent)
    , m_role(new QLabel(this))
    , m_status(new QLabel(this))
    , m_pages(new QTabWidget(this))
    , m_sessions(new SessionsPane(this))
    , m_storage(new StoragePane(this))
    , m_activity(new ActivityPane(this))
    , m_statements(new StatementsPane(this))
    , m_replication(new ReplicationPane(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_role, 1);
    auto *interval = new QSpinBox(this);
    interval->setObjectName(QStringLiteral("sampleInterval"));
    interval->setRange(1, 600);
    interval->setValue(2);
    interval->setPrefix(tr("sample every "));
    interval->setSuffix(tr(" s"));
    interval->setToolTip(tr("How often the page shown and the activity counters are read, while "
                            "this tab is on screen."));
    controls->addWidget(interval);
    auto *refresh = new QPushButton(tr("&Refresh"), this);
    refresh->setObjectName(QStringLiteral("healthRefresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setToolTip(tr("Read the page shown again now (F5)."));
    controls->addWidget(refresh);
    layout->addLayout(controls);
    m_pages->setObjectName(QStringLiteral("healthPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_sessions, tr("Sessions"));
    m_pages->addTab(m_storage, tr("Storage"));
    m_pages->addTab(m_activity, tr("Activity"));
    m_pages->addTab(m_statements, tr("Statements"));
    connect(m_statements, &StatementsPane::openInConsoleRequested, this,
            [this](const QString &sql) {
                if (router())
                    router()->open(ViewTarget::sqlText(sql));
            });
    connect(m_statements, &StatementsPane::explainRequested, this, [this](const QString &sql) {
        if (router())
            router()->open(ViewTarget::explainSql(sql));
    });
    m_pages->addTab(m_replication, tr("Replication"));
    layout->addWidget(m_pages, 1);
    m_status->setObjectName(QStringLiteral("healthStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &HealthView::refresh);
    connect(interval, &QSpinBox::valueChanged, this,
            [this](int value) { setInterval(value * 1000); });
    connect(m_pages, &QTabWidget::currentChanged, this, [this](int index) {
        pageShown();
        emit pageChanged(Page(index));
    });
    connect(m_sessions, &SessionsPane::signalRequested, this, &HealthView::signalBackend);
    connect(refresh, &QPushButton::clicked, this, &HealthView::refreshPage);
    clearConnection();
}

HealthView::~HealthView()
{
    if (m_worker)
        m_worker->retire();
}

void HealthView::setConfirmation(SessionsPane::Confirmation confirmation)
{
    m_sessions->setConfirmation(std::move(confirmation));
}

void HealthView::setConnection(const ConnectionProfile &profile)
{
    clearConnection();
    m_profile = profile;
    m_worker = new DbWorker(profile, SessionOptions {}, QStringLiteral("health"), this);
    m_sessions->setConnected(true);
    m_status->setText(tr("Read every few seconds while this tab is on screen."));
    if (isVisible()) {
        pageShown();
        m_timer.start();
    }
}

void HealthView::clearConnection()
{
    ++m_generation;
    m_timer.stop();
    m_sampling = false;
    m_lastCounters.reset();
    if (m_worker) {
        m_worker->retire();
        m_worker = nullptr;
    }
    m_profile.reset();
    m_sessions->setConnected(false);
    m_sessions->clear();
    m_storage->clear();
    m_activity->clear();
    m_statements->clear();
    m_replication->clear();
    m_role->clear();
    m_status->setText(tr("Not connected"));
}

void HealthView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_worker) {
        pageShown();
        m_timer.start();
    }
}

void HealthView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop(); // no load on the server while nobody looks
}

HealthView::Page HealthView::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void HealthView::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

// A page just came on screen: sample now rather than at the next tick, and read Storage and
// Statements the first time they are shown.
void HealthView::pageShown()
{
    if (!m_worker || !isVisible())
        return;
    if (currentPage() == Page::Storage && !m_storage->hasReport())
        readStorage();
    else if (currentPage() == Page::Statements && !m_statements->hasReport())
        readStatements();
    refresh();
}

void HealthView::refreshPage()
{
    if (!m_worker)
        return;
    if (currentPage() == Page::Storage)
        readStorage();
    else if (currentPage() == Page::Statements)
        readStatements();
    refresh();
}

QString HealthView::statusText() const
{
    return m_status->text();
}

void HealthView::refresh()
{
    if (!m_worker || m_sampling)
        return;
    m_sampling = true;
    const quint64 generation = m_generation;
    const Page page = currentPage();
    m_worker->run<Sample>(
        [page](Session &session) -> Result<Sample> {
            Sample sample;
            if (page == Page::Sessions) {
                Result<QList<BackendSession>> sessions = readSessions(session);
                if (!sessions)
                    return std::unexpected(sessions.error());
                sample.sessions = *sessions;
            }
            if (page == Page::Replication) {
                Result<QList<StandbyStatus>> standbys = readStandbys(session);
                if (!standbys)
                    return std::unexpected(standbys.error());
                sample.standbys = *standbys;
            }
            Result<ActivityCounters> counters = readActivityCounters(session);
            if (!counters)
                return std::unexpected(counters.error());
            sample.counters = *counters;
            if (Result<ReplicationRole> role = readReplicationRole(session)) {
                sample.role = *role;
                sample.roleRead = true;
            }
            return sample;
        },
        this,
        [this, generation](Result<Sample> sample) {
            if (generation != m_generation)
                return;
            m_sampling = false;
            if (!sample) {
                m_status->setText(sample.error().message);
                m_statusIsError = true;
                return;
            }
            if (m_statusIsError) {
                m_status->setText(tr("Read every few seconds while this tab is on screen."));
                m_statusIsError = false;
            }
            if (sample->roleRead) {
                const QString role = sample->role.describe();
                m_role->setText(role.isEmpty() ? tr("This server: primary")
                                               : tr("This server: %1").arg(role));
            }
            if (sample->sessions)
                m_sessions->showSessions(*sample->sessions);
            if (sample->standbys && sample->roleRead)
                m_replication->showReplication(sample->role, *sample->standbys);
            if (m_lastCounters) {
                if (const std::optional<ActivityRates> rates
                    = activityRates(*m_lastCounters, *sample->counters))
                    m_activity->addRates(*rates);
            }
            m_lastCounters = sample->counters;
            emit refreshed();
        });
}

void HealthView::readStorage()
{
    if (!m_worker)
        return;
    m_storage->showLoading();
    const quint64 generation = m_generation;
    m_worker->run<StorageSample>(
        [](Session &session) -> Result<StorageSample> {
            Result<StorageReport> storage = bridgescope::readStorage(session);
            if (!storage)
                return std::unexpected(storage.error());
            Result<IndexReport> indexes = readIndexHealth(session);
            if (!indexes)
                return std::unexpected(indexes.error());
            return StorageSample { *storage, *indexes };
        },
        this,
        [this, generation](Result<StorageSample> sample) {
            if (generation != m_generation)
                return;
            if (sample)
                m_storage->showReport(sample->storage, sample->indexes);
            else
                m_storage->showError(sample.error().message);
            emit storageRead(bool(sample));
        });
}

void HealthView::readStatements()
{
    if (!m_worker)
        return;
    const quint64 generation = m_generation;
    m_worker->run<TopStatementsReport>([](Session &session) { return readTopStatements(session); },
                                       this,
                                       [this, generation](Result<TopStatementsReport> report) {
                                           if (generation != m_generation)
                                               return;
                                           if (report)
                                               m_statements->showReport(*report);
                                           else
                                               m_statements->showError(report.error().message);
                                           emit statementsRead(bool(report));
                                       });
}

void HealthView::signalBackend(int pid, bool terminate)
{
    if (!m_worker)
        return;
    m_worker->run<bool>(
        [pid, terminate](Session &session) -> Result<bool> {
            const Status done
                = terminate ? terminateBackend(session, pid) : cancelBackend(session, pid);
            if (!done)
                return std::unexpected(done.error());
            return true;
        },
        this,
        [this, pid, terminate](Result<bool> done) {
            m_statusIsError = false; // an answer the user asked for stays until replaced
            m_status->setText(!done           ? done.error().message
                                  : terminate ? tr("Terminated process %1.").arg(pid)
                                              : tr("Cancelled the query of process %1.").arg(pid));
            emit signalled(bool(done));
            refresh();
        });
}

void HealthView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile);
}

void HealthView::useSettings(QSettings &settings)
{
    // The page the user last looked at opens again.
    showPage(Page(qBound(0, settings.value(QStringLiteral("health/page"), 0).toInt(),
                         int(Page::Replication))));
    connect(this, &HealthView::pageChanged, this, [&settings](Page page) {
        settings.setValue(QStringLiteral("health/page"), int(page));
    });
}

} // namespace bridgescope
