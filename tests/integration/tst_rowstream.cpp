// A straight-through read (RowStream) against a real server: the rows in the order block reads
// give, each next statement already on its way while the rows before are handed over, the
// reader's budget (and a wait there for a reader that is late), stop and yield, both directions, a
// sort column, and a server killed between two statements.
#include "Psql.h"
#include "ServerFaults.h"
#include "TestDatabase.h"
#include "connection/LocalCluster.h"
#include "connection/Session.h"
#include "data/RowStream.h"
#include "data/TableBrowser.h"

#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <libpq-fe.h>
#include <thread>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

struct Streamed
{
    QStringList ids; // the first column of every row, as delivered
    QList<int> statementRows; // rows per delivery
    int deliveredWhileNextRan = 0; // deliveries made with the next statement already sent
    bool reachedEnd = false;
    Result<int> statements = 0;
};

Streamed stream(Session &session, StreamRead read,
                const std::function<void(const Streamed &)> &afterEach = {})
{
    Streamed out;
    out.statements = streamRows(session, read, [&](Block block) {
        for (int row = 0; row < block.rows.rowCount(); ++row)
            out.ids << QString::fromUtf8(block.rows.cell(row, 0).value_or("NULL"));
        out.statementRows << block.rows.rowCount();
        out.reachedEnd = block.reachedEnd;
        // libpq says a command is in progress: the next statement went out before these rows
        // were handed over, so the server reads it while the client works.
        if (PQtransactionStatus(session.nativeHandle()) == PQTRANS_ACTIVE)
            ++out.deliveredWhileNextRan;
        if (afterEach)
            afterEach(out);
    });
    return out;
}

RowKey keyOf(const QString &id)
{
    return RowKey { std::nullopt, { id.toUtf8() } };
}

} // namespace

