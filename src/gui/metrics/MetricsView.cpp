#include "metrics/MetricsView.h"

#include "FlowLayout.h"
#include "connection/DbWorker.h"
#include "metrics/ChartBuilder.h"

#include <QAreaSeries>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QDateTimeEdit>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

qint64 rangeSeconds(MetricsView::Range range)
{
    switch (range) {
    case MetricsView::Range::LastHour:
        return 3600;
    case MetricsView::Range::Last24Hours:
        return 86400;
    case MetricsView::Range::Last7Days:
        return 7 * 86400;
    case MetricsView::Range::Last30Days:
        return 30 * 86400;
    case MetricsView::Range::Custom:
        break;
    }
    return 0;
}

} // namespace

MetricsView::MetricsView(QWidget *parent)
    : QWidget(parent)
    , m_refreshTimer(new QTimer(this))
{
    buildControls();
    m_pages = new QStackedWidget(this);
    m_chartView = new QChartView(new QChart, m_pages);
    m_chartView->setObjectName(QStringLiteral("metricsChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_message = new QLabel(m_pages);
    m_message->setObjectName(QStringLiteral("metricsMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_pages->addWidget(m_chartView);
    m_pages->addWidget(m_message);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("metricsStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long sentence (a missing table, a refusal) wraps rather than widen the window.
    m_status->setWordWrap(true);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // the server does not say how far it is
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_busy);

    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    layout->addWidget(m_pages, 1);
    layout->addLayout(statusRow);

    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (!m_running) // a slow query is not stacked up behind itself
            refresh();
    });
    clearConnection();
    connect(this, &MetricsView::demoDataRequested, this, [this] {
        if (router())
            router()->requestDemoData();
    });
}

MetricsView::~MetricsView()
{
    // Tearing the widget down moves the focus, and a date edit losing it emits editingFinished:
    // no control may call back into a view whose members are already gone.
    const QList<QWidget *> controls = findChildren<QWidget *>();
    for (QWidget *control : controls)
        control->disconnect(this);
    m_refreshTimer->stop();
    if (m_worker)
        m_worker->retire();
}

void MetricsView::buildControls()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    // Wraps onto a second line in a narrow window rather than cutting its buttons.
    auto *row = new FlowLayout;
    layout->addLayout(row);

    m_chartBox = new QComboBox(this);
    m_chartBox->setObjectName(QStringLiteral("chartKind"));
    m_chartBox->addItem(tr("Workflow throughput"), int(ChartKind::Throughput));
    m_chartBox->addItem(tr("Aggregation items per second"), int(ChartKind::ItemsPerSecond));
    m_chartBox->addItem(tr("Step durations"), int(ChartKind::StepDurations));

    m_rangeBox = new QComboBox(this);
    m_rangeBox->setObjectName(QStringLiteral("range"));
    m_rangeBox->addItem(tr("Last hour"), int(Range::LastHour));
    m_rangeBox->addItem(tr("Last 24 hours"), int(Range::Last24Hours));
    m_rangeBox->addItem(tr("Last 7 days"), int(Range::Last7Days));
    m_rangeBox->addItem(tr("Last 30 days"), int(Range::Last30Days));
    m_rangeBox->addItem(tr("Custom…"), int(Range::Custom));
    m_rangeBox->setCurrentIndex(2);
    const QDateTime now = QDateTime::currentDateTime();
    m_fromEdit = new QDateTimeEdit(now.addDays(-1), this);
    m_toEdit = new QDateTimeEdit(now, this);
    for (QDateTimeEdit *edit : { m_fromEdit, m_toEdit }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    }

    m_namespaceBox = new QComboBox(this);
    m_namespaceBox->setObjectName(QStringLiteral("namespace"));
    m_namespaceBox->addItem(tr("All namespaces"), QString());
    m_namespaceBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_splitLabel = new QLabel(tr("Split:"), this);
    m_splitBox = new QComboBox(this);
    m_splitBox->setObjectName(QStringLiteral("split"));
    m_splitBox->addItem(tr("None"), int(ThroughputSplit::None));
    m_splitBox->addItem(tr("By namespace"), int(ThroughputSplit::Namespace));
    m_splitBox->addItem(tr("By workflow type"), int(ThroughputSplit::WorkflowType));

    m_autoRefresh = new QCheckBox(tr("Auto-refresh every"), this);
    m_refreshSeconds = new QSpinBox(this);
    m_refreshSeconds->setRange(5, 3600);
    m_refreshSeconds->setValue(30);
    m_refreshSeconds->setSuffix(tr(" s"));

    m_refreshButton = new QPushButton(tr("Refresh"), this);
    m_refreshButton->setShortcut(QKeySequence::Refresh);
    m_exportButton = new QToolButton(this);
    m_exportButton->setText(tr("Export"));
    m_exportButton->setToolTip(tr("Save the chart as PNG, or its numbers as CSV"));
    m_demoButton = new QPushButton(tr("Generate demo data…"), this);
    m_demoButton->setToolTip(tr("Fill the OmniNode Bridge tables with realistic demo workflows"));

    row->addWidget(m_chartBox);
    row->addWidget(m_rangeBox);
    row->addWidget(m_fromEdit);
    row->addWidget(m_toEdit);
    row->addWidget(m_namespaceBox);
    const auto together = [](QWidget *label, QWidget *control) {
        auto *pair = new QHBoxLayout;
        pair->setContentsMargins(0, 0, 0, 0);
        pair->addWidget(label);
        pair->addWidget(control);
        return pair;
    };
    row->addLayout(together(m_splitLabel, m_splitBox));
    row->addStretch();
    row->addLayout(together(m_autoRefresh, m_refreshSeconds));
    row->addWidget(m_refreshButton);
    row->addWidget(m_exportButton);
    row->addWidget(m_demoButton);

    const auto changed = [this] {
        updateControls();
        refresh();
    };
    connect(m_chartBox, &QComboBox::currentIndexChanged, this, [this, changed] {
        m_hiddenSeries.clear();
        changed();
    });
    connect(m_rangeBox, &QComboBox::currentIndexChanged, this, changed);
    connect(m_namespaceBox, &QComboBox::currentIndexChanged, this, changed);
    connect(m_splitBox, &QComboBox::currentIndexChanged, this, [this, changed] {
        m_hiddenSeries.clear();
        changed();
    });
    connect(m_fromEdit, &QDateTimeEdit::editingFinished, this, changed);
    connect(m_toEdit, &QDateTimeEdit::editingFinished, this, changed);
    connect(m_refreshButton, &QPushButton::clicked, this, &MetricsView::refresh);
    connect(m_autoRefresh, &QCheckBox::toggled, this,
            [this](bool on) { setAutoRefresh(on ? m_refreshSeconds->value() : 0); });
    connect(m_refreshSeconds, &QSpinBox::valueChanged, this, [this](int seconds) {
        if (m_autoRefresh->isChecked())
            setAutoRefresh(seconds);
    });
    connect(m_exportButton, &QToolButton::clicked, this, &MetricsView::chooseExport);
    connect(m_demoButton, &QPushButton::clicked, this, &MetricsView::demoDataRequested);
    updateControls();
}

void MetricsView::updateControls()
{
    const bool custom = Range(m_rangeBox->currentData().toInt()) == Range::Custom;
    m_fromEdit->setVisible(custom);
    m_toEdit->setVisible(custom);
    const ChartKind kind = ChartKind(m_chartBox->currentData().toInt());
    const bool timeChart = kind != ChartKind::StepDurations;
    m_splitLabel->setVisible(timeChart);
    m_splitBox->setVisible(timeChart);
    // Items per second splits by namespace only; its default is one line per aggregation type.
    const int byType = m_splitBox->findData(int(ThroughputSplit::WorkflowType));
    if (auto *choices = qobject_cast<QStandardItemModel *>(m_splitBox->model()))
        choices->item(byType)->setEnabled(kind == ChartKind::Throughput);
    if (kind != ChartKind::Throughput && m_splitBox->currentIndex() == byType)
        m_splitBox->setCurrentIndex(m_splitBox->findData(int(ThroughputSplit::None)));
    const bool connected = m_worker != nullptr;
    for (QWidget *control : std::initializer_list<QWidget *> {
             m_chartBox, m_rangeBox, m_namespaceBox, m_splitBox, m_refreshButton, m_demoButton,
             m_autoRefresh, m_refreshSeconds })
        control->setEnabled(connected);
    m_exportButton->setEnabled(connected && m_data && m_data->hasData());
}

void MetricsView::setConnection(const ConnectionProfile &profile)
{
    clearConnection();
    // Aggregates over millions of rows run only once someone looks at the tab.
    m_profile = profile;
    if (isVisible())
        activate();
}

void MetricsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_profile && !m_worker)
        activate();
}

