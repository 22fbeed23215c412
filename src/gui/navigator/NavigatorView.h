#pragma once

#include "WorkspaceView.h"
#include "catalog/CatalogIndex.h"

#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QTimer;
class QTreeView;

namespace bridgescope {

class DbWorker;
class DdlPane;
class GoToPopup;
class NavigatorModel;

// The navigator beside every view (a dock): every object of the database in a tree with a
// filter, the selected object's DDL below it, and Go to anything (Ctrl+P) over the window.
// Double-click or Enter opens a table or view in the Data tab and shows anything else's DDL;
// the context menu offers Open in Data, Show in diagram, Copy name and Copy DDL. The catalog
// is read on a worker thread, once per connection and again when the schema changes.
class NavigatorView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    explicit NavigatorView(QWidget *parent = nullptr);
    ~NavigatorView() override;

    // WorkspaceView (placed in a dock rather than a tab)
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Navigator"); }
    void useConnection(const ConnectionContext &connection) override;
    void clearConnection() override;
    void databaseChanged(DatabaseChange change) override;

    void setConnection(const ConnectionProfile &profile);
    void reload();
    void setFilterText(const QString &text); // as typed in the filter box, at once
    void showGoTo(QWidget *over); // Go to anything over that widget (the main window)
    // Selects the object in the tree and shows its DDL; opens a table or view in Data when
    // `open`.
    void goTo(int object, bool open);

    std::shared_ptr<const CatalogIndex> catalog() const { return m_index; }
    NavigatorModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    DdlPane *ddlPane() const { return m_ddl; }
    GoToPopup *goToPopup() const { return m_goTo; }
    QString statusText() const;

signals:
    void catalogRead(); // the tree shows the catalog, without the tables' parts yet
    void partsRead(); // and now with them (or said why not)
    void ddlShown(); // the pane shows an object's DDL or why not (tests)

private:
    void showCatalog(Result<CatalogIndex> index);
    void readParts(quint64 generation); // the tables' parts, after the first paint
    void requestDdl(int object, std::function<void(const QString &)> then = {});
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &at);

    NavigatorModel *m_model = nullptr;
    QLineEdit *m_filter = nullptr;
    QTimer *m_filterDelay = nullptr;
    QLabel *m_status = nullptr;
    QTreeView *m_tree = nullptr;
    DdlPane *m_ddl = nullptr;
    GoToPopup *m_goTo = nullptr;
    DbWorker *m_worker = nullptr;
    std::shared_ptr<const CatalogIndex> m_index;
    quint64 m_generation = 0; // answers of an older connection or catalog are dropped
    // Only the last DDL asked for is read and shown; shared with the worker's jobs.
    std::shared_ptr<std::atomic<quint64>> m_ddlGeneration
        = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace bridgescope
