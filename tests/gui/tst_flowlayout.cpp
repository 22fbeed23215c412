// The row of controls that wraps: items keep their width and move to a further line when the
// row is narrow, a stretch pushes what follows to the right edge, hidden widgets take no room.
#include "FlowLayout.h"

#include <QPushButton>
#include <QTest>

using namespace bridgescope;

class tst_FlowLayout : public QObject
{
    Q_OBJECT
private slots:
    void wrapsRatherThanSqueezing()
    {
        QWidget row;
        auto *flow = new FlowLayout(&row);
        flow->setContentsMargins(0, 0, 0, 0);
        flow->setSpacing(4);
        QList<QPushButton *> buttons;
        for (const char *text : { "Apply next", "Apply all", "Check for drift", "Refresh" }) {
            buttons << new QPushButton(QString::fromLatin1(text), &row);
            flow->addWidget(buttons.last());
        }
        int widest = 0;
        int total = 0;
        for (QPushButton *button : buttons) {
            widest = std::max(widest, button->sizeHint().width());
            total += button->sizeHint().width();
        }
        total += 3 * 4;
        QCOMPARE(flow->minimumSize().width(), widest);
        QCOMPARE(flow->sizeHint().width(), total);

        // Wide: one line. Narrow: as many lines as it takes, every button whole.
        const int height = buttons[0]->sizeHint().height();
        QCOMPARE(flow->heightForWidth(total), height);
        flow->setGeometry(QRect(0, 0, total, height));
        QCOMPARE(flow->lineCount(), 1);
        flow->setGeometry(QRect(0, 0, widest, flow->heightForWidth(widest)));
        QCOMPARE(flow->lineCount(), 4);
        QCOMPARE(flow->heightForWidth(widest), 4 * height + 3 * 4);
        for (QPushButton *button : buttons) {
            QCOMPARE(button->width(), button->sizeHint().width());
            QVERIFY(button->geometry().right() < widest);
        }
        // A hidden button takes no room, and no line of its own.
        buttons[2]->hide();
        flow->setGeometry(QRect(0, 0, widest, flow->heightForWidth(widest)));
        QCOMPARE(flow->lineCount(), 3);
    }

    void aStretchPushesTheRestToTheRightEdge()
    {
        QWidget row;
        auto *flow = new FlowLayout(&row);
        flow->setContentsMargins(0, 0, 0, 0);
        flow->setSpacing(4);
        auto *left = new QPushButton(QStringLiteral("Chart"), &row);
        auto *right = new QPushButton(QStringLiteral("Refresh"), &row);
        flow->addWidget(left);
        flow->addStretch();
        flow->addWidget(right);
        flow->setGeometry(QRect(0, 0, 800, 40));
        QCOMPARE(left->x(), 0);
        QCOMPARE(right->geometry().right(), 799);
        // A widget that expands takes the room instead.
        auto *wide = new QPushButton(QStringLiteral("Filter"), &row);
        wide->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        auto *grows = new FlowLayout;
        QWidget other;
        other.setLayout(grows);
        grows->setContentsMargins(0, 0, 0, 0);
        grows->setSpacing(4);
        wide->setParent(&other);
        grows->addWidget(wide);
        grows->setGeometry(QRect(0, 0, 500, 40));
        QCOMPARE(wide->width(), 500);
    }
};

QTEST_MAIN(tst_FlowLayout)
#include "tst_flowlayout.moc"
