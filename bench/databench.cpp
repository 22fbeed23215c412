// bridgescope_databench: the Data tab's figures for bench/cases/data.sh, measured on the real
// widgets (offscreen) against a real server. Prints "seconds" (and for scan "seconds rss_kb rows").
//   databench first-block DSN TABLE   openTable() until the first block is on screen
//   databench jump DSN TABLE          Ctrl+End until the last row is on screen
//   databench jump40 DSN TABLE        the scrollbar's thumb to 40% until the rows there are shown
//   databench sort DSN TABLE COLUMN   a sort on COLUMN until its first block is on screen
//   databench jump40 DSN TABLE COLUMN the same jump with the grid sorted on COLUMN
//   databench scan DSN TABLE          every row through the model, block after block
//   databench json FILE               a JSON document in the viewer until its tree is shown
#include "connection/ConnectionProfile.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"
#include "data/JsonViewer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QScrollBar>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

using namespace bridgescope;

namespace {

bool waitFor(QObject *sender, const char *signal, int timeoutMs = 600'000)
{
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, SLOT(quit()));
    // A timer that goes with this call: QTimer::singleShot's stays alive until it fires, and
    // a scan of 100M rows waits 15,000 times (10 MB of the scan's peak RSS were those timers).
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    timeout.start(timeoutMs);
    return loop.exec() == 0;
}

bool openTable(DataView &view, const QString &table)
{
    QEventLoop loop;
    QObject::connect(&view, &DataView::tableShown, &loop, [&loop] { loop.exit(0); });
    QObject::connect(&view, &DataView::viewRefused, &loop, [&loop](const QString &message) {
        QTextStream(stderr) << "databench: " << message << '\n';
        loop.exit(1);
    });
    view.openTable(QStringLiteral("public"), table);
    return loop.exec() == 0;
}

int fail(const QString &message)
{
    QTextStream(stderr) << "databench: " << message << '\n';
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return fail(QStringLiteral(
            "usage: databench first-block|jump|jump40|scan DSN TABLE [SORT COLUMN] | "
            "json FILE"));
    const QString what = args[1];
    QTextStream out(stdout);
    QElapsedTimer timer;

    if (what == QLatin1String("json")) {
        QFile file(args[2]);
        if (!file.open(QIODevice::ReadOnly))
            return fail(file.errorString());
        const QByteArray text = file.readAll();
        JsonViewer viewer;
        viewer.resize(600, 800);
        viewer.show();
        timer.start();
        viewer.setDocument(QStringLiteral("doc"), text);
        if (!waitFor(&viewer, SIGNAL(documentShown())))
            return fail(QStringLiteral("the document was not shown"));
        app.processEvents(); // the tree's first paint
        out << timer.nsecsElapsed() / 1e9 << '\n';
        return 0;
    }

    Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(args.value(2));
    if (!profile)
        return fail(profile.error().message);
    DataView view;
    view.resize(1280, 800);
    view.show();
    view.setConnection(*profile);
    const QString table = args.value(3);

    if (what == QLatin1String("first-block")) {
        timer.start();
        if (!openTable(view, table))
            return fail(QStringLiteral("the table did not open"));
        out << timer.nsecsElapsed() / 1e9 << '\n';
        return 0;
    }
    if (!openTable(view, table))
        return fail(QStringLiteral("the table did not open"));
    DataTableModel *model = view.model();
    const QString sortColumn = args.value(4);
    if (!sortColumn.isEmpty()) {
        timer.start();
        view.setSort(sortColumn, false);
        if (!waitFor(&view, SIGNAL(tableShown())))
            return fail(QStringLiteral("the sorted rows did not arrive"));
        if (what == QLatin1String("sort")) {
            out << timer.nsecsElapsed() / 1e9 << '\n';
            return 0;
        }
    }

    if (what == QLatin1String("jump")) {
        timer.start();
        view.grid()->scrollToRow(model->totalRows() - 1);
        const qint64 last = model->totalRows() - 1;
        while (!model->isRowLoaded(last)) {
            model->want(last);
            if (!waitFor(model, SIGNAL(blockLoaded())))
                return fail(QStringLiteral("the last block did not arrive"));
        }
        out << timer.nsecsElapsed() / 1e9 << '\n';
        return 0;
    }
    if (what == QLatin1String("jump40")) {
        QScrollBar *bar = view.grid()->verticalScrollBar();
        timer.start();
        bar->setValue(int(bar->maximum() * 0.4)); // as a drag of the thumb ends there
        const qint64 first = model->origin();
        while (!model->isRowLoaded(first)) {
            model->want(first);
            if (!waitFor(model, SIGNAL(blockLoaded())))
                return fail(QStringLiteral("the rows at 40% did not arrive"));
        }
        out << timer.nsecsElapsed() / 1e9 << '\n';
        return 0;
    }
    if (what == QLatin1String("scan")) {
        // Block after block from the top, as a scroll through the whole table reads them.
        view.grid()->hide(); // the reads, not the painting
        view.countRows(); // untimed: with the exact count, the two ends meet row for row
        if (!waitFor(&view, SIGNAL(rowsCounted(qint64))))
            return fail(QStringLiteral("the count did not arrive"));
        timer.start();
        qint64 rows = 0;
        for (qint64 row = 0; row < model->totalRows(); row += DataTableModel::kBlockSize) {
            while (!model->isRowLoaded(row)) {
                model->want(row);
                if (!waitFor(model, SIGNAL(blockLoaded())))
                    return fail(QStringLiteral("a block did not arrive"));
            }
            rows = qMin<qint64>(row + DataTableModel::kBlockSize, model->totalRows());
        }
        struct rusage usage
        {
        };
        getrusage(RUSAGE_SELF, &usage);
        out << timer.nsecsElapsed() / 1e9 << ' ' << usage.ru_maxrss << ' ' << rows << '\n';
        return 0;
    }
    return fail(QStringLiteral("unknown measure \"%1\"").arg(what));
}
