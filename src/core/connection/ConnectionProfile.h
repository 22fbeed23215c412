#pragma once

#include "Error.h"

#include <QMap>
#include <QString>

namespace bridgescope {

// The connection settings a user gave, in libpq's own terms: keyword → value, exactly the
// keywords psql understands (host, port, dbname, user, password, sslmode, service, options, …).
//
// Parsing is libpq's (PQconninfoParse), so a postgresql:// URI and a "key=value" string mean
// precisely what they mean to psql. Keywords left unset fall back, at connect time and inside
// libpq, to PG* environment variables, pg_service.conf and ~/.pgpass — psql's order.
class ConnectionProfile
{
public:
    ConnectionProfile() = default;

    // A URI (postgresql://…) or a keyword/value string. Empty means "PG* defaults only".
    static Result<ConnectionProfile> fromDsn(const QString &dsn);

    QString value(const QString &keyword) const { return m_values.value(keyword); }
    bool has(const QString &keyword) const { return m_values.contains(keyword); }
    void setValue(const QString &keyword, const QString &value);
    void remove(const QString &keyword) { m_values.remove(keyword); }
    const QMap<QString, QString> &values() const { return m_values; }

    // The value libpq will use: the explicit one, else its environment/compiled default
    // (PGHOST, PGUSER, …). Services are expanded by libpq at connect time, not here.
    QString effective(const QString &keyword) const;

    // "key='value' …" with libpq's quoting. The password is left out unless asked for.
    QString toConnInfo(bool includePassword = false) const;

    // user@host:port/dbname for titles and status lines (never the password).
    QString displayName() const;

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;

private:
    QMap<QString, QString> m_values;
};

// Quotes a value as libpq's keyword/value syntax requires: 'a \'b\' c'.
QString quoteConnInfoValue(const QString &value);

// Whether libpq knows this keyword (the list comes from libpq itself).
bool isConnInfoKeyword(const QString &keyword);

} // namespace bridgescope
