#include "health/ActivityPane.h"

#include "SavedFile.h"
#include "ScrollWhenShort.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QVBoxLayout>
#include <QValueAxis>

namespace bridgescope {

ActivityPane::ActivityPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_export(new QPushButton(tr("&Export CSV\u2026"), this))
{
    m_summary->setObjectName(QStringLiteral("activitySummary"));
    m_summary->setWordWrap(true);
    m_export->setObjectName(QStringLiteral("exportActivity"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    auto *charts = new QWidget(this);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    m_transactions
        = makePlot(tr("Transactions per second"), { tr("commits"), tr("rollbacks") }, tr("/s"));
    m_tuples = makePlot(tr("Rows per second"), { tr("read"), tr("written") }, tr("/s"));
    m_cache = makePlot(tr("Cache hit ratio"), { tr("hits") }, tr("%"));
    m_sessions
        = makePlot(tr("Sessions by state"),
                   { tr("active"), tr("idle"), tr("idle in transaction"), tr("waiting on a lock") },
                   QString());
    int index = 0;
    for (Plot *plot : { &m_transactions, &m_tuples, &m_cache, &m_sessions }) {
        auto *view = new QChartView(plot->chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(180);
        grid->addWidget(view, index / 2, index % 2);
        ++index;
    }
    layout->addWidget(scrollWhenShort(charts, this), 1);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_export);
    layout->addLayout(bottom);
    connect(m_export, &QPushButton::clicked, this, &ActivityPane::askForCsvFile);
    clear();
}

ActivityPane::Plot ActivityPane::makePlot(const QString &title, const QStringList &series,
                                          const QString &unit)
{
    Plot plot;
    plot.chart = new QChart;
    plot.chart->setTitle(title);
    plot.chart->legend()->setAlignment(Qt::AlignBottom);
    plot.chart->setMargins(QMargins(4, 4, 4, 4));
    plot.time = new QDateTimeAxis;
    plot.time->setFormat(QStringLiteral("hh:mm:ss"));
    plot.time->setTickCount(5);
    plot.value = new QValueAxis;
    plot.value->setLabelFormat(unit == QLatin1String("%") ? QStringLiteral("%.0f%%")
                                                          : QStringLiteral("%g"));
    plot.value->setMin(0);
    // Qt Charts cuts a label that it thinks too wide for a small chart ("1…" for "100%"): a
    // number is worth nothing cut, and the few these axes have fit.
    plot.value->setTruncateLabels(false);
    plot.time->setTruncateLabels(false);
    plot.chart->addAxis(plot.time, Qt::AlignBottom);
    plot.chart->addAxis(plot.value, Qt::AlignLeft);
    for (const QString &name : series) {
        auto *line = new QLineSeries;
        line->setName(name);
        plot.chart->addSeries(line);
        line->attachAxis(plot.time);
        line->attachAxis(plot.value);
        plot.series << line;
    }
    plot.chart->legend()->setVisible(series.size() > 1);
    return plot;
}

void ActivityPane::clear()
{
    m_history.clear();
    for (Plot *plot : { &m_transactions, &m_tuples, &m_cache, &m_sessions }) {
        for (QLineSeries *line : plot->series)
            line->clear();
        plot->max = 0;
        plot->value->setRange(0, 1);
        const QDateTime now = QDateTime::currentDateTime();
        plot->time->setRange(now.addSecs(-60), now);
    }
    m_export->setEnabled(false);
    m_summary->setText(tr("Rates are drawn from two samples at a time while the Health tab is on "
                          "screen, and kept until you disconnect."));
}

void ActivityPane::append(Plot &plot, const QDateTime &at, const QList<double> &values)
{
    for (int i = 0; i < values.size() && i < plot.series.size(); ++i) {
        plot.series.at(i)->append(double(at.toMSecsSinceEpoch()), values.at(i));
        plot.max = qMax(plot.max, values.at(i));
    }
    if (plot.value->labelFormat() != QLatin1String("%.0f%%")) {
        plot.value->setRange(0, plot.max > 0 ? plot.max * 1.1 : 1);
        plot.value->applyNiceNumbers(); // round ticks: 0, 5, 10 rather than 0, 1.1, 2.2
    }
}

void ActivityPane::addRates(const ActivityRates &rates)
{
    m_history << rates;
    append(m_transactions, rates.at, { rates.commitsPerSecond, rates.rollbacksPerSecond });
    append(m_tuples, rates.at, { rates.tuplesReadPerSecond, rates.tuplesWrittenPerSecond });
    if (rates.cacheHitRatio)
        append(m_cache, rates.at, { *rates.cacheHitRatio * 100.0 });
    m_cache.value->setRange(0, 100);
    append(m_sessions, rates.at,
           { double(rates.active), double(rates.idle), double(rates.idleInTransaction),
             double(rates.waitingOnLock) });
    // Every chart over the same span: the whole session, and at least the last minute, so that
    // the first samples do not stretch a second across the axis.
    const QDateTime last = rates.at.toLocalTime();
    const QDateTime first
        = m_history.first().at.addMSecs(-qint64(m_history.first().seconds * 1000)).toLocalTime();
    for (Plot *plot : { &m_transactions, &m_tuples, &m_cache, &m_sessions })
        plot->time->setRange(qMin(first, last.addSecs(-60)), last);
    m_export->setEnabled(true);
    m_summary->setText(
        tr("%1 transactions/s, %2 rows read/s, %3 rows written/s, cache hits %4 over the last "
           "%5 s; %6 samples kept.")
            .arg(QString::number(rates.transactionsPerSecond(), 'f', 1),
                 QString::number(rates.tuplesReadPerSecond, 'f', 0),
                 QString::number(rates.tuplesWrittenPerSecond, 'f', 0),
                 rates.cacheHitRatio
                     ? QStringLiteral("%1%").arg(*rates.cacheHitRatio * 100.0, 0, 'f', 1)
                     : QStringLiteral("\u2013"),
                 QString::number(rates.seconds, 'f', 1))
            .arg(m_history.size())
        + QLatin1Char(' ') + checkpointSentence(rates));
}

QString ActivityPane::checkpointSentence(const ActivityRates &rates)
{
    // Requested ones have several causes, which the server does not tell apart: no advice here,
    // only what each may be (the server log says when WAL volume forces them too often).
    return tr("Checkpoints since the server's statistics were reset: %1 on schedule, %2 "
              "requested (by WAL volume, a CHECKPOINT, CREATE or DROP DATABASE, a base backup).")
        .arg(rates.checkpointsTimed)
        .arg(rates.checkpointsRequested);
}

QString ActivityPane::summary() const
{
    return m_summary->text();
}

Status ActivityPane::exportCsv(const QString &path) const
{
    // All of it or nothing: a full disk leaves the file that was there as it was.
    return saveFile(path, activityCsv(m_history).toUtf8());
}

void ActivityPane::askForCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export activity"), QStringLiteral("activity.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const Status written = exportCsv(path);
    m_summary->setText(
        written ? tr("Wrote %n sample(s) to %1.", nullptr, int(m_history.size())).arg(path)
                : written.error().message);
}

} // namespace bridgescope