void MetricsView::activate()
{
    m_worker = new DbWorker(*m_profile, SessionOptions {}, QStringLiteral("metrics"), this);
    updateControls();
    loadNamespaces();
    refresh();
}

void MetricsView::clearConnection()
{
    ++m_generation;
    m_running = false;
    m_profile.reset();
    if (m_worker) {
        m_worker->retire();
        m_worker = nullptr;
    }
    m_data.reset();
    m_busy->hide();
    m_status->clear();
    m_namespaceBox->blockSignals(true);
    while (m_namespaceBox->count() > 1)
        m_namespaceBox->removeItem(1);
    m_namespaceBox->blockSignals(false);
    showMessage(tr("Not connected. Connect to an OmniNode Bridge database (File ▸ Connect) to "
                   "chart its workflows."));
    updateControls();
}

void MetricsView::loadNamespaces()
{
    if (!m_worker)
        return;
    const quint64 generation = m_generation;
    m_worker->run<QStringList>([](Session &session) { return readNamespaces(session); }, this,
                               [this, generation](Result<QStringList> names) {
                                   if (generation != m_generation || !names)
                                       return; // the chart's own query says what is wrong
                                   const QString current = m_namespaceBox->currentData().toString();
                                   m_namespaceBox->blockSignals(true);
                                   while (m_namespaceBox->count() > 1)
                                       m_namespaceBox->removeItem(1);
                                   for (const QString &name : *names)
                                       m_namespaceBox->addItem(name, name);
                                   m_namespaceBox->setCurrentIndex(
                                       std::max(0, m_namespaceBox->findData(current)));
                                   m_namespaceBox->blockSignals(false);
                               });
}

