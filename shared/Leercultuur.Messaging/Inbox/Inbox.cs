using System.Data.Common;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Messaging.Inbox;

/// <summary>
/// The inbox of the service <typeparamref name="TOwner"/>. A consumer records the message id in the same
/// transaction as its effect and skips the effect when the id was already there; a concurrent duplicate
/// waits on the key lock and then finds it, so a message takes effect exactly once.
/// </summary>
public sealed class Inbox<TOwner>(Database<TOwner> database, TimeProvider time)
{
    private readonly InboxStatements statements = new(database.Dialect);

    /// <returns>true when this is the first time <paramref name="consumer"/> sees the message.</returns>
    public async Task<bool> TryRecordAsync(DbConnection connection, DbTransaction transaction, Guid messageId, string consumer, CancellationToken cancellationToken)
    {
        var affected = await connection.ExecuteAsync(new CommandDefinition(
            statements.Record,
            new { message_id = messageId, consumer, processed_at = time.GetUtcNow() },
            transaction,
            cancellationToken: cancellationToken));
        return affected == 1;
    }

    /// <summary>
    /// Records a batch's messages in a few statements (<see cref="InboxStatements.Batch"/> each).
    /// </summary>
    /// <returns>The ids <paramref name="consumer"/> sees for the first time; an id given twice is in it once.</returns>
    public async Task<HashSet<Guid>> TryRecordAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Guid> messageIds, string consumer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = new HashSet<Guid>();
        var values = new RowValues<Guid>()
            .Column("message_id", id => id)
            .Column("consumer", _ => consumer)
            .Column("processed_at", _ => now);
        foreach (var chunk in RowValues<Guid>.Statements(database.Dialect, messageIds.Distinct(), InboxStatements.Batch))
        {
            fresh.UnionWith(await connection.QueryAsync<Guid>(new CommandDefinition(
                statements.RecordNew(chunk.Length), values.Parameters(database.Dialect, chunk), transaction, cancellationToken: cancellationToken)));
        }

        return fresh;
    }

    /// <summary>
    /// Run <paramref name="effect"/> and record the message in one transaction, unless it was recorded before.
    /// </summary>
    /// <returns>true when the effect ran; false for a duplicate.</returns>
    public Task<bool> ProcessOnceAsync(Guid messageId, string consumer, Func<DbConnection, DbTransaction, Task> effect, CancellationToken cancellationToken) =>
        database.InTransactionAsync(
            async (connection, transaction) =>
            {
                if (!await TryRecordAsync(connection, transaction, messageId, consumer, cancellationToken))
                {
                    Outbox.OutboxTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
                    return false;
                }

                await effect(connection, transaction);
                return true;
            },
            cancellationToken);
}
