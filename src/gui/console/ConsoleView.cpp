#include "console/ConsoleView.h"

#include "DestructiveQuestion.h"
#include "connection/DbWorker.h"
#include "console/CompletionCatalog.h"
#include "console/ConsoleSession.h"
#include "console/ConsoleTabs.h"
#include "console/HistoryDialog.h"
#include "console/JsonKeys.h"
#include "console/QueryHistory.h"
#include "console/ResultsPane.h"
#include "console/SqlEditor.h"
#include "console/StatementRisk.h"
#include "plan/StatementParameters.h"

#include <QAction>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

constexpr int kDefaultTimeoutSeconds = 300;

QString tabsKey(const ConnectionContext &connection)
{
    return QStringLiteral("console/%1/tabs")
        .arg(QString::fromLatin1(connection.databaseKey().toUtf8().toPercentEncoding()));
}

} // namespace

ConsoleView::ConsoleView(QWidget *parent)
    : QWidget(parent)
    , m_confirm([this](const QString &action, const QString &text) {
        return askBeforeDestroying(this, action, text);
    })
    , m_askParameters([this](const QStringList &names) -> std::optional<QStringList> {
        QStringList values;
        for (const QString &name : names) {
            bool ok = false;
            const QString value = QInputDialog::getText(
                this, tr("Explain"),
                tr("The value of %1, as SQL (a string in quotes: 'FAILED'; a number: 42):")
                    .arg(name),
                QLineEdit::Normal, {}, &ok);
            if (!ok)
                return std::nullopt;
            values << value;
        }
        return values;
    })
{
    buildControls();
    m_history = std::make_unique<QueryHistory>(QueryHistory::defaultPath());
    showState();
}

ConsoleView::~ConsoleView()
{
    saveText();
    if (m_catalogWorker)
        m_catalogWorker->retire(); // a catalog read still running ends on its own
}

