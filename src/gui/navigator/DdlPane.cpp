#include "navigator/DdlPane.h"

#include "ElidedLabel.h"
#include "PgSqlLexer.h"
#include "SavedFile.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

namespace bridgescope {

DdlPane::DdlPane(QWidget *parent)
    : QWidget(parent)
    , m_title(new ElidedLabel(this))
    , m_editor(new QsciScintilla(this))
    , m_copy(new QToolButton(this))
    , m_save(new QToolButton(this))
{
    m_copy->setText(tr("Copy"));
    m_save->setText(tr("Save…"));
    m_title->setObjectName(QStringLiteral("ddlTitle"));
    m_editor->setObjectName(QStringLiteral("ddlText"));
    m_copy->setObjectName(QStringLiteral("copyDdl"));
    m_editor->setLexer(new PgSqlLexer(m_editor));
    m_editor->setUtf8(true);
    m_editor->setReadOnly(true);
    m_editor->setWrapMode(QsciScintilla::WrapNone);
    m_editor->setMarginWidth(0, 0);
    m_editor->setMarginWidth(1, 0);
    m_editor->SendScintilla(QsciScintilla::SCI_SETSCROLLWIDTH, 1);
    m_editor->SendScintilla(QsciScintilla::SCI_SETSCROLLWIDTHTRACKING, 1);
    m_copy->setToolTip(tr("Copy the DDL to the clipboard"));
    m_save->setToolTip(tr("Save the DDL as a .sql file"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_copy);
    top->addWidget(m_save);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    connect(m_copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_ddl); });
    connect(m_save, &QToolButton::clicked, this, &DdlPane::chooseFile);
    showMessage(tr("Select an object to see its DDL."));
}

void DdlPane::showDdl(const QString &title, const QString &ddl)
{
    m_ddl = ddl;
    m_title->setText(title);
    m_editor->setText(ddl);
    m_copy->setEnabled(true);
    m_save->setEnabled(true);
}

void DdlPane::showMessage(const QString &message)
{
    m_ddl.clear();
    m_title->setText(message);
    m_editor->setText(QString());
    m_copy->setEnabled(false);
    m_save->setEnabled(false);
}

QString DdlPane::title() const
{
    return m_title->text();
}

Status DdlPane::saveTo(const QString &path) const
{
    return saveFile(path, m_ddl.toUtf8());
}

void DdlPane::chooseFile()
{
    // Opened, not exec()'d: the window goes on behind it.
    auto *dialog = new QFileDialog(this, tr("Save the DDL"), QString(), tr("SQL (*.sql)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("sql"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        if (Status saved = saveTo(path); !saved) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Could not save"),
                                        saved.error().message, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    dialog->open();
}

} // namespace bridgescope
