#pragma once

#include "Error.h"
#include "workflows/WorkflowModel.h"

#include <QList>
#include <QString>

namespace bridgescope {

class Session;

// What the Find box was given, worked out from its shape alone.
struct IdentifierQuery
{
    QString text; // as typed, trimmed
    QString hex; // lower-case hex digits without dashes, when the text is only those
    bool uuidShaped = false; // 8–32 hex digits: a UUID or the start of one
    bool fileHashShaped = false; // 8–64 hex digits: a file_hash or the start of one
    bool stampShaped = false; // anything else of 8 characters or more: a stamp_id or its start
    bool exact = false; // a whole UUID (32 digits) or a whole file_hash (64)
};

// Accepts a UUID (with or without dashes), a file_hash (64 hex digits), a stamp_id, or the first
// 8 characters or more of any of them. Fails with a sentence naming those forms.
Result<IdentifierQuery> parseIdentifier(const QString &text);

// Which column of which table matched.
enum class MatchKind { CorrelationId, WorkflowRowId, WorkflowId, SessionId, StampId, FileHash };
QString matchKindName(MatchKind kind); // "correlation_id", "id", "workflow_id", …

struct WorkflowMatch
{
    MatchKind kind = MatchKind::CorrelationId;
    WorkflowSummary workflow;
};

struct SessionMatch
{
    QString sessionId;
    qint64 events = 0;
};

struct LookupResult
{
    QList<WorkflowMatch> workflows; // newest first, at most kLookupLimit
    QList<SessionMatch> sessions; // event_logs sessions with that id (or prefix)
    bool truncated = false; // more workflows matched than were listed
    QStringList unreadable; // tables not searched: the role may not read them

    bool isEmpty() const { return workflows.isEmpty() && sessions.isEmpty(); }
    // "Nothing has the correlation_id, id, workflow_id or session_id 1a2b3c4d…"
    QString nothingFound(const IdentifierQuery &query) const;
};

inline constexpr int kLookupLimit = 50;

// Every workflow (and event-log session) the identifier names, through indexes only: a UUID
// prefix becomes a range of UUIDs, a file_hash prefix a range of text.
Result<LookupResult> lookUpIdentifier(Session &session, const IdentifierQuery &query);

} // namespace bridgescope
