// Each object's DDL against pg_dump --schema-only of the same object, on a schema built the way
// real ones grow: identity, serial and generated columns, a collation, quoted and mixed-case
// names, a partitioned table and its partition, views over views, a materialized view, row
// level security, grants, comments, every kind of type, functions with defaults, SET,
// SECURITY DEFINER, a body holding $$, and an SQL-standard body. The normalization (what of
// pg_dump's output is left out before comparing) is in docs/ddl.md.
#include "CatalogFixture.h"
#include "Psql.h"
#include "TestDatabase.h"
#include "catalog/CatalogIndex.h"
#include "catalog/ObjectDdl.h"
#include "connection/ServerTools.h"
#include "connection/Session.h"
#include "migrations/SqlScript.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

// The objects in an order that makes each after what it needs: the replay below runs their
// DDL in an empty database.
const char *const kReplayOrder[] = {
    "public.mood",
    "public.pair",
    "public.posint",
    "public.floatrange",
    "public.counter",
    "public.down",
    "public.touch()",
    "public.add(integer, integer)",
    "public.add(text, text)",
    "public.dollars()",
    "public.series(integer)",
    "public.standard(integer)",
    "public.reset_counter()",
    "public.parent",
    "public.child",
    "public.events",
    "public.events_2026",
    "public.events_other",
    "\"Odd Schema\".\"Mixed Case\"",
    "\"Odd Schema\".refers",
    "\"Odd Schema\".\"Loud\"(text)",
    "public.parent_names",
    "public.named_twice",
    "public.parent_counts",
    "public.total(integer)",
    "parents",
    "everything",
};

// A script's statements, each ending with its ';'.
QStringList statementsOf(const QString &script)
{
    QStringList statements;
    const Result<QList<SqlStatement>> split = splitSqlScript(script, SplitMode::Lenient);
    for (const SqlStatement &statement : split.value_or(QList<SqlStatement>()))
        statements << statement.text.trimmed() + QLatin1Char(';');
    return statements;
}

// pg_dump's output less what is not the object: comment headers, SET and set_config lines,
// \restrict and \unrestrict, blank lines; then its statements.
QStringList dumpedStatements(const QByteArray &dump)
{
    QStringList kept;
    for (const QString &line : QString::fromUtf8(dump).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("--")) || line.startsWith(QLatin1String("SET "))
            || line.startsWith(QLatin1String("SELECT pg_catalog.set_config"))
            || line.startsWith(QLatin1String("\\restrict"))
            || line.startsWith(QLatin1String("\\unrestrict")) || line.trimmed().isEmpty())
            continue;
        kept << line;
    }
    return statementsOf(kept.join(QLatin1Char('\n')));
}

} // namespace

class tst_ObjectDdl : public QObject
{
    Q_OBJECT
private:
    ScratchDatabase m_db { QStringLiteral("objectddl") };
    ScratchRole m_reader { QStringLiteral("ddl_reader"), QStringLiteral("NOLOGIN") };
    QString m_pgDump;
    QByteArray m_schemaDump; // pg_dump -s of the whole database
    std::optional<Session> m_session;
    CatalogIndex m_index;