void ConsoleView::buildControls()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_runAction = bar->addAction(tr("Run"), this, &ConsoleView::runAtCursor);
    m_runAction->setObjectName(QStringLiteral("consoleRun"));
    m_runAction->setShortcuts(
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    m_runAction->setToolTip(tr("Run the statement at the cursor, or the selection (Ctrl+Enter)"));
    m_scriptAction = bar->addAction(tr("Run script"), this, &ConsoleView::runScript);
    m_scriptAction->setObjectName(QStringLiteral("consoleRunScript"));
    m_scriptAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter) });
    m_scriptAction->setToolTip(
        tr("Run every statement, one after another, stopping at the first error "
           "(Ctrl+Shift+Enter)"));
    m_explainAction = bar->addAction(tr("Explain"), this, [this] { explainAtCursor(false); });
    m_explainAction->setObjectName(QStringLiteral("consoleExplain"));
    m_explainAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_explainAction->setToolTip(tr("The plan of the statement at the cursor, without running it "
                                   "(Ctrl+E)"));
    m_analyzeAction
        = bar->addAction(tr("Explain Analyze"), this, [this] { explainAtCursor(true); });
    m_analyzeAction->setObjectName(QStringLiteral("consoleExplainAnalyze"));
    m_analyzeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_analyzeAction->setToolTip(tr("Run the statement at the cursor and show where its time went "
                                   "(Ctrl+Shift+E). A statement that changes data runs only in "
                                   "write mode, inside a transaction that is rolled back."));
    m_cancelAction = bar->addAction(tr("Cancel"), this, &ConsoleView::cancel);
    m_cancelAction->setObjectName(QStringLiteral("consoleCancel"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setToolTip(tr("Stop the running statement on the server (Esc)"));
    // The keys work anywhere in the console (the editor, the results), not elsewhere.
    for (QAction *action :
         { m_runAction, m_scriptAction, m_explainAction, m_analyzeAction, m_cancelAction }) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    m_historyAction = bar->addAction(tr("History"), this, &ConsoleView::showHistory);
    m_historyAction->setObjectName(QStringLiteral("consoleHistory"));
    m_historyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_historyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_historyAction->setToolTip(tr("The statements run on this database, to find and run again "
                                   "(Ctrl+R)"));
    addAction(m_historyAction);
    bar->addSeparator();
    m_writeAction = bar->addAction(tr("Write mode"));
    m_writeAction->setObjectName(QStringLiteral("consoleWriteMode"));
    m_writeAction->setCheckable(true);
    m_writeAction->setToolTip(tr("Allow statements that change data or the schema. Off, the "
                                 "session is read-only: the server refuses any change."));
    connect(m_writeAction, &QAction::toggled, this, [this](bool on) {
        if (!setWriteMode(on)) {
            const QSignalBlocker quiet(m_writeAction);
            m_writeAction->setChecked(isWriteMode());
        }
    });
    m_commitAction = bar->addAction(tr("Commit"), this, [this] {
        run(splitSqlScript(QStringLiteral("COMMIT")).value_or(QList<SqlStatement> {}), false);
    });
    m_rollbackAction = bar->addAction(tr("Rollback"), this, [this] {
        run(splitSqlScript(QStringLiteral("ROLLBACK")).value_or(QList<SqlStatement> {}), false);
    });
    m_commitAction->setObjectName(QStringLiteral("consoleCommit"));
    m_rollbackAction->setObjectName(QStringLiteral("consoleRollback"));
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Timeout "), bar));
    m_timeout = new QSpinBox(bar);
    m_timeout->setObjectName(QStringLiteral("consoleTimeout"));
    m_timeout->setRange(0, 24 * 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("none"));
    m_timeout->setValue(kDefaultTimeoutSeconds);
    m_timeout->setToolTip(tr("The session's statement_timeout: the server ends a statement "
                             "that runs longer"));
    connect(m_timeout, &QSpinBox::editingFinished, this,
            [this] { setStatementTimeout(m_timeout->value()); });
    bar->addWidget(m_timeout);
    bar->addSeparator();
    m_modeLabel = new QLabel(bar);
    m_modeLabel->setObjectName(QStringLiteral("consoleMode"));
    m_modeLabel->setTextFormat(Qt::RichText);
    bar->addWidget(m_modeLabel);
    m_stateLabel = new QLabel(bar);
    m_stateLabel->setObjectName(QStringLiteral("consoleState"));
    bar->addWidget(m_stateLabel);
    layout->addWidget(bar);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_tabs = new ConsoleTabs(splitter);
    m_tabs->setObjectName(QStringLiteral("consoleTabs"));
    m_results = new ResultsPane(splitter);
    connect(m_results, &ResultsPane::openTableRequested, this,
            [this](const QString &schema, const QString &table) {
                if (router())
                    router()->open(ViewTarget::tableRows(schema, table));
            });
    m_results->setObjectName(QStringLiteral("consoleResults"));
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);
    // Completion and call tips from the cached catalog: the GUI thread matches in memory.
    m_tabs->setProviders(
        [this](const QString &text, int offset) { return completionsAt(text, offset); },
        [this](const QString &name) {
            QStringList signatures;
            if (m_catalog)
                for (const CompletionCatalog::Function &function : m_catalog->functions)
                    if (function.name.compare(name, Qt::CaseInsensitive) == 0)
                        signatures << QStringLiteral("%1(%2)%3")
                                          .arg(function.name, function.arguments,
                                               function.result.isEmpty()
                                                   ? QString()
                                                   : QStringLiteral(" → ") + function.result);
            return signatures;
        });
}

Completions ConsoleView::completionsAt(const QString &text, int offset)
{
    if (!m_catalog)
        return {};
    const std::optional<JsonKeyPlace> key = jsonKeyPlace(*m_catalog, text, offset);
    if (!key)
        return completeSql(*m_catalog, text, offset);
    // A json key: the keys come from a sample of the column's rows, read once on the catalog's
    // worker; the list opens when they arrive, if the cursor is still in that key.
    const QString cacheKey = QStringLiteral("%1\x1f%2\x1f%3")
                                 .arg(key->relation)
                                 .arg(key->column, key->path.join(QLatin1Char('\x1f')));
    if (const auto cached = m_jsonKeys.constFind(cacheKey); cached != m_jsonKeys.cend())
        return jsonKeyCompletions(*key, *cached);
    if (m_catalogWorker && !m_jsonKeysAsked.contains(cacheKey)) {
        m_jsonKeysAsked.insert(cacheKey);
        const std::shared_ptr<const CompletionCatalog> catalog = m_catalog;
        const JsonKeyPlace place = *key;
        const quint64 generation = m_catalogGeneration;
        m_catalogWorker->run<QStringList>(
            [catalog, place](Session &session) { return sampleJsonKeys(session, *catalog, place); },
            this,
            [this, cacheKey, generation](Result<QStringList> keys) {
                m_jsonKeysAsked.remove(cacheKey);
                if (!keys || generation != m_catalogGeneration)
                    return;
                m_jsonKeys.insert(cacheKey, *keys);
                SqlEditor *current = editor();
                if (current->hasFocus() || current->isVisible())
                    if (jsonKeyPlace(*m_catalog, current->text(), current->cursorOffset()))
                        current->showCompletions();
                emit jsonKeysReady();
            });
    }
    return {};
}

