// The text drift works with: names split at the right dots, column definitions taken apart, the
// owner of each kind of object, the SQL offered for each kind of difference, and the order in
// which a history applied its migrations.
#include "migrations/DriftCheck.h"
#include "migrations/DriftSql.h"

#include <QTest>

using namespace bridgescope;

namespace {

CatalogDifference difference(CatalogDifference::Kind kind, const QString &object,
                             const QString &expected, const QString &actual)
{
    return { kind, object, expected, actual };
}

HistoryEntry entry(int version, HistoryAction action, bool success = true)
{
    HistoryEntry e;
    e.version = version;
    e.action = action;
    e.success = success;
    return e;
}

} // namespace

class tst_DriftSql : public QObject
{
    Q_OBJECT
private slots:
    void quotedNamesKeepTheirDots()
    {
        QCOMPARE(splitQualifiedName(QStringLiteral("public.\"a.b\".c")),
                 (QStringList { QStringLiteral("public"), QStringLiteral("\"a.b\""),
                                QStringLiteral("c") }));
        QCOMPARE(splitQualifiedName(QStringLiteral("\"x\"\"y.z\".t")),
                 (QStringList { QStringLiteral("\"x\"\"y.z\""), QStringLiteral("t") }));
    }

    void columnDefinitionsComeApart_data()
    {
        QTest::addColumn<QString>("definition");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("notNull");
        QTest::addColumn<QString>("defaultExpression");
        QTest::addColumn<QString>("generated");
        QTest::newRow("plain") << "text"
                               << "text" << false << ""
                               << "";
        QTest::newRow("spaced type, default") << "timestamp with time zone NOT NULL DEFAULT now()"
                                              << "timestamp with time zone" << true << "now()"
                                              << "";
        QTest::newRow("collation") << "text COLLATE \"C\" NOT NULL"
                                   << "text COLLATE \"C\"" << true << ""
                                   << "";
        QTest::newRow("default that reads like a clause")
            << "text DEFAULT ' NOT NULL DEFAULT x'::text"
            << "text" << false << "' NOT NULL DEFAULT x'::text"
            << "";
        QTest::newRow("quoted type with a marker inside") << "\"my NOT NULL type\" NOT NULL"
                                                          << "\"my NOT NULL type\"" << true << ""
                                                          << "";
        QTest::newRow("identity") << "bigint NOT NULL GENERATED ALWAYS AS IDENTITY"
                                  << "bigint" << true << ""
                                  << "GENERATED ALWAYS AS IDENTITY";
        QTest::newRow("generated") << "integer GENERATED ALWAYS AS ((a + 1)) STORED"
                                   << "integer" << false << ""
                                   << "GENERATED ALWAYS AS ((a + 1)) STORED";
    }
    void columnDefinitionsComeApart()
    {
        QFETCH(QString, definition);
        const ColumnDefinition column = parseColumnDefinition(definition);
        QTEST(column.type, "type");
        QTEST(column.notNull, "notNull");
        QTEST(column.defaultExpression, "defaultExpression");
        QTEST(column.generated, "generated");
    }

    void eachObjectHasItsOwner()
    {
        QCOMPARE(owningRelation(QStringLiteral("column public.\"t.x\".c"), {}),
                 QStringLiteral("public.\"t.x\""));
        QCOMPARE(
            owningRelation(QStringLiteral("index public.i"),
                           QStringLiteral("CREATE INDEX i ON public.\"My T\" USING btree (a)")),
            QStringLiteral("public.\"My T\""));
        QCOMPARE(owningRelation(QStringLiteral("index public.i"),
                                QStringLiteral("CREATE INDEX i ON ONLY public.p USING btree (a)")),
                 QStringLiteral("public.p"));
        QCOMPARE(owningRelation(QStringLiteral("comment table column public.t.c"), {}),
                 QStringLiteral("public.t"));
        QCOMPARE(owningRelation(QStringLiteral("comment table constraint k on public.t"), {}),
                 QStringLiteral("public.t"));
        QCOMPARE(owningRelation(QStringLiteral("comment table public.t"), {}),
                 QStringLiteral("public.t"));
        QCOMPARE(owningRelation(QStringLiteral("function public.f(a integer)"), {}),
                 QStringLiteral("public.f(a integer)"));
    }

