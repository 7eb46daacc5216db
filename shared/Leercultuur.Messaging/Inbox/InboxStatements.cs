using Leercultuur.Data;

namespace Leercultuur.Messaging.Inbox;

public sealed class InboxStatements(ISqlDialect dialect) : ISqlStatements
{
    // Insert-if-absent: one row affected the first time, none for a redelivery.
    private static readonly UpsertSpec Row = new("inbox_messages", ["message_id", "consumer"], ["processed_at"], []);

    public string Record { get; } = dialect.Upsert(Row);

    /// <summary>Messages per statement of a batch: three parameters each, under every engine's limit.</summary>
    public const int Batch = 500;

    /// <summary>Records those of <paramref name="rows"/> messages not recorded before and returns their ids.</summary>
    public string RecordNew(int rows) => dialect.InsertAbsentRows(Row, rows, "message_id");

    /// <summary>The full-size statement, for the parsing tests.</summary>
    public string RecordNewBatch => RecordNew(Batch);

    public string DeleteProcessedBefore { get; } = dialect.DeleteBatch("inbox_messages", "processed_at < @before");
}