SqlEditor *ConsoleView::editor() const
{
    return m_tabs->current();
}

void ConsoleView::useSettings(QSettings &settings)
{
    m_settings = &settings;
}

void ConsoleView::useConnection(const ConnectionContext &connection)
{
    clearConnection();
    m_connection = connection;
    if (m_settings) {
        m_tabs->setTexts(m_settings->value(tabsKey(connection)).toStringList());
    }
    startSession(false);
    SessionOptions options;
    m_catalogWorker
        = new DbWorker(connection.profile, options, QStringLiteral("console-catalog"), this);
    readCompletionCatalog();
}

void ConsoleView::readCompletionCatalog()
{
    if (!m_catalogWorker)
        return;
    const quint64 generation = ++m_catalogGeneration;
    m_catalogWorker->run<CompletionCatalog>(
        [](Session &session) { return bridgescope::readCompletionCatalog(session); }, this,
        [this, generation](Result<CompletionCatalog> catalog) {
            if (generation != m_catalogGeneration || !catalog)
                return; // completion goes on with what it had
            m_catalog = std::make_shared<const CompletionCatalog>(std::move(*catalog));
            m_jsonKeys.clear(); // the tables may have changed
            emit completionCatalogReady();
        });
}

void ConsoleView::clearConnection()
{
    saveText();
    delete m_session;
    m_session = nullptr;
    if (m_catalogWorker)
        m_catalogWorker->retire();
    m_catalogWorker = nullptr;
    m_catalog.reset();
    ++m_catalogGeneration;
    m_connection.reset();
    m_results->clearResults();
    {
        const QSignalBlocker quiet(m_writeAction);
        m_writeAction->setChecked(false);
    }
    showState();
}

void ConsoleView::saveText()
{
    if (m_settings && m_connection)
        m_settings->setValue(tabsKey(*m_connection), m_tabs->texts());
}

void ConsoleView::startSession(bool write)
{
    delete m_session;
    m_session = nullptr;
    if (!m_connection)
        return;
    m_session = new ConsoleSession(m_connection->profile,
                                   write ? AccessMode::ReadWrite : AccessMode::ReadOnly,
                                   m_timeout->value() * 1000, this);
    connect(m_session, &ConsoleSession::statementStarted, this,
            [this](int, const SqlStatement &) { showState(); });
    connect(m_session, &ConsoleSession::resultStarted, this,
            [this](int index, QueryResultRows *rows) {
                m_results->addResult(m_runStatements.value(index).line, rows);
            });
    connect(m_session, &ConsoleSession::message, m_results, &ResultsPane::addNotice);
    connect(
        m_session, &ConsoleSession::statementFinished, this,
        [this](int, const StatementOutcome &outcome) {
            m_results->addOutcome(m_runScript, outcome);
            // What the user typed goes to history (not the buttons' COMMIT and ROLLBACK).
            if (m_connection && m_history && m_runIsTyped)
                m_history->record(m_connection->databaseKey(), outcome.statement.text,
                                  outcome.elapsedMs,
                                  outcome.returnsRows ? outcome.rows : outcome.rowsAffected,
                                  outcome.error ? QStringLiteral("ERROR: ") + outcome.error->message
                                                : outcome.command);
            // New or changed objects: completion reads the catalog again.
            static const QStringList ddl { QStringLiteral("CREATE"),   QStringLiteral("ALTER"),
                                           QStringLiteral("DROP"),     QStringLiteral("COMMENT"),
                                           QStringLiteral("ROLLBACK"), QStringLiteral("COMMIT") };
            // By the statement's first word too: CREATE TABLE … AS answers "SELECT 10".
            const QString verb
                = outcome.statement.text.section(QRegularExpression(QStringLiteral("\\s")), 0, 0)
                      .toUpper();
            if (!outcome.error
                && (ddl.contains(outcome.command.section(QLatin1Char(' '), 0, 0))
                    || ddl.contains(verb)))
                readCompletionCatalog();
            if (outcome.error && m_runEditor && m_runEditor->text() == m_runScript)
                m_runEditor->markError(errorPlace(m_runScript, outcome).offset);
        });
    connect(m_session, &ConsoleSession::transactionChanged, this, [this] { showState(); });
    connect(m_session, &ConsoleSession::connectionProblem, m_results, &ResultsPane::addProblem);
    connect(m_session, &ConsoleSession::explained, this, [this](const ExplainRun &run) {
        if (run.plan) {
            m_results->showPlan(*run.plan,
                                run.rolledBack ? tr("It ran inside a transaction that was rolled "
                                                    "back: nothing it changed was kept.")
                                               : QString());
            return;
        }
        if (run.outcome.error && run.problem == run.outcome.error->message) {
            m_results->addOutcome(m_runScript, run.outcome);
            if (m_runEditor && m_runEditor->text() == m_runScript)
                m_runEditor->markError(errorPlace(m_runScript, run.outcome).offset);
        } else {
            m_results->addProblem(run.problem);
        }
    });
    connect(m_session, &ConsoleSession::runFinished, this, [this](bool succeeded) {
        showState();
        emit runFinished(succeeded);
    });
    showState();
}

