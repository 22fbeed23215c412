#include "data/JsonViewer.h"

#include "FlowLayout.h"
#include "data/JsonHighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace bridgescope {

namespace {

QString cutForDisplay(const QByteArray &text)
{
    if (text.size() <= JsonViewer::kRawLimit)
        return QString::fromUtf8(text);
    return QString::fromUtf8(text.left(JsonViewer::kRawLimit)) + QStringLiteral("\n\u2026");
}

} // namespace

ParsedJson parseJsonDocument(const QByteArray &text)
{
    ParsedJson parsed;
    parsed.bytes = text.size();
    QJsonParseError error;
    // Qt parses documents (objects, arrays); a scalar JSON value goes in a one-item array.
    const QByteArray trimmed = text.trimmed();
    const bool scalar = !trimmed.startsWith('{') && !trimmed.startsWith('[');
    const QJsonDocument document
        = QJsonDocument::fromJson(scalar ? QByteArray("[") + text + QByteArray("]") : text, &error);
    if (error.error != QJsonParseError::NoError) {
        parsed.problem = error.error == QJsonParseError::DeepNesting
            ? QObject::tr("Nested deeper than the viewer's parser accepts (%1 levels): shown as "
                          "text only.")
                  .arg(1024)
            : QObject::tr("Not readable as JSON (%1 at byte %2): shown as text.")
                  .arg(error.errorString())
                  .arg(error.offset);
        parsed.pretty = cutForDisplay(text);
        return parsed;
    }
    if (scalar) {
        parsed.root = document.array().first();
        parsed.pretty = cutForDisplay(text);
    } else {
        // The indented text is made when the Raw tab asks (indentedText): not on the way to
        // the tree.
        parsed.root
            = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
    return parsed;
}

QString indentedText(const QJsonValue &root)
{
    const QJsonDocument document
        = root.isArray() ? QJsonDocument(root.toArray()) : QJsonDocument(root.toObject());
    return cutForDisplay(document.toJson(QJsonDocument::Indented));
}

JsonViewer::JsonViewer(QWidget *parent)
    : QWidget(parent)
    , m_model(new JsonTreeModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *searchRow = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("jsonSearch"));
    m_search->setPlaceholderText(tr("Search keys and values (Enter: next)"));
    m_search->setClearButtonEnabled(true);
    m_matches = new QLabel(this);
    m_matches->setMinimumWidth(
        m_matches->fontMetrics().horizontalAdvance(QStringLiteral("1000 of 1000+")));
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_matches);
    layout->addLayout(searchRow);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("jsonNote"));
    m_note->hide();
    layout->addWidget(m_note);

    m_tabs = new QTabWidget(this);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true); // rows of a wide array are laid out without measuring
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::Value, QHeaderView::Stretch);
    m_raw = new QPlainTextEdit(this);
    m_raw->setObjectName(QStringLiteral("jsonRaw"));
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setFont(QFont(QStringLiteral("monospace")));
    new JsonHighlighter(m_raw->document());
    m_tabs->addTab(m_tree, tr("Tree"));
    m_tabs->addTab(m_raw, tr("Raw"));
    layout->addWidget(m_tabs, 1);

    auto *buttons = new FlowLayout; // wraps in a narrow pane
    m_copyValue = new QPushButton(tr("Copy value"), this);
    m_copyPgPath = new QPushButton(tr("Copy #> path"), this);
    m_copyJsonPath = new QPushButton(tr("Copy $ path"), this);
    m_filter = new QPushButton(tr("Filter rows with this value"), this);
    m_filter->setObjectName(QStringLiteral("jsonFilter"));
    m_filter->setToolTip(tr("Show only the rows whose document has this value at this path "
                            "(a @> containment filter, which a GIN index serves)."));
    for (QPushButton *button : { m_copyValue, m_copyPgPath, m_copyJsonPath, m_filter })
        buttons->addWidget(button);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(m_copyValue, &QPushButton::clicked, this, &JsonViewer::copyValue);
    connect(m_copyPgPath, &QPushButton::clicked, this, &JsonViewer::copyPostgresPath);
    connect(m_copyJsonPath, &QPushButton::clicked, this, &JsonViewer::copyJsonPath);
    connect(m_filter, &QPushButton::clicked, this, &JsonViewer::filterBySelection);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (!m_found.isEmpty() && m_search->text() == m_search->property("searched").toString())
            nextMatch();
        else
            search(m_search->text());
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &JsonViewer::updateActions);
    connect(&m_watcher, &QFutureWatcher<ParsedJson>::finished, this, &JsonViewer::showParsed);
    connect(m_tabs, &QTabWidget::currentChanged, this, &JsonViewer::showPendingRaw);
    connect(&m_indenter, &QFutureWatcher<QString>::finished, this, [this] {
        if (m_indentedGeneration == m_generation)
            m_raw->setPlainText(m_indenter.result());
        else
            showPendingRaw(); // the document changed meanwhile: indent the one shown now
    });
    updateActions();
}

