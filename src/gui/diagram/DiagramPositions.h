#pragma once

#include <QHash>
#include <QPointF>
#include <QString>

class QSettings;

namespace bridgescope {

// Where the user put each table, per database ("host:port/dbname"), in the application's
// settings. Tables not in the store are laid out afresh; positions of tables that no longer
// exist are dropped when the diagram is saved again.
class DiagramPositions
{
public:
    explicit DiagramPositions(QSettings &settings);

    QHash<QString, QPointF> load(const QString &database) const;
    void save(const QString &database, const QHash<QString, QPointF> &positions);
    void forget(const QString &database); // "Re-layout": back to Graphviz's placement

private:
    static QString keyFor(const QString &database);
    QSettings &m_settings;
};

} // namespace bridgescope