ChartRequest MetricsView::currentRequest() const
{
    ChartRequest request;
    request.kind = ChartKind(m_chartBox->currentData().toInt());
    request.timeZone = m_timeZone;
    const Range range = Range(m_rangeBox->currentData().toInt());
    if (range == Range::Custom) {
        const QTimeZone zone
            = m_timeZone.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(m_timeZone);
        request.from = QDateTime(m_fromEdit->date(), m_fromEdit->time(), zone);
        request.to = QDateTime(m_toEdit->date(), m_toEdit->time(), zone);
    } else {
        request.to = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch());
        request.from = request.to.addSecs(-rangeSeconds(range));
    }
    request.namespaceFilter = m_namespaceBox->currentData().toString();
    if (request.kind != ChartKind::StepDurations)
        request.split = ThroughputSplit(m_splitBox->currentData().toInt());
    return request;
}

void MetricsView::refresh()
{
    if (!m_worker)
        return;
    Result<ChartRequest> request = resolveChartRequest(currentRequest());
    if (!request) { // refused before it reaches the server: a reversed range, an unknown zone
        ++m_generation;
        m_running = false;
        m_busy->hide();
        m_data.reset();
        showMessage(request.error().message);
        m_status->setText(request.error().message);
        updateControls();
        emit chartShown();
        return;
    }
    const quint64 generation = ++m_generation;
    m_running = true;
    m_busy->show();
    m_status->setText(tr("The server is aggregating…"));
    m_worker->run<ChartData>(
        [request = *request](Session &session) { return readChart(session, request); }, this,
        [this, generation](Result<ChartData> data) {
            if (generation != m_generation)
                return; // the user changed the chart or range meanwhile
            m_running = false;
            m_busy->hide();
            if (!data) {
                m_data.reset();
                showMessage(data.error().message);
                m_status->setText(data.error().message);
                updateControls();
                emit failed(data.error().message);
                emit chartShown();
                return;
            }
            showChart(std::move(*data));
        });
}

