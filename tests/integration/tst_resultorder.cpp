// The console's sort of a result it holds, against the server's ORDER BY of the same values:
// numbers by value (integers, numerics of any scale, floats with exponents, NaN and
// ±Infinity), booleans, dates and timestamps, NULLs last ascending and first descending, ties
// kept in their order. The server is the oracle; the values are shuffled by the server too.
#include "TestDatabase.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"
#include "console/ResultOrder.h"

#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

class tst_ResultOrder : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        SessionOptions options;
        options.mode = AccessMode::ReadWrite; // its temporary table
        Result<Session> session = Session::open(testProfile(), options, QStringLiteral("test"));
        QVERIFY2(session, session ? "" : qPrintable(session.error().message));
        m_session.emplace(std::move(*session));
    }

    void ordersAsTheServerDoes_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("values"); // a SELECT of one column named v
        QTest::newRow("integers") << "bigint"
                                  << "SELECT (g * 7919 % 2001 - 1000)::bigint FROM "
                                     "generate_series(1, 500) g";
        QTest::newRow("numerics of every scale")
            << "numeric"
            << "SELECT v FROM unnest(ARRAY[-10, -2, -0.5, -0.05, 0, 0.000, 0.5, 0.50, 2, 10, "
               "12345678901234567890.000000000001, 12345678901234567890, -99.99, 1.1, 1.09, "
               "'NaN', NULL, 007.700]::numeric[]) v";
        QTest::newRow("floats with exponents")
            << "double precision"
            << "SELECT v FROM unnest(ARRAY[1e20, 9.5e19, -1e-5, 3.14, 'Infinity', '-Infinity', "
               "'NaN', 0, -0, 2.5e-300, NULL, 1]::float8[]) v";
        QTest::newRow("reals") << "real"
                               << "SELECT (g / 7.0)::real * (CASE WHEN g % 3 = 0 THEN -1 ELSE "
                                  "1 END) FROM generate_series(1, 100) g";
        QTest::newRow("booleans") << "boolean"
                                  << "SELECT v FROM unnest(ARRAY[true, false, NULL, true, "
                                     "false]) v";
        QTest::newRow("dates and timestamps")
            << "timestamp without time zone"
            << "SELECT timestamp '2026-01-01' + (g * 7919 % 1000) * interval '37 minutes 11 "
               "seconds' FROM generate_series(1, 300) g";
        QTest::newRow("dates") << "date"
                               << "SELECT date '1999-12-31' + (g * 31 % 400) FROM "
                                  "generate_series(1, 200) g";
        QTest::newRow("ties and NULLs") << "integer"
                                        << "SELECT (CASE WHEN g % 5 = 0 THEN NULL ELSE g % 3 "
                                           "END) FROM generate_series(1, 60) g";
    }

    void ordersAsTheServerDoes()
    {
        QFETCH(QString, type);
        QFETCH(QString, values);
        // The values in a shuffled order, each with its place (the tie-breaker that keeps equal
        // values in their order); the server's order of the same.
        QVERIFY(queryRows(*m_session, QStringLiteral("DROP TABLE IF EXISTS pg_temp.o")));
        const Result<RowSet> made = queryRows(
            *m_session,
            QStringLiteral("CREATE TEMP TABLE o AS WITH v(v) AS (%1) SELECT v::%2 AS v, "
                           "(row_number() OVER (ORDER BY random()) - 1)::int AS place FROM v")
                .arg(values, type));
        QVERIFY2(made, made ? "" : qPrintable(made.error().message));
        Result<RowSet> read
            = queryRows(*m_session, QStringLiteral("SELECT v::text, place FROM o ORDER BY place"));
        QVERIFY(read);
        const QList<QList<SqlText>> rows = read->rows;
        for (const bool descending : { false, true }) {
            // Ties keep their place: the server is asked for the same (ORDER BY v, place).
            Result<RowSet> expected
                = queryRows(*m_session,
                            QStringLiteral("SELECT place FROM o ORDER BY v %1, place")
                                .arg(descending ? QStringLiteral("DESC") : QStringLiteral("ASC")));
            QVERIFY(expected);
            const std::optional<std::vector<quint32>> order
                = sortedRowOrder(quint32(rows.size()), columnKindOf(type), descending,
                                 [&](quint32 row) { return rows[int(row)][0]; });
            QVERIFY(order);
            QCOMPARE(qsizetype(order->size()), expected->rows.size());
            for (size_t at = 0; at < order->size(); ++at) {
                const QByteArray ours = *rows[int((*order)[at])][1];
                const QByteArray theirs = *expected->rows[qsizetype(at)][0];
                // Equal values may only swap with an equal value: compare the values, and
                // the place where the server's is a tie too.
                QVERIFY2(ours == theirs,
                         qPrintable(QStringLiteral("%1 %2: row %3 is place %4 (%5), the server "
                                                   "says place %6")
                                        .arg(type, descending ? "desc" : "asc")
                                        .arg(at)
                                        .arg(QString::fromUtf8(ours),
                                             QString::fromUtf8(
                                                 rows[int((*order)[at])][0].value_or("NULL")),
                                             QString::fromUtf8(theirs))));
            }
        }
    }

    void aStopEndsTheSortEarly()
    {
        std::atomic<bool> stop { true };
        const auto order = sortedRowOrder(
            100'000, ColumnKind::Number, false,
            [](quint32 row) { return SqlText(QByteArray::number(row % 97)); }, &stop);
        QVERIFY(!order);
    }

private:
    std::optional<Session> m_session;
};

QTEST_GUILESS_MAIN(tst_ResultOrder)
#include "tst_resultorder.moc"
