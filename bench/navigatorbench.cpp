// bridgescope_navigatorbench: the navigator's figures for bench/cases/navigator.sh, through the
// code the window runs, offscreen.
//   navigatorbench goto DSN          Go to anything over the database's catalog (read once, as
//                                    the navigator holds it): every prefix of a set of names a
//                                    person types, a character at a time, and `s.t` forms;
//                                    prints "p50_seconds p95_seconds objects"
//   navigatorbench first-paint DSN   from connecting the navigator to its tree painted with the
//                                    catalog: prints "seconds objects"
#include "catalog/CatalogIndex.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "navigator/NavigatorView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTextStream>
#include <QTreeView>

#include <algorithm>

using namespace bridgescope;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "navigatorbench: " << message << '\n';
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        return fail(QStringLiteral("usage: navigatorbench goto|first-paint DSN"));
    Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(args.at(2));
    if (!profile)
        return fail(profile.error().message);
    QElapsedTimer clock;

    if (args.at(1) == QLatin1String("goto")) {
        Result<Session> session = Session::open(*profile, {}, QStringLiteral("navigatorbench"));
        if (!session)
            return fail(session.error().message);
        Result<CatalogIndex> index = readCatalogIndex(*session);
        if (!index)
            return fail(index.error().message);
        const QStringList typed {
            QStringLiteral("workflow_executions"),     QStringLiteral("w_st"),
            QStringLiteral("public.workflow_steps"),   QStringLiteral("pub.ev_lo"),
            QStringLiteral("bridge_states.namespace"), QStringLiteral("metadata"),
            QStringLiteral("fsm_transitions"),         QStringLiteral("node_registrations"),
        };
        QList<double> seconds;
        for (int round = 0; round < 5; ++round) {
            for (const QString &word : typed) {
                for (qsizetype length = 1; length <= word.size(); ++length) {
                    clock.start();
                    const QList<CatalogMatch> matches = index->find(word.left(length), 50);
                    seconds << double(clock.nsecsElapsed()) / 1e9;
                    if (length == word.size() && matches.isEmpty())
                        return fail(QStringLiteral("nothing matches %1").arg(word));
                }
            }
        }
        std::sort(seconds.begin(), seconds.end());
        const auto at = [&](double q) {
            return seconds.at(qsizetype(q * double(seconds.size() - 1)));
        };
        QTextStream(stdout) << QString::number(at(0.5), 'f', 6) << ' '
                            << QString::number(at(0.95), 'f', 6) << ' ' << index->size() << '\n';
        return 0;
    }
    if (args.at(1) == QLatin1String("first-paint")) {
        NavigatorView view;
        view.resize(320, 900);
        view.show();
        QEventLoop loop;
        QObject::connect(&view, &NavigatorView::catalogRead, &loop, &QEventLoop::quit);
        clock.start();
        view.setConnection(*profile);
        loop.exec();
        if (!view.catalog())
            return fail(view.statusText());
        view.tree()->viewport()->grab(); // the first screen of rows, laid out and painted
        const double elapsed = double(clock.nsecsElapsed()) / 1e9;
        QTextStream(stdout) << QString::number(elapsed, 'f', 6) << ' ' << view.catalog()->size()
                            << '\n';
        return 0;
    }
    return fail(QStringLiteral("unknown mode %1").arg(args.at(1)));
}