void MetricsView::showChart(ChartData data)
{
    m_data = std::move(data);
    const ChartRequest &request = m_data->request;
    const QTimeZone zone(request.timeZone);
    const QString range
        = tr("%1 to %2")
              .arg(request.from.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                   request.to.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm t")));
    if (!m_data->hasData()) {
        showMessage(tr("No data in this range (%1)%2.")
                        .arg(range,
                             request.namespaceFilter.isEmpty()
                                 ? QString()
                                 : tr(" for namespace %1").arg(request.namespaceFilter)));
        m_status->setText(tr("No data in this range."));
        updateControls();
        emit chartShown();
        return;
    }
    QChart *old = m_chartView->chart();
    m_chartView->setChart(buildChart(*m_data));
    delete old;
    wireLegendAndTooltips();
    m_pages->setCurrentWidget(m_chartView);
    QString status = request.kind == ChartKind::StepDurations
        ? tr("%1 · %2 steps").arg(range).arg(m_data->rows.size())
        : tr("%1 · %2 buckets · %3 series")
              .arg(range, bucketLabel(request.bucketSeconds))
              .arg(m_data->seriesNames().size());
    // A range that ends now cuts its last bucket: its drop is time not yet passed, not load.
    if (const std::optional<qint64> partial = m_data->partialLastBucketSeconds())
        status += tr(" · the last bucket is partial: %1 of %2 so far")
                      .arg(bucketLabel(*partial >= 60 ? *partial - *partial % 60 : *partial),
                           bucketLabel(request.bucketSeconds));
    m_status->setText(status);
    updateControls();
    emit chartShown();
}

void MetricsView::wireLegendAndTooltips()
{
    QChart *chart = m_chartView->chart();
    const auto dim = [](QLegendMarker *marker, bool visible) {
        QColor label = marker->labelBrush().color();
        label.setAlphaF(visible ? 1.0 : 0.4);
        marker->setLabelBrush(label);
    };
    // Legend entries toggle their series (every line drawn under the name: a rate's gaps and
    // its dashed twin); the choice is kept across refreshes.
    const auto setShown = [chart](const QString &name, bool visible) {
        for (QAbstractSeries *series : chart->series())
            if (series->name() == name)
                series->setVisible(visible);
    };
    for (QLegendMarker *marker : chart->legend()->markers()) {
        QAbstractSeries *series = marker->series();
        if (marker->type() == QLegendMarker::LegendMarkerTypeBar || !marker->isVisible())
            continue; // a bar set cannot be hidden on its own; a hidden marker is a twin's
        if (m_hiddenSeries.contains(series->name())) {
            setShown(series->name(), false);
            marker->setVisible(true);
            dim(marker, false);
        }
        connect(marker, &QLegendMarker::clicked, this, [this, marker, series, dim, setShown] {
            const bool visible = !series->isVisible();
            setShown(series->name(), visible);
            marker->setVisible(true);
            dim(marker, visible);
            if (visible)
                m_hiddenSeries.remove(series->name());
            else
                m_hiddenSeries.insert(series->name());
        });
    }
    // Tooltips with the exact values of the bucket under the mouse.
    const auto tip = [this](const QString &seriesName, const QPointF &point, bool entered) {
        if (!entered || !m_data) {
            QToolTip::hideText();
            return;
        }
        QString series = seriesName;
        if (!m_data->seriesNames().contains(series))
            series.clear(); // completed / failed / started: all rows of the one series
        QToolTip::showText(QCursor::pos(), describePoint(*m_data, series, qint64(point.x())),
                           m_chartView);
    };
    for (QAbstractSeries *series : chart->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(series)) {
            connect(
                line, &QLineSeries::hovered, this,
                [tip, line](const QPointF &point, bool state) { tip(line->name(), point, state); });
        } else if (auto *area = qobject_cast<QAreaSeries *>(series);
                   area && area->objectName() != QLatin1String(kPartialBucketName)) {
            connect(
                area, &QAreaSeries::hovered, this,
                [tip, area](const QPointF &point, bool state) { tip(area->name(), point, state); });
        } else if (auto *bars = qobject_cast<QBarSeries *>(series)) {
            connect(bars, &QBarSeries::hovered, this, [this](bool state, int index, QBarSet *) {
                if (!state || !m_data || index >= m_data->rows.size()) {
                    QToolTip::hideText();
                    return;
                }
                const ChartRow &row = m_data->rows[index];
                QToolTip::showText(QCursor::pos(),
                                   tr("%1\n%2 steps\np50 %3 ms · p95 %4 ms · max %5 ms")
                                       .arg(row.series)
                                       .arg(row.values[0], 0, 'f', 0)
                                       .arg(row.values[1], 0, 'f', 1)
                                       .arg(row.values[2], 0, 'f', 1)
                                       .arg(row.values[3], 0, 'f', 0),
                                   m_chartView);
            });
        }
    }
}