    QByteArray pgDump(const QStringList &arguments)
    {
        QProcess process;
        process.start(m_pgDump,
                      QStringList { QStringLiteral("--schema-only"), QStringLiteral("-d"),
                                    m_db.profile().toConnInfo(true) }
                          + arguments);
        if (!process.waitForFinished(120'000) || process.exitCode() != 0)
            qWarning() << process.readAllStandardError();
        return process.readAllStandardOutput();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_db.isValid());
        QVERIFY(m_reader.isValid());
        const PsqlRun made = runPsql(
            m_db.profile(),
            catalogFixtureSql(m_reader.name(),
                              psqlColumn(m_db.profile(), QStringLiteral("SHOW server_version_num"))
                                  .value(0)
                                  .toInt()));
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        Result<Session> session = Session::open(m_db.profile(), {}, QStringLiteral("test-ddl"));
        QVERIFY(session);
        m_session.emplace(std::move(*session));
        Result<CatalogIndex> index = readCatalogIndex(*m_session);
        QVERIFY2(index, index ? "" : qPrintable(index.error().message));
        m_index = std::move(*index);

        // pg_dump of the server's own major: the server programs' folder, else the machine's
        // when it is the same major (another major's server folder has no pg_dump).
        const int major = m_session->serverInfo()->serverVersionNumber / 10000;
        Result<ServerTools> tools = ServerTools::locate();
        for (const QString &candidate :
             { tools ? tools->binDir() + QStringLiteral("/pg_dump") : QString(),
               QStringLiteral("pg_dump") }) {
            if (candidate.isEmpty())
                continue;
            QProcess version;
            version.start(candidate, { QStringLiteral("--version") });
            if (!version.waitForFinished(10'000) || version.exitCode() != 0)
                continue;
            const QRegularExpressionMatch found = QRegularExpression(QStringLiteral(R"(\) (\d+))"))
                                                      .match(QString::fromUtf8(version.readAll()));
            if (found.hasMatch() && found.captured(1).toInt() == major) {
                m_pgDump = candidate;
                break;
            }
        }
        if (!m_pgDump.isEmpty())
            m_schemaDump = pgDump({});
    }

    // Every kind the navigator shows, from the one catalog statement; what belongs to
    // something else (a partition's columns, an identity's sequence, a range's constructors,
    // an extension's functions) is not listed on its own.
    void theIndexHoldsEveryKind()
    {
        const auto find = [this](ObjectKind kind, const QString &name) -> const CatalogObject * {
            for (const CatalogObject &object : m_index.objects())
                if (object.kind == kind && object.name == name)
                    return &object;
            return nullptr;
        };
        QVERIFY(find(ObjectKind::Schema, QStringLiteral("Odd Schema")));
        QVERIFY(find(ObjectKind::Table, QStringLiteral("parent")));
        QVERIFY(find(ObjectKind::Table, QStringLiteral("Mixed Case")));
        QVERIFY(find(ObjectKind::PartitionedTable, QStringLiteral("events")));
        const CatalogObject *partition = find(ObjectKind::Partition, QStringLiteral("events_2026"));
        QVERIFY(partition);
        QCOMPARE(partition->parent, QStringLiteral("events"));
        QVERIFY(find(ObjectKind::View, QStringLiteral("named_twice")));
        QVERIFY(find(ObjectKind::MaterializedView, QStringLiteral("parent_counts")));
        QVERIFY(find(ObjectKind::Sequence, QStringLiteral("counter")));
        QVERIFY(find(ObjectKind::Sequence, QStringLiteral("child_id_seq"))); // a serial's
        QVERIFY(!find(ObjectKind::Sequence, QStringLiteral("child_small_seq"))); // an identity's
        QVERIFY(find(ObjectKind::Procedure, QStringLiteral("reset_counter")));
        QVERIFY(find(ObjectKind::EnumType, QStringLiteral("mood")));
        QVERIFY(find(ObjectKind::CompositeType, QStringLiteral("pair")));
        QVERIFY(find(ObjectKind::Domain, QStringLiteral("posint")));
        QVERIFY(find(ObjectKind::RangeType, QStringLiteral("floatrange")));
        QVERIFY(!find(ObjectKind::Function, QStringLiteral("floatrange")));
        QVERIFY(find(ObjectKind::Index, QStringLiteral("child_note")));
        const CatalogObject *check = find(ObjectKind::Constraint, QStringLiteral("price_positive"));
        QVERIFY(check);
        QCOMPARE(check->detail, QStringLiteral("check"));
        QVERIFY(find(ObjectKind::Trigger, QStringLiteral("child_touch")));
        QVERIFY(find(ObjectKind::Policy, QStringLiteral("no_big")));
        QVERIFY(find(ObjectKind::Extension, QStringLiteral("plpgsql")));
        QVERIFY(find(ObjectKind::Publication, QStringLiteral("parents")));
        const CatalogObject *column = find(ObjectKind::Column, QStringLiteral("a\"quote"));
        QVERIFY(column);
        QCOMPARE(column->qualified, QStringLiteral("\"Odd Schema\".\"Mixed Case\".\"a\"\"quote\""));
        int overloads = 0;
        for (const CatalogObject &object : m_index.objects()) {
            if (object.kind == ObjectKind::Function && object.name == QLatin1String("add"))
                ++overloads;
            QVERIFY2(!(object.kind == ObjectKind::Column
                       && object.parent == QLatin1String("events_2026")),
                     "a partition's columns are its parent's");
            QVERIFY2(!(isFunctionKind(object.kind)
                       && object.name == QLatin1String("plpgsql_call_handler")),
                     "an extension's functions are the extension's");
        }
        QCOMPARE(overloads, 2);
    }

    void eachObjectIsWhatPgDumpWrites_data()
    {
        QTest::addColumn<QString>("object");
        for (const char *name : { "public.parent",
                                  "public.child",
                                  "public.events",
                                  "public.events_2026",
                                  "public.events_other",
                                  "\"Odd Schema\".\"Mixed Case\"",
                                  "\"Odd Schema\".refers",
                                  "public.parent_names",
                                  "public.named_twice",
                                  "public.parent_counts",
                                  "public.counter",
                                  "public.down",
                                  "public.add(integer, integer)",
                                  "public.add(text, text)",
                                  "public.dollars()",
                                  "public.series(integer)",
                                  "public.standard(integer)",
                                  "public.reset_counter()",
                                  "public.touch()",
                                  "\"Odd Schema\".\"Loud\"(text)",
                                  "public.mood",
                                  "public.pair",
                                  "public.posint",
                                  "public.floatrange",
                                  "public.total(integer)",
                                  "parents",
                                  "everything" })
            QTest::newRow(name) << QString::fromUtf8(name);
    }
    void eachObjectIsWhatPgDumpWrites()
    {
        QFETCH(QString, object);
        if (m_pgDump.isEmpty())
            QSKIP("No pg_dump of the server's major here (another major's server folder has "
                  "none): the replay test below still runs.");
        const int found = m_index.lookup(object);
        QVERIFY2(found >= 0, qPrintable(object));
        const CatalogObject &target = m_index.objects().at(found);
        Result<QString> ddl = readObjectDdl(*m_session, target);
        QVERIFY2(ddl, ddl ? "" : qPrintable(ddl.error().message));
        const QStringList ours = statementsOf(*ddl);

        QStringList expected;
        if (isRelation(target.kind) || target.kind == ObjectKind::Sequence) {
            expected = dumpedStatements(pgDump({ QStringLiteral("-t"), target.qualified }));
        } else {
            // No pg_dump switch picks a function or a type: its statements of the whole dump,
            // those that create, own, comment on or grant it.
            const QString head = isFunctionKind(target.kind)
                ? QRegularExpression::escape(target.qualified.section(QLatin1Char('('), 0, 0))
                    + QStringLiteral("\\(")
                : QRegularExpression::escape(target.qualified) + QStringLiteral("[ ;\\n]");
            const QRegularExpression mine(
                QStringLiteral("^(CREATE|ALTER|COMMENT ON|GRANT [A-Z,]+ ON|REVOKE [A-Z,]+ ON) "
                               "(TYPE|DOMAIN|FUNCTION|PROCEDURE|AGGREGATE|PUBLICATION|"
                               "EXTENSION IF NOT EXISTS|EXTENSION) %1")
                    .arg(head));
            // An overload is told apart by its arguments, as pg_dump writes them: with their
            // defaults in CREATE, without in ALTER, COMMENT and GRANT.
            QStringList signatures;
            if (isFunctionKind(target.kind)) {
                const QString base = target.qualified.section(QLatin1Char('('), 0, 0);
                for (const char *function :
                     { "pg_get_function_arguments", "pg_get_function_identity_arguments" })
                    signatures << QStringLiteral("%1(%2)").arg(
                        base,
                        psqlColumn(m_db.profile(),
                                   QStringLiteral("SELECT %1(%2)")
                                       .arg(QString::fromLatin1(function))
                                       .arg(target.oid))
                            .value(0));
            }
            for (const QString &statement : dumpedStatements(m_schemaDump)) {
                if (!mine.match(statement).hasMatch())
                    continue;
                if (!signatures.isEmpty()
                    && !std::any_of(
                        signatures.begin(), signatures.end(),
                        [&](const QString &signature) { return statement.contains(signature); }))
                    continue;
                expected << statement;
            }
        }
        QVERIFY2(!expected.isEmpty(), qPrintable(object));
        if (ours != expected) {
            qWarning().noquote() << "ours:\n"
                                 << ours.join(QStringLiteral("\n")) << "\npg_dump:\n"
                                 << expected.join(QStringLiteral("\n"));
        }
        QCOMPARE(ours, expected);
    }

    // An extension and a foreign table over postgres_fdw, where the server has it (the other
    // majors' server folders carry no contrib modules).
    void extensionsAndForeignTablesAreWhatPgDumpWrites()
    {
        if (psqlColumn(m_db.profile(),
                       QStringLiteral("SELECT count(*) FROM pg_available_extensions "
                                      "WHERE name = 'postgres_fdw'"))
                .value(0)
            != QLatin1String("1"))
            QSKIP("postgres_fdw is not installed with this server.");
        if (m_pgDump.isEmpty())
            QSKIP("No pg_dump of the server's major here.");
        const PsqlRun made = runPsql(
            m_db.profile(),
            QStringLiteral("CREATE EXTENSION IF NOT EXISTS postgres_fdw;"
                           "CREATE SERVER IF NOT EXISTS far FOREIGN DATA WRAPPER postgres_fdw "
                           "OPTIONS (host 'elsewhere', dbname 'y');"
                           "CREATE FOREIGN TABLE IF NOT EXISTS public.remote (id int NOT NULL, "
                           "name text OPTIONS (column_name 'nm') DEFAULT 'none') SERVER far "
                           "OPTIONS (table_name 'r', schema_name 'public');"
                           "COMMENT ON FOREIGN TABLE public.remote IS 'over there';"));
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        Result<CatalogIndex> index = readCatalogIndex(*m_session);
        QVERIFY(index);
        const QByteArray dump = pgDump({});
        for (const QString &name :
             { QStringLiteral("postgres_fdw"), QStringLiteral("public.remote") }) {
            const int found = index->lookup(name);
            QVERIFY2(found >= 0, qPrintable(name));
            Result<QString> ddl = readObjectDdl(*m_session, index->objects().at(found));
            QVERIFY2(ddl, ddl ? "" : qPrintable(ddl.error().message));
            const QRegularExpression about(
                QStringLiteral("^(CREATE|ALTER|COMMENT ON) (EXTENSION IF NOT EXISTS|EXTENSION|"
                               "FOREIGN TABLE) %1[ ;\\n]")
                    .arg(QRegularExpression::escape(name)));
            QStringList expected;
            for (const QString &statement : dumpedStatements(dump))
                if (about.match(statement).hasMatch())
                    expected << statement;
            QVERIFY(!expected.isEmpty());
            QCOMPARE(statementsOf(*ddl), expected);
        }
    }

    // Round trip, on every major (no pg_dump needed): the DDL of every object, run in an empty
    // database, makes objects whose DDL is the same again.
    void theDdlMakesTheObjectsAgain()
    {
        ScratchDatabase copy(QStringLiteral("objectddl_replay"));
        QVERIFY(copy.isValid());
        QStringList script { QStringLiteral("CREATE SCHEMA \"Odd Schema\";") };
        QHash<QString, QString> written;
        for (const char *name : kReplayOrder) {
            const int found = m_index.lookup(QString::fromUtf8(name));
            QVERIFY2(found >= 0, name);
            Result<QString> ddl = readObjectDdl(*m_session, m_index.objects().at(found));
            QVERIFY2(ddl, ddl ? "" : qPrintable(ddl.error().message));
            written.insert(QString::fromUtf8(name), *ddl);
            script << *ddl;
        }
        const PsqlRun replay = runPsql(copy.profile(), script.join(QLatin1Char('\n')));
        QVERIFY2(replay.exitCode == 0, qPrintable(replay.err));
        Result<Session> session = Session::open(copy.profile(), {}, QStringLiteral("test-replay"));
        QVERIFY(session);
        Result<CatalogIndex> index = readCatalogIndex(*session);
        QVERIFY(index);
        for (const char *name : kReplayOrder) {
            const int found = index->lookup(QString::fromUtf8(name));
            QVERIFY2(found >= 0, name);
            Result<QString> again = readObjectDdl(*session, index->objects().at(found));
            QVERIFY(again);
            QCOMPARE(*again, written.value(QString::fromUtf8(name)));
        }
    }

    // A column or a policy is written by its table's DDL, as pg_dump writes it; an index or a
    // trigger on its own is its one statement.
    void aPartOfATableGivesItsStatementOrItsTable()
    {
        Result<QString> table = readObjectDdl(
            *m_session, m_index.objects().at(m_index.lookup(QStringLiteral("public.child"))));
        QVERIFY(table);
        for (const auto &[kind, name] :
             { std::pair { ObjectKind::Column, QStringLiteral("note") },
               std::pair { ObjectKind::Policy, QStringLiteral("own_rows") } }) {
            const auto found = std::find_if(
                m_index.objects().begin(), m_index.objects().end(), [&](const CatalogObject &o) {
                    return o.kind == kind && o.name == name && o.parent == QLatin1String("child");
                });
            QVERIFY(found != m_index.objects().end());
            Result<QString> ddl = readObjectDdl(*m_session, *found);
            QVERIFY(ddl);
            QCOMPARE(*ddl, *table);
        }
        for (const auto &[kind, name, expected] :
             { std::tuple { ObjectKind::Index, QStringLiteral("child_note"),
                            QStringLiteral("CREATE INDEX child_note ON public.child USING btree "
                                           "(lower(note)) WHERE (note IS NOT NULL);") },
               std::tuple { ObjectKind::Trigger, QStringLiteral("child_touch"),
                            QStringLiteral("CREATE TRIGGER child_touch BEFORE INSERT OR UPDATE ON "
                                           "public.child FOR EACH ROW EXECUTE FUNCTION "
                                           "public.touch();") } }) {
            const auto found = std::find_if(
                m_index.objects().begin(), m_index.objects().end(),
                [&](const CatalogObject &o) { return o.kind == kind && o.name == name; });
            QVERIFY(found != m_index.objects().end());
            Result<QString> ddl = readObjectDdl(*m_session, *found);
            QVERIFY(ddl);
            QCOMPARE(ddl->trimmed(), expected);
            QVERIFY2(table->contains(expected), qPrintable(expected)); // as the table has it
        }
    }

    // An object dropped after the catalog was read: a sentence, not an empty statement.
    void aDroppedObjectIsSaidToBeGone()
    {
        QCOMPARE(runPsql(m_db.profile(),
                         QStringLiteral("CREATE TABLE public.soon_gone (id int); "
                                        "CREATE FUNCTION public.soon_gone_f() "
                                        "RETURNS int LANGUAGE sql AS 'SELECT 1'"))
                     .exitCode,
                 0);
        Result<CatalogIndex> index = readCatalogIndex(*m_session);
        QVERIFY(index);
        const int table = index->lookup(QStringLiteral("public.soon_gone"));
        const int function = index->lookup(QStringLiteral("public.soon_gone_f()"));
        QVERIFY(table >= 0 && function >= 0);
        QCOMPARE(runPsql(m_db.profile(),
                         QStringLiteral("DROP TABLE public.soon_gone; "
                                        "DROP FUNCTION public.soon_gone_f()"))
                     .exitCode,
                 0);
        for (int gone : { table, function }) {
            Result<QString> ddl = readObjectDdl(*m_session, index->objects().at(gone));
            QVERIFY(!ddl);
            QVERIFY2(ddl.error().message.contains(
                         QLatin1String("is gone: it was dropped since the catalog was read")),
                     qPrintable(ddl.error().message));
        }
    }

    // A role kept from the catalog (pg_proc revoked from PUBLIC, as some hardened servers do)
    // is told what it may not read, in the server's words; nothing breaks.
    void aRoleThatMayNotReadTheCatalogIsToldSo()
    {
        ScratchRole nobody(QStringLiteral("ddl_nobody"));
        QVERIFY(nobody.isValid());
        const PsqlRun revoked = runPsql(
            m_db.profile(), QStringLiteral("REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC"));
        QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
        const auto restore = qScopeGuard([this] {
            runPsql(m_db.profile(), QStringLiteral("GRANT SELECT ON pg_catalog.pg_proc TO PUBLIC"));
        });
        Result<Session> session
            = Session::open(nobody.profile(m_db.profile()), {}, QStringLiteral("test-nobody"));
        QVERIFY(session);
        Result<CatalogIndex> index = readCatalogIndex(*session);
        QVERIFY(!index);
        QVERIFY2(
            index.error().message.startsWith(QLatin1String("Permission denied for table pg_proc")),
            qPrintable(index.error().message));
        const int found = m_index.lookup(QStringLiteral("public.dollars()"));
        Result<QString> ddl = readObjectDdl(*session, m_index.objects().at(found));
        QVERIFY(!ddl);
        QVERIFY2(
            ddl.error().message.startsWith(QLatin1String("Permission denied for table pg_proc")),
            qPrintable(ddl.error().message));
        // A table's DDL reads no pg_proc: that role still gets it.
        Result<QString> table = readObjectDdl(
            *session, m_index.objects().at(m_index.lookup(QStringLiteral("public.parent"))));
        QVERIFY2(table, table ? "" : qPrintable(table.error().message));
        QVERIFY(table->startsWith(QLatin1String("CREATE TABLE public.parent (")));
        // The session is usable afterwards: the failed read was rolled back.
        QVERIFY(readObjectDdl(*session,
                              m_index.objects().at(m_index.lookup(QStringLiteral("public.mood")))));
    }
};

QTEST_GUILESS_MAIN(tst_ObjectDdl)
#include "tst_objectddl.moc"
