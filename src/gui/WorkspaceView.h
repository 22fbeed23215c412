#pragma once

#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "data/BrowseQuery.h"

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>

class QSettings;
class QWidget;

namespace bridgescope {

// What one view asks another to show: rows of a table (with filters), SQL to work on, or a
// table in the diagram (with its neighbours).
struct ViewTarget
{
    enum class Kind { TableRows, Sql, Diagram };
    Kind kind = Kind::TableRows;
    QString schema;
    QString table;
    QList<Filter> filters;
    QString sql;
    bool explain = false; // Sql: show its plan too (a statement from Health's top statements)

    static ViewTarget tableRows(const QString &schema, const QString &table,
                                const QList<Filter> &filters = {})
    {
        return { Kind::TableRows, schema, table, filters, {} };
    }
    static ViewTarget sqlText(const QString &sql) { return { Kind::Sql, {}, {}, {}, sql }; }
    static ViewTarget explainSql(const QString &sql)
    {
        return { Kind::Sql, {}, {}, {}, sql, true };
    }
    static ViewTarget diagramOf(const QString &schema, const QString &table)
    {
        return { Kind::Diagram, schema, table, {}, {} };
    }
};

// What changed in the database, for the views that show it: the schema (a migration ran) or
// its data (demo data was generated).
enum class DatabaseChange { Schema, Data };

// The connection every view is given once it is open.
struct ConnectionContext
{
    ConnectionProfile profile;
    ServerInfo server;
    // "host:port/database": what a view keeps per database (diagram positions, scratch SQL).
    QString databaseKey() const
    {
        return QStringLiteral("%1:%2/%3").arg(server.host, server.port, server.database);
    }
};

// Cross-view jumps and announcements, in one place: a view asks the router, the main window
// finds the view that takes it. Views never know each other.
class ViewRouter : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    void open(const ViewTarget &target) { emit openRequested(target); }
    void announce(DatabaseChange change) { emit databaseChanged(change); }
    void requestDemoData() { emit demoDataRequested(); }

signals:
    void openRequested(const ViewTarget &target);
    void databaseChanged(DatabaseChange change);
    void demoDataRequested();
};

// One view of the main window (a tab). MainWindow holds a list of them and knows none by name:
// a new view is a class that implements this and one line in MainWindow's list.
class WorkspaceView
{
public:
    virtual ~WorkspaceView() = default;

    virtual QWidget *widget() = 0;
    virtual QString title() const = 0; // "&Schema": the tab and the View menu
    virtual void useConnection(const ConnectionContext &connection) = 0;
    virtual void clearConnection() = 0;
    // Cross-view targets this view shows (rows of a table, SQL).
    virtual bool canOpen(const ViewTarget &target) const
    {
        Q_UNUSED(target);
        return false;
    }
    virtual void open(const ViewTarget &target) { Q_UNUSED(target); }
    virtual void databaseChanged(DatabaseChange change) { Q_UNUSED(change); }
    // Before the user disconnects, connects elsewhere or quits: whether the view lets go (it
    // may ask, as the console does about an open transaction).
    virtual bool readyToDisconnect() { return true; }
    // What the view keeps between runs (a page, a splitter): read once, written as it changes.
    virtual void useSettings(QSettings &settings) { Q_UNUSED(settings); }

    void setRouter(ViewRouter *router) { m_router = router; }

protected:
    ViewRouter *router() const { return m_router; }

private:
    ViewRouter *m_router = nullptr;
};

} // namespace bridgescope