bool ConsoleView::isRunning() const
{
    return m_session && m_session->isRunning();
}

TransactionState ConsoleView::transaction() const
{
    return m_session ? m_session->transaction() : TransactionState::Idle;
}

bool ConsoleView::isWriteMode() const
{
    return m_session && m_session->mode() == AccessMode::ReadWrite;
}

bool ConsoleView::setWriteMode(bool on)
{
    if (!m_connection || on == isWriteMode() || isRunning())
        return on == isWriteMode();
    if (on && m_connection->server.replication.startsWith(QLatin1String("standby"))) {
        m_results->addMessage(tr("Write mode is not available: this server is a standby, which "
                                 "only reads. Connect to the primary to change data."));
        m_results->setCurrentIndex(0);
        return false;
    }
    if (transaction() != TransactionState::Idle
        && !m_confirm(tr("Roll back and switch"),
                      tr("The session has a transaction open. Switching the mode ends the "
                         "session, and the transaction is rolled back.")))
        return false;
    startSession(on);
    m_results->addMessage(on ? tr("Write mode: statements may change data and the schema.")
                             : tr("Read-only: the server refuses any change."));
    return true;
}

void ConsoleView::setStatementTimeout(int seconds)
{
    m_timeout->setValue(seconds);
    if (!m_session || m_session->statementTimeoutMs() == seconds * 1000 || isRunning()
        || transaction() != TransactionState::Idle)
        return;
    startSession(isWriteMode());
}

bool ConsoleView::readyToDisconnect()
{
    const TransactionState tx = transaction();
    if (tx != TransactionState::InTransaction && tx != TransactionState::Failed)
        return true;
    return m_confirm(tr("Roll back and disconnect"),
                     tr("The console has a transaction open: what it changed is not committed. "
                        "Disconnecting rolls it back."));
}

bool ConsoleView::canOpen(const ViewTarget &target) const
{
    return target.kind == ViewTarget::Kind::Sql;
}

void ConsoleView::open(const ViewTarget &target)
{
    if (target.explain)
        explainText(target.sql);
    else
        insertText(target.sql);
}

void ConsoleView::explainText(const QString &sql)
{
    const QStringList names = statementParameters(sql);
    const bool generic
        = !names.isEmpty() && m_connection && m_connection->server.serverVersionNumber >= 160000;
    QString text = sql;
    if (!names.isEmpty() && !generic) {
        // Before 16 the server plans only with values: the user gives them.
        const std::optional<QStringList> values = m_askParameters(names);
        if (!values || values->size() != names.size()) {
            insertText(sql);
            m_results->addMessage(tr("Not explained: its parameters (%1) need values before "
                                     "PostgreSQL 16.")
                                      .arg(names.join(QStringLiteral(", "))));
            return;
        }
        text = withParameterValues(sql, names, *values);
    }
    insertText(text);
    startExplain(false, generic);
}