JsonViewer::~JsonViewer()
{
    m_watcher.disconnect(this);
    m_indenter.disconnect(this);
    // The threads hold no pointer to this widget, only their bytes or values.
    m_watcher.waitForFinished();
    m_indenter.waitForFinished();
}

void JsonViewer::setDocument(const QString &column, const QByteArray &text)
{
    m_column = column;
    m_found.clear();
    m_matches->clear();
    m_note->setText(tr("Reading %1 of JSON\u2026").arg(QLocale().formattedDataSize(text.size())));
    m_note->show();
    forgetDocument();
    m_watcher.setFuture(QtConcurrent::run(parseJsonDocument, text));
}

void JsonViewer::clear()
{
    m_column.clear();
    forgetDocument();
    m_note->hide();
    updateActions();
}

void JsonViewer::forgetDocument()
{
    ++m_generation; // an indenting still running is for the document before
    m_model->setRoot(QJsonValue());
    m_raw->clear();
    m_pendingRaw.clear();
}

void JsonViewer::showParsed()
{
    const ParsedJson parsed = m_watcher.result();
    m_model->setRoot(parsed.root);
    // The raw text is laid out and highlighted only when its tab is shown: for a big document
    // that takes a while, and the tree is what opens first.
    m_pendingRaw = parsed.pretty;
    if (parsed.problem.isEmpty()) {
        m_note->setVisible(parsed.bytes > kRawLimit);
        m_note->setText(tr("%1 document; the Raw tab shows its first %2.")
                            .arg(QLocale().formattedDataSize(parsed.bytes),
                                 QLocale().formattedDataSize(kRawLimit)));
        if (m_model->rowCount() <= 50) // expanding 200,000 items would make all their children
            m_tree->expandToDepth(0);
        m_tabs->setCurrentWidget(m_tree);
    } else {
        m_note->setText(parsed.problem);
        m_note->show();
        m_tabs->setCurrentWidget(m_raw);
        showPendingRaw();
    }
    updateActions();
    emit documentShown();
}

QString JsonViewer::note() const
{
    return m_note->isVisible() ? m_note->text() : QString();
}

QString JsonViewer::rawText() const
{
    return m_pendingRaw.isEmpty() ? m_raw->toPlainText() : m_pendingRaw;
}

void JsonViewer::showPendingRaw()
{
    if (m_tabs->currentWidget() != m_raw)
        return;
    if (!m_pendingRaw.isEmpty()) {
        m_raw->setPlainText(m_pendingRaw);
        m_pendingRaw.clear();
        return;
    }
    const QJsonValue root = m_model->valueAt({});
    if (m_raw->document()->isEmpty() && !m_indenter.isRunning()
        && (root.isObject() || root.isArray())) {
        m_raw->setPlaceholderText(tr("Indenting\u2026"));
        m_indentedGeneration = m_generation;
        m_indenter.setFuture(QtConcurrent::run(indentedText, root));
    }
}

void JsonViewer::search(const QString &text)
{
    m_search->setProperty("searched", text);
    m_found = searchJson(m_model->valueAt({}), text);
    m_foundAt = -1;
    if (m_found.isEmpty()) {
        m_matches->setText(text.isEmpty() ? QString() : tr("no match"));
        return;
    }
    nextMatch();
}

void JsonViewer::nextMatch()
{
    if (m_found.isEmpty())
        return;
    m_foundAt = (m_foundAt + 1) % int(m_found.size());
    m_matches->setText(tr("%1 of %2%3")
                           .arg(m_foundAt + 1)
                           .arg(m_found.size())
                           .arg(m_found.size() >= 1000 ? QStringLiteral("+") : QString()));
    selectPath(m_found[m_foundAt]);
}

void JsonViewer::selectPath(const JsonPath &path)
{
    const QModelIndex index = m_model->indexOf(path);
    if (!index.isValid())
        return;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_tree->expand(parent);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

JsonPath JsonViewer::selectedPath() const
{
    return m_model->pathOf(m_tree->currentIndex());
}

QString JsonViewer::copyValue()
{
    const QJsonValue value = m_model->valueAt(m_tree->currentIndex());
    QString text;
    if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    else
        text = jsonValueText(value);
    QApplication::clipboard()->setText(text);
    return text;
}

QString JsonViewer::copyPostgresPath()
{
    const QString text = postgresPathExpression(selectedPath());
    QApplication::clipboard()->setText(text);
    return text;
}

QString JsonViewer::copyJsonPath()
{
    const QString text = jsonPathExpression(selectedPath());
    QApplication::clipboard()->setText(text);
    return text;
}

void JsonViewer::filterBySelection()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    emit filterRequested(m_column,
                         QString::fromUtf8(containmentDocument(m_model->pathOf(current),
                                                               m_model->valueAt(current))));
}

void JsonViewer::setFilterOffered(bool offered)
{
    m_filter->setVisible(offered);
}

void JsonViewer::updateActions()
{
    const bool selected = m_tree->currentIndex().isValid();
    for (QPushButton *button : { m_copyValue, m_copyPgPath, m_copyJsonPath, m_filter })
        button->setEnabled(selected);
}

} // namespace bridgescope
