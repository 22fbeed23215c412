#pragma once

#include "data/JsonTreeModel.h"

#include <QFutureWatcher>
#include <QJsonValue>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace bridgescope {

// What parsing a document gave, computed off the GUI thread.
struct ParsedJson
{
    QJsonValue root;
    QString problem; // why there is no tree (too deep, not JSON); the raw text is shown then
    QString pretty; // the Raw tab's text when it is not indented (a scalar, a problem)
    qint64 bytes = 0;
};
ParsedJson parseJsonDocument(const QByteArray &text);
// The document indented for the Raw tab, at most JsonViewer::kRawLimit bytes of it.
QString indentedText(const QJsonValue &root);

// The JSONB viewer: a lazy tree (key, type, value, children) and the raw pretty-printed text
// with highlighting; search; copy a value or its path (#> '{a,0,b}' and $.a[0].b); and
// "filter rows where this path has this value", which asks the grid for a @> filter.
class JsonViewer : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kRawLimit = 2 << 20; // the Raw tab shows this much of a huge document

    explicit JsonViewer(QWidget *parent = nullptr);
    ~JsonViewer() override;

    // Parses on a worker thread; documentShown() once the tree (or the raw note) is up.
    void setDocument(const QString &column, const QByteArray &text);
    void clear();

    JsonTreeModel *treeModel() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }
    QString note() const;
    QString rawText() const;
    bool isParsing() const { return m_watcher.isRunning(); }

    void search(const QString &text); // selects the first match; Enter moves to the next
    void selectPath(const JsonPath &path);
    JsonPath selectedPath() const;
    QString copyValue(); // also on the clipboard
    QString copyPostgresPath();
    QString copyJsonPath();
    void filterBySelection();
    // Whether "Filter rows with this value" is offered: where rows can be filtered (the Data
    // tab), not under a result that is a statement's own (the console).
    void setFilterOffered(bool offered);

signals:
    void documentShown();
    void filterRequested(const QString &column, const QString &containment);

private:
    void showParsed();
    void showPendingRaw();
    void forgetDocument();
    void updateActions();
    void nextMatch();

    QString m_column;
    JsonTreeModel *m_model = nullptr;
    QTreeView *m_tree = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_note = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_matches = nullptr;
    QPushButton *m_copyValue = nullptr;
    QPushButton *m_copyPgPath = nullptr;
    QPushButton *m_copyJsonPath = nullptr;
    QPushButton *m_filter = nullptr;
    QFutureWatcher<ParsedJson> m_watcher;
    QFutureWatcher<QString> m_indenter; // the Raw tab's text, made when that tab is shown
    QString m_pendingRaw; // laid out when the Raw tab is first shown
    QList<JsonPath> m_found;
    int m_foundAt = -1;
    quint64 m_generation = 0; // one per document shown
    quint64 m_indentedGeneration = 0; // the document m_indenter works on
};

} // namespace bridgescope
