#pragma once

#include "Error.h"
#include "health/ActivitySample.h"

#include <QWidget>

class QChart;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QPushButton;
class QValueAxis;

namespace bridgescope {

// The Health tab's Activity page: transactions per second, rows read and written per second,
// the cache hit ratio and sessions by state, each over the real time between two samples,
// drawn as the samples arrive (while the Health tab is on screen), kept for the session and
// exported as CSV.
class ActivityPane : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPane(QWidget *parent = nullptr);

    void addRates(const ActivityRates &rates);
    void clear();
    const QList<ActivityRates> &history() const { return m_history; }
    Status exportCsv(const QString &path) const;
    QString summary() const;

private:
    struct Plot
    {
        QChart *chart = nullptr;
        QDateTimeAxis *time = nullptr;
        QValueAxis *value = nullptr;
        QList<QLineSeries *> series;
        double max = 0;
    };
    Plot makePlot(const QString &title, const QStringList &series, const QString &unit);
    void append(Plot &plot, const QDateTime &at, const QList<double> &values);
    void askForCsvFile();
    static QString checkpointSentence(const ActivityRates &rates);

    QLabel *m_summary = nullptr;
    QPushButton *m_export = nullptr;
    QList<ActivityRates> m_history;
    Plot m_transactions, m_tuples, m_cache, m_sessions;
};

} // namespace bridgescope
