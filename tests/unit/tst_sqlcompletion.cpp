// The console's matcher and completion contexts on a catalog of names that are alike, quoted,
// long and mixed-case (the catalog as the server would give it, built here).
#include "catalog/FuzzyMatcher.h"
#include "console/SqlCompletion.h"

#include <QTest>

using namespace bridgescope;

namespace {

CompletionCatalog alikeCatalog()
{
    CompletionCatalog catalog;
    catalog.searchPath = { QStringLiteral("pg_catalog"), QStringLiteral("public") };
    catalog.schemas = { QStringLiteral("public"), QStringLiteral("Audit Log") };
    auto table = [&](const QString &schema, const QString &name, const QStringList &columns) {
        QStringList types;
        for (qsizetype i = 0; i < columns.size(); ++i)
            types << QStringLiteral("text");
        catalog.relations << CompletionCatalog::Relation { schema, name, QLatin1Char('r'), columns,
                                                           types };
        return int(catalog.relations.size() - 1);
    };
    const int executions = table(
        QStringLiteral("public"), QStringLiteral("workflow_executions"),
        { QStringLiteral("workflow_id"), QStringLiteral("status"), QStringLiteral("namespace") });
    const int steps = table(
        QStringLiteral("public"), QStringLiteral("workflow_steps"),
        { QStringLiteral("step_id"), QStringLiteral("workflow_id"), QStringLiteral("status") });
    table(QStringLiteral("public"), QStringLiteral("workflow_executions_archive"),
          { QStringLiteral("workflow_id") });
    table(QStringLiteral("public"), QStringLiteral("wex"), { QStringLiteral("id") });
    table(QStringLiteral("public"), QStringLiteral("MixedCase"), { QStringLiteral("Value") });
    table(QStringLiteral("Audit Log"), QStringLiteral("events"), { QStringLiteral("at") });
    table(QStringLiteral("public"), QStringLiteral("order"), { QStringLiteral("id") });
    catalog.foreignKeys << CompletionCatalog::ForeignKey {
        steps, executions, { QStringLiteral("workflow_id") }, { QStringLiteral("workflow_id") }
    };
    catalog.functions << CompletionCatalog::Function {
        QStringLiteral("pg_catalog"), QStringLiteral("jsonb_path_query"),
        QStringLiteral("target jsonb, path jsonpath"), QStringLiteral("SETOF jsonb")
    };
    catalog.index();
    return catalog;
}

QStringList texts(const Completions &completions, int first = 5)
{
    QStringList list;
    for (const CompletionCandidate &candidate : completions.candidates.mid(0, first))
        list << candidate.text;
    return list;
}

} // namespace

class tst_SqlCompletion : public QObject
{
    Q_OBJECT
private slots:
    void fuzzyRanksExactThenPrefixThenWordStarts()
    {
        const QString executions = QStringLiteral("workflow_executions");
        QVERIFY(fuzzyScore(QStringLiteral("wex"), QStringLiteral("wex"))
                > fuzzyScore(executions, QStringLiteral("wex")));
        QVERIFY(fuzzyScore(executions, QStringLiteral("workflow_e"))
                > fuzzyScore(executions, QStringLiteral("we")));
        QVERIFY(fuzzyScore(executions, QStringLiteral("we")) > 0); // word starts
        QVERIFY(fuzzyScore(executions, QStringLiteral("w_ex")) > 0);
        QVERIFY(fuzzyScore(executions, QStringLiteral("wfexe")) > 0); // subsequence
        QCOMPARE(fuzzyScore(executions, QStringLiteral("zz")), -1);
        QVERIFY(fuzzyScore(QStringLiteral("MixedCase"), QStringLiteral("mc")) > 0);
        QVERIFY(fuzzyScore(executions, QStringLiteral("EXEC")) > 0); // case does not matter
    }

