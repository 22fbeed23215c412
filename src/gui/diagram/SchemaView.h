#pragma once

#include "Error.h"
#include "WorkspaceView.h"
#include "catalog/SchemaSnapshot.h"
#include "connection/ConnectionProfile.h"
#include "diagram/DiagramScene.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QToolButton;
class QProgressBar;
class QSettings;
class QSpinBox;
class QStackedWidget;

namespace bridgescope {

class DbWorker;
class DiagramPositions;
class DiagramView;

// The Schema tab: the live catalog as an ER diagram. The catalog is read on a worker and laid
// out by Graphviz on a thread of its own; the GUI thread only builds and moves items.
class SchemaView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    SchemaView(QSettings &settings, QWidget *parent = nullptr);
    ~SchemaView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Schema"); }
    void useConnection(const ConnectionContext &connection) override;
    void databaseChanged(DatabaseChange change) override;
    bool canOpen(const ViewTarget &target) const override;
    void open(const ViewTarget &target) override; // a table in the diagram

    void setConnection(const ConnectionProfile &profile, const QString &databaseKey);
    void clearConnection();
    void reload(); // read the catalog again; placed tables stay where they are

    // Focus: one table and its neighbours to `depth` keys away. An empty name shows all.
    void focusOn(const QString &schema, const QString &table, int depth);
    void showAll();
    void setSearchText(const QString &text);
    void findNext(); // Enter in Find
    void findPrevious(); // Shift+Enter
    void showMatch(int index); // the index-th match, the best first
    QString matchText() const; // "29 matches", "3 of 29"

    // Export what the tab shows: the whole diagram, or only the part in the window.
    Status exportTo(const QString &path, bool visiblePartOnly);

    DiagramScene *scene() const { return m_scene; }
    DiagramView *view() const { return m_view; }
    QString statusText() const;
    bool isBusy() const;

signals:
    void openTableRequested(const QString &schema, const QString &table);
    void diagramReady(); // the catalog is drawn and placed (tests, screenshots)
    void failed(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildToolBar();
    void showSnapshot(bool keepView);
    void finishPlacement(bool fit, qint64 layoutMs, const QString &engines);
    void showMessage(const QString &message);
    void setBusy(const QString &what);
    void savePositions();
    void updateActions();
    void chooseExport(bool visiblePartOnly);

    std::unique_ptr<DiagramPositions> m_positions;
    QPointer<DbWorker> m_worker;
    ConnectionProfile m_profile;
    QString m_databaseKey;
    quint64 m_generation = 0;
    std::optional<SchemaSnapshot> m_catalog;
    struct Focus
    {
        QString schema, table;
        int depth = 1;
    };
    std::optional<Focus> m_focus;
    QList<DiagramScene::Match> m_matches;
    int m_matchIndex = -1;

    DiagramScene *m_scene = nullptr;
    DiagramView *m_view = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_status = nullptr;
    QToolButton *m_matchButton = nullptr;
    QProgressBar *m_busy = nullptr;
    QLineEdit *m_search = nullptr;
    QSpinBox *m_depth = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_focusAction = nullptr;
    QAction *m_showAllAction = nullptr;
    QAction *m_relayoutAction = nullptr;
    QAction *m_exportAction = nullptr;
};

} // namespace bridgescope
