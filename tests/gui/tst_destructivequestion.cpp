// The question before a rollback, a terminate or a run on a stranger's database: Enter and Esc
// keep things as they were; only the named action goes ahead.
#include "DestructiveQuestion.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>

using namespace bridgescope;

class tst_DestructiveQuestion : public QObject
{
    Q_OBJECT
private:
    // Answers the modal question that askBeforeDestroying opens, as a user would.
    static void answerWith(const std::function<void(QMessageBox *)> &answer)
    {
        QTimer::singleShot(0, [answer] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            answer(box);
        });
    }

private slots:
    void theSafeChoiceIsTheDefault()
    {
        QWidget parent;
        QMessageBox *box = destructiveQuestion(&parent, QStringLiteral("Roll back migrations"),
                                               QStringLiteral("Roll back 2 migrations?"));
        QCOMPARE(box->defaultButton()->text(), QStringLiteral("Cancel"));
        QCOMPARE(box->escapeButton(), box->defaultButton());
        QCOMPARE(box->findChild<QPushButton *>(QStringLiteral("destructiveAction"))->text(),
                 QStringLiteral("Roll back migrations"));
        delete box;
    }

    void enterAndEscapeDoNotGoAhead_data()
    {
        QTest::addColumn<int>("key");
        QTest::newRow("Enter") << int(Qt::Key_Return);
        QTest::newRow("Esc") << int(Qt::Key_Escape);
    }
    void enterAndEscapeDoNotGoAhead()
    {
        QFETCH(int, key);
        QWidget parent;
        parent.show();
        answerWith([key](QMessageBox *box) { QTest::keyClick(box, Qt::Key(key)); });
        QVERIFY(!askBeforeDestroying(&parent, QStringLiteral("Terminate a session"),
                                     QStringLiteral("Terminate process 42?"),
                                     QStringLiteral("Let it run")));
    }

    void theNamedActionGoesAhead()
    {
        QWidget parent;
        parent.show();
        answerWith([](QMessageBox *box) {
            box->findChild<QPushButton *>(QStringLiteral("destructiveAction"))->click();
        });
        QVERIFY(askBeforeDestroying(&parent, QStringLiteral("Terminate a session"),
                                    QStringLiteral("Terminate process 42?")));
    }
};

QTEST_MAIN(tst_DestructiveQuestion)
#include "tst_destructivequestion.moc"
