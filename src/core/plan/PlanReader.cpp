#include "plan/Plan.h"
#include "plan/PlanFigures.h"
#include "plan/PlanSource.h"
#include "plan/PlanTextReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace bridgescope {

namespace {

bool looksLikeJson(const QStringList &lines)
{
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        return trimmed.startsWith(QLatin1Char('[')) || trimmed.startsWith(QLatin1Char('{'));
    }
    return false;
}

} // namespace

Result<Plan> planFromJson(const QByteArray &text)
{
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        // As pasted: psql's frame and continuation marks around it.
        const QString cleaned = planLines(QString::fromUtf8(text)).join(QLatin1Char('\n'));
        QJsonParseError second;
        document = QJsonDocument::fromJson(cleaned.toUtf8(), &second);
        if (second.error != QJsonParseError::NoError) {
            const bool cut = second.error == QJsonParseError::UnterminatedObject
                || second.error == QJsonParseError::UnterminatedArray
                || second.error == QJsonParseError::UnterminatedString
                || second.offset >= cleaned.toUtf8().size() - 1;
            return fail(Error::Kind::Usage,
                        cut ? QStringLiteral("The plan's JSON is cut short (%1 at character "
                                             "%2): copy the whole EXPLAIN output.")
                                  .arg(second.errorString())
                                  .arg(second.offset)
                            : QStringLiteral("The plan's JSON is not valid at character %1: %2.")
                                  .arg(second.offset)
                                  .arg(second.errorString()));
        }
    }
    QJsonObject explain;
    if (document.isArray() && !document.array().isEmpty() && document.array().first().isObject())
        explain = document.array().first().toObject();
    else if (document.isObject())
        explain = document.object();
    else
        return fail(Error::Kind::Usage,
                    QStringLiteral("This JSON is not an EXPLAIN plan: EXPLAIN (FORMAT JSON) "
                                   "writes an array holding one object with a \"Plan\"."));
    return planFromExplainObject(explain);
}

Result<Plan> planFromText(const QString &text)
{
    Result<QJsonObject> explain = explainObjectFromText(planLines(text));
    if (!explain)
        return std::unexpected(explain.error());
    Result<Plan> plan = planFromExplainObject(*explain);
    if (!plan)
        return plan;
    // The names as the server printed them, not as derived from the node's attributes.
    const QJsonArray labels = explain->value(QLatin1String("BridgeScope Labels")).toArray();
    for (qsizetype i = 0; i < plan->nodes.size() && i < labels.size(); ++i)
        plan->nodes[i].label = labels[i].toString();
    return plan;
}

Result<Plan> readPlan(const QByteArray &text)
{
    if (text.trimmed().isEmpty())
        return fail(Error::Kind::Usage, QStringLiteral("The plan is empty."));
    // Its first lines say which format it is (a plan of 5 MB is not cleaned twice).
    if (looksLikeJson(planLines(QString::fromUtf8(text.left(4096)))))
        return planFromJson(text);
    return planFromText(QString::fromUtf8(text));
}

} // namespace bridgescope