void MetricsView::showMessage(const QString &message)
{
    m_message->setText(message);
    m_pages->setCurrentWidget(m_message);
}

void MetricsView::chooseExport()
{
    if (!m_data || !m_data->hasData())
        return;
    const QString name = QStringLiteral("%1.png").arg(chartName(m_data->request.kind));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), name,
                                                      tr("PNG image (*.png);;CSV numbers (*.csv)"));
    if (path.isEmpty())
        return;
    if (Status written = exportTo(path); !written)
        m_status->setText(written.error().message);
    else
        m_status->setText(tr("Wrote %1.").arg(QDir::toNativeSeparators(path)));
}

Status MetricsView::exportTo(const QString &path) const
{
    if (!m_data || !m_data->hasData())
        return fail(Error::Kind::Usage, tr("There is no chart to export."));
    // A PNG is the chart as it is on screen (hidden series stay hidden); a CSV has every number.
    if (QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0) {
        if (!m_chartView->grab().save(path, "PNG"))
            return fail(Error::Kind::Generic, tr("Cannot write %1.").arg(path));
        return {};
    }
    return writeChartFile(*m_data, path);
}

void MetricsView::setChart(ChartKind kind)
{
    m_chartBox->setCurrentIndex(m_chartBox->findData(int(kind)));
}

void MetricsView::setRange(Range range)
{
    m_rangeBox->setCurrentIndex(m_rangeBox->findData(int(range)));
}

void MetricsView::setCustomRange(const QDateTime &from, const QDateTime &to)
{
    m_fromEdit->setDateTime(from);
    m_toEdit->setDateTime(to);
    if (Range(m_rangeBox->currentData().toInt()) == Range::Custom)
        refresh();
    else
        setRange(Range::Custom);
}

void MetricsView::setNamespaceFilter(const QString &name)
{
    int index = m_namespaceBox->findData(name);
    if (index < 0) { // not loaded yet: the filter still applies
        m_namespaceBox->addItem(name, name);
        index = m_namespaceBox->count() - 1;
    }
    m_namespaceBox->setCurrentIndex(index);
}

void MetricsView::setSplit(ThroughputSplit split)
{
    const ChartKind kind = ChartKind(m_chartBox->currentData().toInt());
    if (split == ThroughputSplit::WorkflowType && kind != ChartKind::Throughput)
        return; // a rate splits by namespace only (the choice is greyed out)
    m_splitBox->setCurrentIndex(m_splitBox->findData(int(split)));
}

void MetricsView::setTimeZone(const QByteArray &zone)
{
    m_timeZone = zone;
}

void MetricsView::setAutoRefresh(int seconds)
{
    m_autoRefresh->blockSignals(true);
    m_autoRefresh->setChecked(seconds > 0);
    m_autoRefresh->blockSignals(false);
    if (seconds > 0) {
        m_refreshSeconds->setValue(seconds);
        m_refreshTimer->start(seconds * 1000);
    } else {
        m_refreshTimer->stop();
    }
}

QString MetricsView::statusText() const
{
    return m_status->text();
}

QString MetricsView::messageText() const
{
    return m_pages->currentWidget() == m_message ? m_message->text() : QString();
}

void MetricsView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile);
}

void MetricsView::databaseChanged(DatabaseChange change)
{
    if (change != DatabaseChange::Data || !m_profile)
        return;
    const ConnectionProfile profile = *m_profile; // new namespaces, new rows
    setConnection(profile);
}

} // namespace bridgescope
