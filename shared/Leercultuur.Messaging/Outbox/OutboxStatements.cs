using Leercultuur.Data;

namespace Leercultuur.Messaging.Outbox;

public sealed class OutboxStatements(ISqlDialect dialect) : ISqlStatements
{
    public string Insert { get; } =
        "INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, trace_state, created_at, attempts) " +
        "VALUES (@messageId, @messageType, @body, @traceParent, @traceState, @createdAt, 0)";

    public string Claim { get; } = dialect.ClaimRows(new ClaimSpec(
        Table: "outbox_messages",
        KeyColumn: "id",
        Eligible: "sent_at IS NULL AND (locked_until IS NULL OR locked_until < @now)",
        OrderBy: "id",
        Assignments: "locked_by = @owner, locked_until = @lockedUntil, attempts = attempts + 1",
        ReturnedColumns: ["id", "message_id", "message_type", "body", "trace_parent", "trace_state", "attempts"]));

    // Marks everything this relay still holds: a relay runs one pass at a time, rows that failed were
    // released first, and rows whose lease ran out and were taken over carry another owner.
    public string MarkClaimedSent { get; } =
        "UPDATE outbox_messages SET sent_at = @now, locked_by = NULL, locked_until = NULL WHERE sent_at IS NULL AND locked_by = @owner";

    public string Release { get; } =
        "UPDATE outbox_messages SET locked_by = NULL, locked_until = @retryAt WHERE id = @id AND locked_by = @owner";

    public string DeleteSentBefore { get; } =
        "DELETE FROM outbox_messages WHERE sent_at IS NOT NULL AND sent_at < @before";

}