    void alignmentSqlForEachKind()
    {
        using Kind = CatalogDifference::Kind;
        const CatalogSnapshot none;
        AlignmentSql sql
            = alignmentSql(difference(Kind::Extra, QStringLiteral("index public.i"), {},
                                      QStringLiteral("CREATE INDEX i ON public.t USING btree (a)")),
                           none, none);
        QCOMPARE(sql.toMatchMigrations, QStringLiteral("DROP INDEX IF EXISTS public.i;"));
        QCOMPARE(sql.toMatchDatabase,
                 QStringLiteral("CREATE INDEX i ON public.t USING btree (a);"));

        sql = alignmentSql(difference(Kind::Changed, QStringLiteral("column public.t.c"),
                                      QStringLiteral("integer NOT NULL DEFAULT 0"),
                                      QStringLiteral("bigint")),
                           none, none);
        QCOMPARE(
            sql.toMatchMigrations,
            QStringLiteral("ALTER TABLE public.t ALTER COLUMN c TYPE integer USING c::integer;\n"
                           "ALTER TABLE public.t ALTER COLUMN c SET DEFAULT 0;\n"
                           "ALTER TABLE public.t ALTER COLUMN c SET NOT NULL;"));
        QCOMPARE(sql.toMatchDatabase,
                 QStringLiteral("ALTER TABLE public.t ALTER COLUMN c TYPE bigint USING c::bigint;\n"
                                "ALTER TABLE public.t ALTER COLUMN c DROP DEFAULT;\n"
                                "ALTER TABLE public.t ALTER COLUMN c DROP NOT NULL;"));

        sql = alignmentSql(difference(Kind::Missing,
                                      QStringLiteral("comment table constraint k on public.t"),
                                      QStringLiteral("it's the key"), {}),
                           none, none);
        QCOMPARE(sql.toMatchMigrations,
                 QStringLiteral("COMMENT ON CONSTRAINT k ON public.t IS 'it''s the key';"));
        QCOMPARE(sql.toMatchDatabase,
                 QStringLiteral("COMMENT ON CONSTRAINT k ON public.t IS NULL;"));

        sql = alignmentSql(difference(Kind::Missing, QStringLiteral("trigger public.t.g"),
                                      QStringLiteral("CREATE TRIGGER g BEFORE UPDATE ON public.t "
                                                     "FOR EACH ROW EXECUTE FUNCTION f()"),
                                      {}),
                           none, none);
        QCOMPARE(sql.toMatchDatabase, QStringLiteral("DROP TRIGGER IF EXISTS g ON public.t;"));

        sql = alignmentSql(difference(Kind::Extra, QStringLiteral("type public.mood"), {},
                                      QStringLiteral("e - 'sad', 'ok'")),
                           none, none);
        QCOMPARE(sql.toMatchDatabase,
                 QStringLiteral("CREATE TYPE public.mood AS ENUM ('sad', 'ok');"));
        QCOMPARE(sql.toMatchMigrations, QStringLiteral("DROP TYPE IF EXISTS public.mood;"));
    }

    void aWholeTableIsWrittenWithItsParts()
    {
        CatalogSnapshot actual {
            { QStringLiteral("table public.t"), QStringLiteral("r p") },
            { QStringLiteral("column public.t.id"), QStringLiteral("bigint NOT NULL") },
            { QStringLiteral("column public.t.note"), QStringLiteral("text") },
            { QStringLiteral("column public.u.other"), QStringLiteral("text") },
            { QStringLiteral("constraint public.t.t_pkey"), QStringLiteral("PRIMARY KEY (id)") },
            { QStringLiteral("index public.t_pkey"),
              QStringLiteral("CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)") },
            { QStringLiteral("index public.t_note"),
              QStringLiteral("CREATE INDEX t_note ON public.t USING btree (note)") },
            { QStringLiteral("comment table public.t"), QStringLiteral("notes") },
        };
        const AlignmentSql sql
            = alignmentSql(difference(CatalogDifference::Kind::Extra,
                                      QStringLiteral("table public.t"), {}, QStringLiteral("r p")),
                           {}, actual);
        QCOMPARE(sql.toMatchMigrations, QStringLiteral("DROP TABLE IF EXISTS public.t;"));
        QCOMPARE(sql.toMatchDatabase,
                 QStringLiteral("-- columns in name order\n"
                                "CREATE TABLE public.t (\n"
                                "    id bigint NOT NULL,\n"
                                "    note text,\n"
                                "    CONSTRAINT t_pkey PRIMARY KEY (id)\n"
                                ");\n"
                                "CREATE INDEX t_note ON public.t USING btree (note);\n"
                                "COMMENT ON TABLE public.t IS 'notes';"));
    }

    void appliedOrderFollowsTheLastSuccessfulApply()
    {
        const QList<HistoryEntry> history {
            entry(1, HistoryAction::Apply),           entry(3, HistoryAction::Apply),
            entry(2, HistoryAction::Apply),           entry(4, HistoryAction::Apply, false),
            entry(3, HistoryAction::Rollback),        entry(3, HistoryAction::Apply),
            entry(2, HistoryAction::Accept),          entry(5, HistoryAction::Apply),
            entry(5, HistoryAction::Rollback, false),
        };
        QCOMPARE(appliedOrder(history), (QList<int> { 1, 2, 3, 5 }));
    }
};

QTEST_APPLESS_MAIN(tst_DriftSql)
#include "tst_driftsql.moc"