void ConsoleView::showHistory()
{
    if (!m_connection || !m_history)
        return;
    auto *dialog = new HistoryDialog(*m_history, m_connection->databaseKey(), this);
    dialog->setObjectName(QStringLiteral("historyDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { insertText(dialog->chosenSql()); });
    dialog->open();
}

void ConsoleView::insertText(const QString &sql)
{
    // Added at the end of the text, not over what the user wrote, with the cursor on it.
    SqlEditor *target = editor();
    QString text = target->text();
    if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    if (!text.isEmpty())
        text += QLatin1Char('\n');
    const int at = int(text.size());
    text += sql.trimmed() + QStringLiteral(";\n");
    target->setText(text);
    target->setCursorOffset(at);
    target->setFocus();
}

void ConsoleView::runAtCursor()
{
    run(editor()->statementsToRun());
}

void ConsoleView::runScript()
{
    run(editor()->allStatements());
}

void ConsoleView::run(const QList<SqlStatement> &statements, bool typed)
{
    if (!m_session || isRunning() || statements.isEmpty())
        return;
    if (isWriteMode()) {
        // Read-only, the server refuses these itself; in write mode they run only when asked.
        QStringList risks;
        for (const SqlStatement &statement : statements)
            if (const QString risk = statementRisk(statement); !risk.isEmpty())
                risks << tr("line %1: %2").arg(statement.line).arg(risk);
        if (!risks.isEmpty()
            && !m_confirm(tr("Run"), tr("%1.\n\nRun it?").arg(risks.join(QLatin1Char('\n'))))) {
            m_results->addMessage(tr("Not run: %1.").arg(risks.join(QStringLiteral("; "))));
            return;
        }
    }
    editor()->clearErrorMark();
    m_runEditor = editor();
    // COMMIT and ROLLBACK from the buttons are not in the text: their offsets are their own.
    m_runIsTyped = typed;
    m_runScript = typed ? editor()->text() : statements.first().text;
    m_runStatements = statements;
    m_results->clearResults();
    saveText();
    m_session->run(statements);
    showState();
}

void ConsoleView::explainAtCursor(bool analyze)
{
    startExplain(analyze, false);
}

void ConsoleView::startExplain(bool analyze, bool generic)
{
    const QList<SqlStatement> statements = editor()->statementsToRun();
    if (!m_session || isRunning() || statements.isEmpty())
        return;
    editor()->clearErrorMark();
    m_runEditor = editor();
    m_runIsTyped = false; // an Explain is not the statement run: not in the history
    m_runScript = editor()->text();
    m_runStatements = { statements.first() };
    m_session->explain(statements.first(), analyze, generic);
    showState();
}

void ConsoleView::cancel()
{
    if (m_session)
        m_session->cancel();
}

QString ConsoleView::modeText() const
{
    if (!m_session)
        return tr("Not connected");
    return isWriteMode() ? tr("Write mode") : tr("Read-only");
}

void ConsoleView::showState()
{
    const bool connected = m_session != nullptr;
    const bool running = isRunning();
    m_runAction->setEnabled(connected && !running);
    m_scriptAction->setEnabled(connected && !running);
    m_explainAction->setEnabled(connected && !running);
    m_analyzeAction->setEnabled(connected && !running);
    m_cancelAction->setEnabled(running);
    m_writeAction->setEnabled(connected && !running);
    m_timeout->setEnabled(connected && !running);
    m_historyAction->setEnabled(connected);
    m_modeLabel->setText(isWriteMode() ? tr("<b style='color:#b00020'>%1</b>").arg(modeText())
                                       : modeText());
    QString state;
    const TransactionState tx = transaction();
    if (running)
        state = tr("running…");
    else if (isWriteMode())
        state = tx == TransactionState::InTransaction ? tr("in a transaction")
            : tx == TransactionState::Failed          ? tr("transaction failed: roll back")
                                                      : tr("idle (each statement commits)");
    m_stateLabel->setText(state.isEmpty() ? QString() : QStringLiteral(" · ") + state);
    const bool inTransaction
        = tx == TransactionState::InTransaction || tx == TransactionState::Failed;
    m_commitAction->setEnabled(connected && !running && tx == TransactionState::InTransaction);
    m_rollbackAction->setEnabled(connected && !running && inTransaction);
}

} // namespace bridgescope
