#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace bridgescope {

// Carries a job's progress from a worker thread to a widget. The job holds it (shared), so it
// outlives a widget closed mid-run; Qt drops signals to a receiver that is gone. Made on the
// GUI thread with makeProgressRelay(), it is deleted there too (deleteLater).
class ProgressRelay : public QObject
{
    Q_OBJECT
signals:
    void progressed(qint64 done, qint64 total, const QString &phase);
};

inline std::shared_ptr<ProgressRelay> makeProgressRelay()
{
    return std::shared_ptr<ProgressRelay>(new ProgressRelay,
                                          [](ProgressRelay *relay) { relay->deleteLater(); });
}

} // namespace bridgescope
