using Leercultuur.Data;

namespace Leercultuur.Messaging.Inbox;

public sealed class InboxStatements(ISqlDialect dialect) : ISqlStatements
{
    // Insert-if-absent: one row affected the first time, none for a redelivery.
    public string Record { get; } = dialect.Upsert(new UpsertSpec("inbox_messages", ["message_id", "consumer"], ["processed_at"], []));

    public string DeleteProcessedBefore { get; } = dialect.DeleteBatch("inbox_messages", "processed_at < @before");
}