class tst_RowStream : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE wide (id bigint PRIMARY KEY, grp int NOT NULL, maybe int, doc jsonb);
            INSERT INTO wide SELECT g, g % 13, CASE WHEN g % 5 = 0 THEN NULL ELSE g END,
                                    jsonb_build_object('n', g)
              FROM generate_series(1, 10000) g;
            ANALYZE wide;
        )sql"),
                        m_db.profile()));
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test"));
        QVERIFY2(session, qPrintable(session.error().message));
        m_session.emplace(std::move(*session));
        Result<BrowseTable> table
            = loadBrowseTable(*m_session, QStringLiteral("public"), QStringLiteral("wide"));
        QVERIFY(table);
        m_spec.table = *table;
    }

    void readsStraightThroughWithTheNextStatementOnItsWay()
    {
        StreamControl control;
        control.allow(1'000'000);
        const Streamed out = stream(
            *m_session, { m_spec, keyOf(QStringLiteral("200")), false, 400, 3200, control, {} });
        QVERIFY2(out.statements, qPrintable(out.statements.error().message));
        QCOMPARE(out.ids,
                 psqlColumn(m_db.profile(),
                            QStringLiteral("SELECT id FROM wide WHERE id > 200 ORDER BY id")));
        QVERIFY(out.reachedEnd);
        // Statements start short and double up to the longest: 400, 800, 1600, 3200, 3200, …
        QCOMPARE(out.statementRows.mid(0, 4), (QList<int> { 400, 800, 1600, 3200 }));
        QCOMPARE(*out.statements, out.statementRows.size());
        // Every delivery but the last had the next statement running already.
        QCOMPARE(out.deliveredWhileNextRan, out.statementRows.size() - 1);
        // And the session is free again.
        QVERIFY(queryRows(*m_session, QStringLiteral("SELECT 1")));
    }

    void backwardFromTheEnd()
    {
        StreamControl control;
        control.allow(1'000'000);
        Streamed out = stream(
            *m_session, { m_spec, keyOf(QStringLiteral("9001")), true, 200, 1000, control, {} });
        QVERIFY(out.statements);
        QCOMPARE(
            out.ids,
            psqlColumn(m_db.profile(),
                       QStringLiteral("SELECT id FROM wide WHERE id < 9001 ORDER BY id DESC")));
        QVERIFY(out.reachedEnd);
    }

    void stopsAtTheReadersBudgetAndGoesOnWhenRaised()
    {
        StreamControl control;
        control.allow(1000);
        Streamed out = stream(*m_session,
                              { m_spec, keyOf(QStringLiteral("0")), false, 400, 400, control, {} });
        QVERIFY(out.statements);
        // 400 + 400 + the 200 left of the budget: never past it, and not the end.
        QCOMPARE(out.statementRows, (QList<int> { 400, 400, 200 }));
        QVERIFY(!out.reachedEnd);

        // A reader that looks further raises the budget while a statement is on its way, and
        // the stream goes on (to 2,000 rows here) without a new start.
        StreamControl growing;
        growing.allow(800);
        out = stream(*m_session,
                     { m_spec, keyOf(QStringLiteral("0")), false, 400, 400, growing, {} },
                     [&](const Streamed &sofar) {
                         growing.allow(qMin<qint64>(2000, sofar.ids.size() + 800));
                     });
        QVERIFY(out.statements);
        QCOMPARE(out.ids.size(), 2000);
        QCOMPARE(out.ids.last(), QStringLiteral("2000"));
        QCOMPARE(out.statementRows, (QList<int> { 400, 400, 400, 400, 400 }));
    }

    void waitsAtItsBudgetForAReaderThatIsLate()
    {
        // The reader (here the test's thread, as the GUI thread in the grid) looks at rows only
        // after the stream has reached its budget: the stream hands over what it read, waits,
        // and goes on when the budget grows, in one call, without a new start.
        StreamControl control;
        control.allow(400);
        std::atomic<int> delivered = 0;
        std::atomic<bool> ended = false;
        Streamed out;
        std::thread streaming([&] {
            const StreamRead read { m_spec, keyOf(QStringLiteral("0")), false, 400, 400, control,
                                    {},     std::chrono::seconds(60) };
            out = streamOnThisThread(
                read, [&](const Streamed &sofar) { delivered = int(sofar.ids.size()); });
            ended = true;
        });
        const auto finish = qScopeGuard([&] { // also where a check below fails
            control.stop();
            streaming.join();
        });
        // Each wait comes after everything within the budget was handed over (a wait before
        // would keep from the reader the rows it needs to look on).
        for (qint64 allowed = 400; allowed < 2000; allowed += 400) {
            QTRY_VERIFY_WITH_TIMEOUT(delivered.load() == allowed && control.isWaiting(), 20'000);
            control.allow(allowed + 400);
        }
        QTRY_VERIFY_WITH_TIMEOUT(delivered.load() == 2000 && control.isWaiting(), 20'000);
        control.stop(); // wakes it at once, well before its patience
        QTRY_VERIFY_WITH_TIMEOUT(ended.load(), 5'000);
        QVERIFY2(out.statements, qPrintable(out.statements.error().message));
        QCOMPARE(out.statementRows, (QList<int> { 400, 400, 400, 400, 400 }));
        QCOMPARE(out.ids.last(), QStringLiteral("2000"));
        QVERIFY(!out.reachedEnd);
    }

    void anotherJobEndsAWaitingStream()
    {
        StreamControl control;
        control.allow(500);
        std::atomic<bool> jobWaits = false;
        std::atomic<bool> ended = false;
        Streamed out;
        std::thread streaming([&] {
            const StreamRead read { m_spec,
                                    keyOf(QStringLiteral("0")),
                                    false,
                                    500,
                                    500,
                                    control,
                                    [&] { return jobWaits.load(); },
                                    std::chrono::seconds(60) };
            out = streamOnThisThread(read);
            ended = true;
        });
        const auto finish = qScopeGuard([&] {
            control.stop();
            streaming.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(control.isWaiting(), 20'000);
        jobWaits = true; // not signalled: the stream looks again within a few milliseconds
        QTRY_VERIFY_WITH_TIMEOUT(ended.load(), 5'000);
        QVERIFY(out.statements);
        QCOMPARE(out.statementRows, (QList<int> { 500 }));
    }

    void stopAndYieldEndAfterTheStatementOnItsWay()
    {
        StreamControl control;
        control.allow(1'000'000);
        // Stopped at the first delivery: the statement already sent still comes, then no more.
        Streamed out = stream(*m_session,
                              { m_spec, keyOf(QStringLiteral("0")), false, 500, 500, control, {} },
                              [&](const Streamed &) { control.stop(); });
        QVERIFY(out.statements);
        QCOMPARE(out.statementRows, (QList<int> { 500, 500 }));
        QCOMPARE(out.ids.last(), QStringLiteral("1000"));

        // Another job waits: the same.
        StreamControl free;
        free.allow(1'000'000);
        bool waiting = false;
        out = stream(*m_session,
                     { m_spec, keyOf(QStringLiteral("0")), false, 500, 500, free,
                       [&] {
                           return waiting;
                       } },
                     [&](const Streamed &) { waiting = true; });
        QVERIFY(out.statements);
        QCOMPARE(out.statementRows, (QList<int> { 500, 500 }));
        QVERIFY(queryRows(*m_session, QStringLiteral("SELECT 1")));
    }

    void aSortColumnWithoutNullsStreamsOneWithNullsDoesNot()
    {
        BrowseSpec sorted = m_spec;
        sorted.sort = SortOrder { QStringLiteral("grp"), true };
        QVERIFY(isStreamable(sorted));
        StreamControl control;
        control.allow(1'000'000);
        // After the row (grp 5, id 5005), descending by grp, ties by id descending.
        const Streamed out = stream(*m_session,
                                    { sorted,
                                      RowKey { QByteArray("5"), { QByteArray("5005") } },
                                      false,
                                      300,
                                      1200,
                                      control,
                                      {} });
        QVERIFY2(out.statements, qPrintable(out.statements.error().message));
        QCOMPARE(out.ids,
                 psqlColumn(m_db.profile(),
                            QStringLiteral("SELECT id FROM wide WHERE (grp, id) < (5, 5005) "
                                           "ORDER BY grp DESC, id DESC")));

        BrowseSpec nullable = m_spec;
        nullable.sort = SortOrder { QStringLiteral("maybe"), false };
        QVERIFY(!isStreamable(nullable)); // its NULLs are a second statement: read by blocks
        BrowseSpec view = m_spec;
        view.table.key.clear();
        QVERIFY(!isStreamable(view)); // no key to go on from
    }

    void aServerKilledBetweenTwoStatements()
    {
        ScratchDir dir;
        LocalCluster cluster(scratchClusterOptions(dir.path() + QStringLiteral("/cluster")));
        Result<ConnectionProfile> profile = cluster.start();
        QVERIFY2(profile, profile ? "" : qPrintable(profile.error().message));
        QVERIFY(execSql(QStringLiteral("CREATE TABLE t (id int PRIMARY KEY);"
                                       "INSERT INTO t SELECT generate_series(1, 5000);"),
                        *profile));
        Result<Session> session = Session::open(*profile, {}, QStringLiteral("test"));
        QVERIFY(session);
        Result<BrowseTable> table
            = loadBrowseTable(*session, QStringLiteral("public"), QStringLiteral("t"));
        QVERIFY(table);
        BrowseSpec spec;
        spec.table = *table;
        StreamControl control;
        control.allow(1'000'000);
        bool killed = false;
        // Killed while the second statement is on its way (sent before the first's rows came).
        const Streamed out
            = stream(*session, { spec, keyOf(QStringLiteral("0")), false, 1000, 1000, control, {} },
                     [&](const Streamed &) {
                         if (!killed)
                             killed = killServer(cluster);
                     });
        QVERIFY(killed);
        QVERIFY(!out.statements);
        QCOMPARE(out.statements.error().kind, Error::Kind::ConnectionLost);
        QVERIFY2(out.statements.error().message.contains(QLatin1String("connection")),
                 qPrintable(out.statements.error().message));
        // What came before stays whole: whole statements of rows from 1, in order (the one on
        // its way may have arrived before the server died).
        QVERIFY(out.ids.size() >= 1000 && out.ids.size() % 1000 == 0);
        for (int at = 0; at < out.ids.size(); ++at)
            QCOMPARE(out.ids[at], QString::number(at + 1));
    }

private:
    // The stream on a session of the calling thread (a session belongs to the thread that
    // opened it), as the grid's worker runs it.
    Streamed streamOnThisThread(StreamRead read,
                                const std::function<void(const Streamed &)> &afterEach = {})
    {
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("stream"));
        if (!session) {
            Streamed failed;
            failed.statements = std::unexpected(session.error());
            return failed;
        }
        return stream(*session, read, afterEach);
    }

    ScratchDatabase m_db { QStringLiteral("rowstream") };
    std::optional<Session> m_session;
    BrowseSpec m_spec;
};

QTEST_GUILESS_MAIN(tst_RowStream)
#include "tst_rowstream.moc"