    // The character mask only passes over names that could not match: every (name, typed)
    // pair that scores has a mask that may match, over names alike, mixed-case, quoted, with
    // digits, separators and letters outside ASCII, and every prefix, infix and subsequence.
    void theCharacterMaskNeverHidesAMatch()
    {
        const QStringList names { QStringLiteral("workflow_executions"),
                                  QStringLiteral("WorkflowSteps"),
                                  QStringLiteral("node_registrations_2026_q1"),
                                  QStringLiteral("Audit Log"),
                                  QStringLiteral("größe_änderung"),
                                  QStringLiteral("x$y#z"),
                                  QStringLiteral("t1"),
                                  QStringLiteral("event_logs") };
        int matches = 0;
        int passedOver = 0;
        for (const QString &name : names) {
            const QString lower = name.toLower();
            const quint64 mask = FuzzyMatcher::charMask(lower);
            QStringList typedWords { QStringLiteral("zz"), QStringLiteral("w_e"),
                                     QStringLiteral("q9"), QStringLiteral("ÄN") };
            for (qsizetype from = 0; from < name.size(); ++from)
                for (qsizetype length = 1; from + length <= name.size(); ++length) {
                    typedWords << name.mid(from, length);
                    QString every; // a subsequence: every other character
                    for (qsizetype i = from; i < from + length; i += 2)
                        every += name.at(i);
                    typedWords << every.toUpper();
                }
            for (const QString &typed : typedWords) {
                const FuzzyMatcher matcher(typed);
                const bool scores = matcher.score(name, lower) >= 0;
                matches += scores;
                passedOver += !matcher.mayMatch(mask);
                if (scores)
                    QVERIFY2(matcher.mayMatch(mask),
                             qPrintable(name + QLatin1String(" / ") + typed));
            }
        }
        QVERIFY(matches > 100);
        QVERIFY(passedOver > 0); // it does pass over some
    }

    void tablesAfterFromExactFirst()
    {
        const CompletionCatalog catalog = alikeCatalog();
        QCOMPARE(texts(completeSql(catalog, QStringLiteral("SELECT * FROM wex"), 17), 1),
                 QStringList { QStringLiteral("wex") });
        const QStringList we = texts(completeSql(catalog, QStringLiteral("SELECT * FROM we"), 16));
        QVERIFY2(we.indexOf(QStringLiteral("workflow_executions"))
                     < we.indexOf(QStringLiteral("workflow_executions_archive")),
                 qPrintable(we.join(QLatin1Char(' '))));
        // Quoted where PostgreSQL needs it; another schema qualified.
        QVERIFY(texts(completeSql(catalog, QStringLiteral("SELECT * FROM mixed"), 19))
                    .contains(QStringLiteral("\"MixedCase\"")));
        QVERIFY(texts(completeSql(catalog, QStringLiteral("SELECT * FROM event"), 19))
                    .contains(QStringLiteral("\"Audit Log\".events")));
        QVERIFY(texts(completeSql(catalog, QStringLiteral("SELECT * FROM ord"), 17))
                    .contains(QStringLiteral("\"order\"")));
        // The replaced word starts where it was typed.
        QCOMPARE(completeSql(catalog, QStringLiteral("SELECT 1; SELECT * FROM wo"), 26).replaceFrom,
                 24);
    }

    void aliasColumnsAndJoinConditions()
    {
        const CompletionCatalog catalog = alikeCatalog();
        const QString sql = QStringLiteral("SELECT s. FROM workflow_steps AS s");
        QCOMPARE(texts(completeSql(catalog, sql, 9), 3),
                 (QStringList { QStringLiteral("status"), QStringLiteral("step_id"),
                                QStringLiteral("workflow_id") }));
        const QString join
            = QStringLiteral("SELECT * FROM workflow_executions e JOIN workflow_steps s ON ");
        QCOMPARE(texts(completeSql(catalog, join, int(join.size())), 1),
                 QStringList { QStringLiteral("s.workflow_id = e.workflow_id") });
        // Columns of the statement's tables before functions and keywords.
        const QString where = QStringLiteral("SELECT * FROM workflow_steps WHERE sta");
        QCOMPARE(texts(completeSql(catalog, where, int(where.size())), 1),
                 QStringList { QStringLiteral("status") });
        const QString function = QStringLiteral("SELECT jsonb_pa");
        const Completions functions = completeSql(catalog, function, int(function.size()));
        QCOMPARE(functions.candidates.first().text, QStringLiteral("jsonb_path_query("));
        QCOMPARE(functions.candidates.first().detail,
                 QStringLiteral("jsonb_path_query(target jsonb, path jsonpath) → SETOF jsonb"));
    }
};

QTEST_GUILESS_MAIN(tst_SqlCompletion)
#include "tst_sqlcompletion.moc"
