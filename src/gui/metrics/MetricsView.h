#pragma once

#include "WorkspaceView.h"
#include "connection/ConnectionProfile.h"
#include "metrics/ChartQuery.h"

#include <QSet>
#include <QWidget>

#include <optional>

class QCheckBox;
class QChartView;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace bridgescope {

class DbWorker;

// The Metrics tab: one chart at a time (throughput, items per second, step durations) over a
// chosen range, aggregated by the server on a worker. The window never waits: a query's
// answer arrives later, and a stale one (the user changed the range meanwhile) is dropped.
class MetricsView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    enum class Range { LastHour, Last24Hours, Last7Days, Last30Days, Custom };

    explicit MetricsView(QWidget *parent = nullptr);
    ~MetricsView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Metrics"); }
    void useConnection(const ConnectionContext &connection) override;
    void databaseChanged(DatabaseChange change) override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();

    void setChart(ChartKind kind);
    void setRange(Range range);
    void setCustomRange(const QDateTime &from, const QDateTime &to);
    void setNamespaceFilter(const QString &name); // empty: all
    void setSplit(ThroughputSplit split);
    void setTimeZone(const QByteArray &zone); // tests; the machine's zone otherwise
    void setAutoRefresh(int seconds); // 0: off
    void refresh();

    Status exportTo(const QString &path) const; // .png or .csv of the chart on screen
    const std::optional<ChartData> &chartData() const { return m_data; }
    QString statusText() const;
    QString messageText() const; // the page shown instead of a chart, or empty
    QChartView *chartView() const { return m_chartView; }

signals:
    void chartShown(); // a chart (or the "no data" page) is on screen: tests, screenshots
    void failed(const QString &message);
    void demoDataRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void activate();
    void buildControls();
    ChartRequest currentRequest() const;
    void showChart(ChartData data);
    void showMessage(const QString &message);
    void wireLegendAndTooltips();
    void updateControls();
    void loadNamespaces();
    void chooseExport();

    std::optional<ConnectionProfile> m_profile; // connected; the worker starts when shown
    DbWorker *m_worker = nullptr;
    quint64 m_generation = 0;
    bool m_running = false;
    std::optional<ChartData> m_data;
    QSet<QString> m_hiddenSeries; // legend toggles survive a refresh
    QByteArray m_timeZone;

    QComboBox *m_chartBox = nullptr;
    QComboBox *m_rangeBox = nullptr;
    QDateTimeEdit *m_fromEdit = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
    QComboBox *m_namespaceBox = nullptr;
    QComboBox *m_splitBox = nullptr;
    QLabel *m_splitLabel = nullptr;
    QCheckBox *m_autoRefresh = nullptr;
    QSpinBox *m_refreshSeconds = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QToolButton *m_exportButton = nullptr;
    QPushButton *m_demoButton = nullptr;
    QStackedWidget *m_pages = nullptr;
    QChartView *m_chartView = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_busy = nullptr;
    QTimer *m_refreshTimer = nullptr;
};

} // namespace bridgescope
