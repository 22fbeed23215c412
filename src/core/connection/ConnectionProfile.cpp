#include "connection/ConnectionProfile.h"

#include <QStringList>

#include <libpq-fe.h>
#include <memory>

namespace bridgescope {

namespace {

struct ConnInfoDeleter
{
    void operator()(PQconninfoOption *options) const { PQconninfoFree(options); }
};
using ConnInfoOptions = std::unique_ptr<PQconninfoOption, ConnInfoDeleter>;

} // namespace

Result<ConnectionProfile> ConnectionProfile::fromDsn(const QString &dsn)
{
    ConnectionProfile profile;
    if (dsn.trimmed().isEmpty())
        return profile;

    char *errorMessage = nullptr;
    const QByteArray utf8 = dsn.toUtf8();
    ConnInfoOptions options(PQconninfoParse(utf8.constData(), &errorMessage));
    if (!options) {
        QString reason = errorMessage ? QString::fromUtf8(errorMessage).trimmed()
                                      : QStringLiteral("out of memory");
        PQfreemem(errorMessage);
        return fail(Error::Kind::Usage,
                    QStringLiteral("The connection string is not valid: %1").arg(reason));
    }
    for (const PQconninfoOption *option = options.get(); option->keyword; ++option) {
        if (option->val)
            profile.m_values.insert(QString::fromUtf8(option->keyword),
                                    QString::fromUtf8(option->val));
    }
    return profile;
}

void ConnectionProfile::setValue(const QString &keyword, const QString &value)
{
    if (value.isEmpty())
        m_values.remove(keyword);
    else
        m_values.insert(keyword, value);
}

QString ConnectionProfile::effective(const QString &keyword) const
{
    if (has(keyword))
        return value(keyword);
    ConnInfoOptions defaults(PQconndefaults());
    if (!defaults)
        return {};
    const QByteArray wanted = keyword.toUtf8();
    for (const PQconninfoOption *option = defaults.get(); option->keyword; ++option) {
        if (wanted == option->keyword)
            return option->val ? QString::fromUtf8(option->val) : QString();
    }
    return {};
}

QString quoteConnInfoValue(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

bool isConnInfoKeyword(const QString &keyword)
{
    ConnInfoOptions defaults(PQconndefaults());
    const QByteArray wanted = keyword.toUtf8();
    for (const PQconninfoOption *option = defaults.get(); option && option->keyword; ++option) {
        if (wanted == option->keyword)
            return true;
    }
    return false;
}

QString ConnectionProfile::toConnInfo(bool includePassword) const
{
    QStringList parts;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        if (!includePassword && it.key() == QLatin1String("password"))
            continue;
        parts << it.key() + QLatin1Char('=') + quoteConnInfoValue(it.value());
    }
    return parts.join(QLatin1Char(' '));
}

QString ConnectionProfile::displayName() const
{
    if (has(QStringLiteral("service")) && !has(QStringLiteral("host")))
        return QStringLiteral("service %1").arg(value(QStringLiteral("service")));
    QString host = effective(QStringLiteral("host"));
    if (host.isEmpty() || host.startsWith(QLatin1Char('/')))
        host = host.isEmpty() ? QStringLiteral("local socket") : QStringLiteral("socket ") + host;
    const QString port = effective(QStringLiteral("port"));
    const QString user = effective(QStringLiteral("user"));
    QString database = effective(QStringLiteral("dbname"));
    if (database.isEmpty())
        database = user;
    QString name = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    if (!port.isEmpty())
        name += QLatin1Char(':') + port;
    return name + QLatin1Char('/') + database;
}

} // namespace bridgescope
