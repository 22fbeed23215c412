// `bridgescope schema` and `bridgescope diagram` as scripts use them: the JSON holds the
// bundled schema's keys and indexes, the SVG holds every table and every foreign key, hostile
// names survive, and bad input gets a sentence and the right exit code.
#include "CliRun.h"
#include "SvgFile.h"
#include "TestDatabase.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

QStringList withDsn(QStringList arguments, const ScratchDatabase &db)
{
    return arguments << QStringLiteral("--dsn") << db.profile().toConnInfo(true);
}

} // namespace

class tst_DiagramCommand : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ScratchDatabase> m_bundled;

private slots:
    void initTestCase()
    {
        m_bundled = std::make_unique<ScratchDatabase>(QStringLiteral("cli_diagram"));
        QVERIFY(m_bundled->isValid());
        QVERIFY(applyBundledMigrations(m_bundled->profile()));
    }

    void cleanupTestCase() { m_bundled.reset(); }

    void schemaJson()
    {
        const CliRun run
            = runCli(withDsn({ QStringLiteral("schema"), QStringLiteral("--json") }, *m_bundled));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(root.value(QStringLiteral("database")).toString(), m_bundled->name());
        QCOMPARE(root.value(QStringLiteral("tables")).toArray().size(), 10);
        bool cascade = false, setNull = false;
        for (const QJsonValue &value : root.value(QStringLiteral("foreign_keys")).toArray()) {
            const QJsonObject key = value.toObject();
            const QString from = key.value(QStringLiteral("from"))
                                     .toObject()
                                     .value(QStringLiteral("table"))
                                     .toString();
            const QString action = key.value(QStringLiteral("on_delete")).toString();
            cascade = cascade || (from == QLatin1String("workflow_steps") && action == "CASCADE");
            setNull = setNull || (from == QLatin1String("metadata_stamps") && action == "SET NULL");
        }
        QVERIFY(cascade);
        QVERIFY(setNull);
        const CliRun text = runCli(withDsn({ QStringLiteral("schema") }, *m_bundled));
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(QLatin1String(
            "fk (workflow_id) -> public.workflow_executions (id) ON DELETE CASCADE")));
    }

    // A disk that fills up while the diagram is written: one sentence, the old file kept (an
    // SVG used to be cut short and reported written).
    void aFullDiskLeavesTheDiagramAsItWas_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("svg") << QStringLiteral("d.svg");
        QTest::newRow("png") << QStringLiteral("d.png");
    }
    void aFullDiskLeavesTheDiagramAsItWas()
    {
        QFETCH(QString, name);
        ScratchDir dir;
        const QString path = writeFile(dir.path(), name, "precious\n");
        const CliRun run = runCliWithFileSizeLimit(
            4096, withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"), path }, *m_bundled));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("Cannot write %1: File too large; the file that "
                                                 "was there is as it was.")
                                      .arg(path)),
                 qPrintable(run.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("precious\n"));
    }

    void svgHoldsEveryTableAndKey()
    {
        QTemporaryDir out;
        const QString svg = out.filePath(QStringLiteral("schema.svg"));
        const CliRun run
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"), svg }, *m_bundled));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QLatin1String("10 tables, 4 foreign keys")), qPrintable(run.err));
        const QStringList texts = svgTexts(svg);
        const CliRun json
            = runCli(withDsn({ QStringLiteral("schema"), QStringLiteral("--json") }, *m_bundled));
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
        for (const QJsonValue &table : root.value(QStringLiteral("tables")).toArray()) {
            const QString name = table.toObject().value(QStringLiteral("name")).toString();
            QVERIFY2(texts.contains(name), qPrintable(name));
        }
        QCOMPARE(svgEdgeCount(svg), root.value(QStringLiteral("foreign_keys")).toArray().size());
        QVERIFY(texts.contains(QStringLiteral("CASCADE")));
        QVERIFY(texts.contains(QStringLiteral("SET NULL")));

        const QString png = out.filePath(QStringLiteral("focus.png"));
        const CliRun focus
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("--focus"),
                               QStringLiteral("public.workflow_steps"), QStringLiteral("--depth"),
                               QStringLiteral("1"), QStringLiteral("-o"), png },
                             *m_bundled));
        QCOMPARE(focus.exitCode, 0);
        QVERIFY2(focus.err.contains(QLatin1String("2 tables, 1 foreign key.")),
                 qPrintable(focus.err));
        QVERIFY(!QImage(png).isNull());

        const QString dot = out.filePath(QStringLiteral("schema.dot"));
        QCOMPARE(
            runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"), dot }, *m_bundled))
                .exitCode,
            0);
        QFile dotFile(dot);
        QVERIFY(dotFile.open(QIODevice::ReadOnly));
        QCOMPARE(dotFile.readAll().count(" [width="), 10);
    }

    void realWorldShapesAreDrawnWhole()
    {
        // Schemas as they grow: names long and alike, a table with no key or index, a table of
        // 300 columns, a partitioned table of 100 partitions that declare their own keys.
        ScratchDatabase db(QStringLiteral("cli_diagram_real"));
        QString wide = QStringLiteral("CREATE TABLE wide_readings (id int PRIMARY KEY");
        for (int i = 1; i < 300; ++i)
            wide += QStringLiteral(", reading_value_%1 double precision").arg(i);
        wide += QStringLiteral(");");
        QString partitions;
        for (int i = 0; i < 100; ++i)
            partitions
                += QStringLiteral("CREATE TABLE events_p%1 PARTITION OF events_by_customer "
                                  "FOR VALUES WITH (MODULUS 100, REMAINDER %1);"
                                  "ALTER TABLE events_p%1 ADD CONSTRAINT events_p%1_customer "
                                  "FOREIGN KEY (customer_id) REFERENCES customers_of_the_region;")
                       .arg(i);
        const Status created = execSql(QStringLiteral(R"sql(
            CREATE TABLE customers_of_the_region (id int PRIMARY KEY,
                customer_reference_number_from_the_legacy_billing_system text);
            CREATE TABLE customers_of_the_region_archived_after_migration (id int PRIMARY KEY);
            CREATE TABLE keyless (a int, b text);
            CREATE MATERIALIZED VIEW order_totals_by_customer_materialized AS SELECT 1 AS n;
            CREATE TABLE events_by_customer (id bigint, customer_id int, at timestamptz)
                PARTITION BY HASH (id);
            %1 %2
        )sql")
                                           .arg(wide, partitions),
                                       db.profile());
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));

        QTemporaryDir out;
        const QString svg = out.filePath(QStringLiteral("real.svg"));
        const CliRun run
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"), svg }, db));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        // One edge for the key the 100 partitions declare alike.
        QVERIFY2(run.err.contains(QLatin1String("6 tables, 1 foreign key.")), qPrintable(run.err));
        QCOMPARE(svgEdgeCount(svg), 1);
        const QStringList texts = svgTexts(svg);
        const QString all = texts.join(QLatin1Char('|'));
        // Every name whole, the kind apart from it.
        for (const char *name :
             { "customers_of_the_region", "customers_of_the_region_archived_after_migration",
               "keyless", "order_totals_by_customer_materialized", "events_by_customer",
               "wide_readings", "customer_reference_number_from_the_legacy_billing_system?" })
            QVERIFY2(texts.contains(QLatin1String(name)),
                     qPrintable(QStringLiteral("%1 in %2").arg(name, all)));
        QVERIFY(texts.contains(QStringLiteral("materialized view")));
        QVERIFY(texts.contains(QStringLiteral("partitioned table")));
        QVERIFY(texts.contains(QStringLiteral("a?")));
        QVERIFY(texts.contains(QStringLiteral("b?")));
        // The wide table: its key and first columns, then the rest folded.
        QVERIFY2(texts.contains(QStringLiteral("\u2026 280 more columns")), qPrintable(all));
        QVERIFY(texts.contains(QStringLiteral("reading_value_19?")));
        QVERIFY(!texts.contains(QStringLiteral("reading_value_20?")));
        QVERIFY(texts.contains(QStringLiteral("100 partitions")));
        QVERIFY(texts.contains(QStringLiteral("per partition")));
        for (const QString &text : texts)
            QVERIFY2(!text.endsWith(QChar(0x2026)), qPrintable(QStringLiteral("cut: ") + text));

        const CliRun focus
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("--focus"),
                               QStringLiteral("events_by_customer"), QStringLiteral("-o"), svg },
                             db));
        QCOMPARE(focus.exitCode, 0);
        QVERIFY2(focus.err.contains(QLatin1String("2 tables, 1 foreign key.")),
                 qPrintable(focus.err));

        // The JSON lists every one of the hundred keys, with the partition that declares it.
        const CliRun json
            = runCli(withDsn({ QStringLiteral("schema"), QStringLiteral("--json") }, db));
        const QJsonArray keys = QJsonDocument::fromJson(json.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("foreign_keys"))
                                    .toArray();
        QCOMPARE(keys.size(), 100);
        QCOMPARE(keys.first().toObject().value(QStringLiteral("declared_on")).toString(),
                 QStringLiteral("public.events_p0"));
    }

    void hostileNamesSurvive()
    {
        ScratchDatabase db(QStringLiteral("cli_diagram_hostile"));
        const QString longName = QString(63, QLatin1Char('y'));
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE TABLE "Odd ""Quoted"" <Name> & Co" ("Id" int PRIMARY KEY);
            CREATE TABLE "Ünïcødé tåble" (id int PRIMARY KEY,
                odd int REFERENCES "Odd ""Quoted"" <Name> & Co" ON DELETE SET NULL);
            CREATE TABLE %1 (id int PRIMARY KEY, parent int REFERENCES %1 ON DELETE CASCADE);
        )sql")
                            .arg(longName),
                        db.profile()));
        QTemporaryDir out;
        const QString svg = out.filePath(QStringLiteral("hostile.svg"));
        const CliRun run
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"), svg }, db));
        QCOMPARE(run.exitCode, 0);
        const QStringList texts = svgTexts(svg);
        QVERIFY2(texts.contains(QStringLiteral("Odd \"Quoted\" <Name> & Co")),
                 qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY(texts.contains(QStringLiteral("Ünïcødé tåble")));
        QCOMPARE(svgEdgeCount(svg), 2);
        const CliRun focus
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("--focus"),
                               QStringLiteral("\"Ünïcødé tåble\""), QStringLiteral("-o"), svg },
                             db));
        QCOMPARE(focus.exitCode, 0);
        QVERIFY2(focus.err.contains(QLatin1String("2 tables")), qPrintable(focus.err));
    }

    void badInputIsSaidInWords()
    {
        QTemporaryDir out;
        const QString svg = out.filePath(QStringLiteral("x.svg"));
        const CliRun noOutput = runCli(withDsn({ QStringLiteral("diagram") }, *m_bundled));
        QCOMPARE(noOutput.exitCode, 2);
        QVERIFY(noOutput.err.contains(QLatin1String("-o FILE.svg")));
        const CliRun pdf = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"),
                                            out.filePath(QStringLiteral("x.pdf")) },
                                          *m_bundled));
        QCOMPARE(pdf.exitCode, 2);
        QVERIFY(pdf.err.contains(QLatin1String(".svg, .png or .dot")));
        QCOMPARE(runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("--depth"),
                                  QStringLiteral("2"), QStringLiteral("-o"), svg },
                                *m_bundled))
                     .exitCode,
                 2);
        const CliRun missing
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("--focus"),
                               QStringLiteral("nope"), QStringLiteral("-o"), svg },
                             *m_bundled));
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QLatin1String("There is no table public.nope")),
                 qPrintable(missing.err));
        QVERIFY(!QFile::exists(svg));

        ScratchDatabase empty(QStringLiteral("cli_diagram_empty"));
        const CliRun nothing
            = runCli(withDsn({ QStringLiteral("diagram"), QStringLiteral("-o"), svg }, empty));
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY2(nothing.err.contains(QLatin1String("has no tables or views to draw")),
                 qPrintable(nothing.err));
        const CliRun noSchema = runCli(withDsn(
            { QStringLiteral("schema"), QStringLiteral("--schema"), QStringLiteral("nosuch") },
            empty));
        QCOMPARE(noSchema.exitCode, 1);
        QVERIFY(noSchema.err.contains(QLatin1String("There is no schema named \"nosuch\"")));

        const CliRun down
            = runCli({ QStringLiteral("diagram"), QStringLiteral("--dsn"),
                       QStringLiteral("host=127.0.0.1 port=%1 dbname=x connect_timeout=5")
                           .arg(freeTcpPort()),
                       QStringLiteral("-o"), svg });
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.err.contains(QLatin1String("127.0.0.1")), qPrintable(down.err));
    }
};

QTEST_GUILESS_MAIN(tst_DiagramCommand)
#include "tst_diagramcommand.moc"
