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
