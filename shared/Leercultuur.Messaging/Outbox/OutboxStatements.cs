using Leercultuur.Data;

namespace Leercultuur.Messaging.Outbox;

public sealed class OutboxStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Pending = "sent_at IS NULL AND dead_lettered_at IS NULL";

    public string Insert { get; } =
        "INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, trace_state, created_at, attempts) " +
        "VALUES (@messageId, @messageType, @body, @traceParent, @traceState, @createdAt, 0)";

    public string Claim { get; } = dialect.ClaimRows(new ClaimSpec(
        Table: "outbox_messages",
        KeyColumn: "id",
        Eligible: $"{Pending} AND (locked_until IS NULL OR locked_until < @now)",
        OrderBy: "id",
        Assignments: "locked_by = @owner, locked_until = @lockedUntil",
        ReturnedColumns: ["id", "message_id", "message_type", "body", "trace_parent", "trace_state", "attempts"]));

    // Exactly the rows the broker confirmed, by id: never a row that failed, whatever happened to its release.
    public string MarkSent { get; } =
        $"UPDATE outbox_messages SET sent_at = @now, locked_by = NULL, locked_until = NULL WHERE {dialect.InKeyList("id", "ids")} AND sent_at IS NULL";

    // Rows a pass did not get to (it stopped at a broker fault or its lease deadline): free again at
    // @retryAt, without counting an attempt against them.
    public string Release { get; } =
        $"UPDATE outbox_messages SET locked_by = NULL, locked_until = @retryAt WHERE {dialect.InKeyList("id", "ids")} AND locked_by = @owner AND sent_at IS NULL";

    // A failure that counts against the row: held back until @retryAt, or dead-lettered at the last attempt.
    public string RecordFailure { get; } =
        "UPDATE outbox_messages SET attempts = attempts + 1, last_error = @error, locked_by = NULL, locked_until = @retryAt, " +
        "dead_lettered_at = CASE WHEN attempts + 1 >= @maxAttempts THEN @now ELSE NULL END " +
        "WHERE id = @id AND locked_by = @owner AND sent_at IS NULL";

    public string DeleteSentBefore { get; } = dialect.DeleteBatch("outbox_messages", "sent_at IS NOT NULL AND sent_at < @before");

    public string DeadLetters { get; } = dialect.Page(
        "SELECT id, message_id, message_type, attempts, last_error, created_at, dead_lettered_at FROM outbox_messages " +
        "WHERE dead_lettered_at IS NOT NULL ORDER BY id");

    // Back in line as if new; consumers' inboxes make a row that did reach them once harmless.
    public string ReplayDeadLetters { get; } = $"{Replay} WHERE dead_lettered_at IS NOT NULL";

    public string ReplayDeadLetter { get; } = $"{Replay} WHERE dead_lettered_at IS NOT NULL AND id = @id";

    private const string Replay =
        "UPDATE outbox_messages SET dead_lettered_at = NULL, attempts = 0, last_error = NULL, locked_by = NULL, locked_until = NULL";
}
