#pragma once

#include <QString>

#include <memory>

typedef struct pg_cancel PGcancel;

namespace bridgescope {

// Cancels the statement running on one connection, from any thread, through libpq's
// PQcancel (a separate short connection to the server; the server stops the query and the
// waiting call returns SQLSTATE 57014).
class CancelHandle
{
public:
    explicit CancelHandle(PGcancel *cancel);
    ~CancelHandle();
    CancelHandle(const CancelHandle &) = delete;
    CancelHandle &operator=(const CancelHandle &) = delete;

    // Blocks for one round trip to the server. Returns an empty string on success.
    QString cancelNow() const;

    // Sends the cancel from a short-lived thread so that a GUI thread never waits on the
    // network. The handle stays alive until the request is sent.
    static void cancelInBackground(std::shared_ptr<CancelHandle> handle);

private:
    PGcancel *m_cancel = nullptr;
};

} // namespace bridgescope
