#pragma once

#include <QString>

#include <expected>

namespace bridgescope {

// What went wrong, in words for a person first. core never shows a dialog: it returns an Error
// and the GUI or the CLI decides how to present it.
struct Error
{
    enum class Kind {
        Generic,
        PasswordRequired, // the server asked for a password and none was given
        AuthenticationFailed, // wrong password, unknown role, pg_hba refused
        ServerUnreachable, // refused, no socket, unknown host, timed out
        DatabaseMissing,
        Tls,
        ConnectionLost, // the server went away during a query
        Cancelled,
        Usage, // bad input from the user (CLI usage, malformed DSN)
        Environment, // something missing on this machine (binaries, driver, folder)
    };

    QString message; // one sentence for a person
    QString sqlState; // PostgreSQL's SQLSTATE, where there is one
    QString detail; // the driver's or server's own text, for a log or "details" pane
    Kind kind = Kind::Generic;
    int position = 0; // 1-based character in the statement the server pointed at, 0 if none

    static Error make(Kind kind, QString message, QString detail = {})
    {
        return Error { std::move(message), {}, std::move(detail), kind };
    }
};

template<typename T> using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error::Kind kind, QString message, QString detail = {})
{
    return std::unexpected(Error::make(kind, std::move(message), std::move(detail)));
}

} // namespace bridgescope
