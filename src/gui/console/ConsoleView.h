#pragma once

#include "WorkspaceView.h"
#include "console/SqlCompletion.h"
#include "console/StatementRunner.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QSpinBox;
class QToolButton;

namespace bridgescope {

class ConsoleSession;
class ConsoleTabs;
class QueryHistory;
class DbWorker;
struct CompletionCatalog;
class ResultsPane;
class SqlEditor;

// The SQL console: the user's own SQL in an editor that keeps its text per database, run on a
// session of its own (read-only until write mode is switched on), each returning statement's
// rows in a grid of any size, the rest in Messages. Ctrl+Enter runs the statement at the
// cursor, Ctrl+Shift+Enter the script, Esc cancels on the server.
class ConsoleView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    explicit ConsoleView(QWidget *parent = nullptr);
    ~ConsoleView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Console"); }
    void useConnection(const ConnectionContext &connection) override;
    void clearConnection() override;
    bool canOpen(const ViewTarget &target) const override;
    void open(const ViewTarget &target) override;
    void useSettings(QSettings &settings) override;
    bool readyToDisconnect() override; // asks about an open transaction

    // The question before a statement that changes every row or drops (write mode), and before
    // a mode switch that would roll back a transaction. Tests answer it themselves.
    using Confirmation = std::function<bool(const QString &action, const QString &text)>;
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }
    // The values of a statement's parameters ($1 …) for its plan before PostgreSQL 16 (which
    // plans it generically): SQL literals, one per parameter, or nullopt when the user cancels.
    using ParameterQuestion = std::function<std::optional<QStringList>(const QStringList &names)>;
    void setParameterQuestion(ParameterQuestion question) { m_askParameters = std::move(question); }

    // Ctrl+R: the statements run on this database; the one chosen is added to the editor.
    void showHistory();
    QueryHistory *history() const { return m_history.get(); }

    void runAtCursor();
    void runScript();
    // The plan of the statement at the cursor in the Plan tab: EXPLAIN, or EXPLAIN ANALYZE
    // (which runs it; in write mode inside a transaction that is rolled back).
    void explainAtCursor(bool analyze);
    // A statement from elsewhere (Health's top statements): added to the text and explained,
    // its parameters planned generically on 16+, or asked for before.
    void explainText(const QString &sql);
    void cancel();
    // Write mode: a session that may change data. Refused on a standby, with a sentence.
    bool setWriteMode(bool on);
    bool isWriteMode() const;
    void setStatementTimeout(int seconds);

    SqlEditor *editor() const; // the current tab's
    ConsoleTabs *tabs() const { return m_tabs; }
    ResultsPane *results() const { return m_results; }
    bool isRunning() const;
    TransactionState transaction() const;
    QString modeText() const;
    // The catalog completion matches against: read on connecting and after DDL, on a worker.
    bool hasCompletionCatalog() const { return bool(m_catalog); }

signals:
    void runFinished(bool succeeded);
    void completionCatalogReady();
    void jsonKeysReady(); // a json column's keys arrived (the list opened where still wanted)

private:
    void buildControls();
    void startSession(bool write);
    void run(const QList<SqlStatement> &statements, bool typed = true);
    void startExplain(bool analyze, bool generic); // the statement at the cursor
    void showState();
    void saveText();
    void readCompletionCatalog();
    Completions completionsAt(const QString &text, int offset);
    void insertText(const QString &sql); // at the end of the text, the cursor on it

    ConsoleTabs *m_tabs = nullptr;
    QPointer<SqlEditor> m_runEditor; // the tab whose text the running statements came from
    ResultsPane *m_results = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_scriptAction = nullptr;
    QAction *m_explainAction = nullptr;
    QAction *m_analyzeAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_writeAction = nullptr;
    QAction *m_commitAction = nullptr;
    QAction *m_rollbackAction = nullptr;
    QSpinBox *m_timeout = nullptr;
    QLabel *m_modeLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    ConsoleSession *m_session = nullptr;
    std::optional<ConnectionContext> m_connection;
    ParameterQuestion m_askParameters;
    QString m_runScript; // the text the running statements' offsets point into
    QList<SqlStatement> m_runStatements;
    bool m_runIsTyped = true; // typed in the editor, not a button's COMMIT or ROLLBACK
    QSettings *m_settings = nullptr;
    Confirmation m_confirm;
    std::unique_ptr<QueryHistory> m_history;
    QAction *m_historyAction = nullptr;
    DbWorker *m_catalogWorker = nullptr;
    std::shared_ptr<const CompletionCatalog> m_catalog;
    quint64 m_catalogGeneration = 0;
    QHash<QString, QStringList> m_jsonKeys; // sampled keys by table, column and path
    QSet<QString> m_jsonKeysAsked;
};

} // namespace bridgescope
