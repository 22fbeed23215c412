#pragma once

#include "health/IndexHealth.h"
#include "health/StorageHealth.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace bridgescope {

// The Health tab's Storage page: the database's size and transaction ID age, its tables by size
// with dead rows, the bloat estimate, vacuum and analyze times (what needs attention tinted),
// every database's age against wraparound, and the unused and duplicate indexes. HealthView
// reads it when the page is first shown and on Refresh, not on every tick: it sizes every table.
class StoragePane : public QWidget
{
    Q_OBJECT
public:
    explicit StoragePane(QWidget *parent = nullptr);

    void showReport(const StorageReport &storage, const IndexReport &indexes);
    void showError(const QString &message);
    void showLoading();
    void clear();
    bool hasReport() const { return m_loaded; }

    QTreeWidget *tableTree() const { return m_tables; }
    QTreeWidget *databaseTree() const { return m_databases; }
    QTreeWidget *unusedTree() const { return m_unused; }
    QTreeWidget *duplicateTree() const { return m_duplicates; }
    QString summary() const;

private:
    QLabel *m_summary = nullptr;
    QTreeWidget *m_tables = nullptr;
    QTreeWidget *m_databases = nullptr;
    QTreeWidget *m_unused = nullptr;
    QTreeWidget *m_duplicates = nullptr;
    bool m_loaded = false;
};

} // namespace bridgescope
