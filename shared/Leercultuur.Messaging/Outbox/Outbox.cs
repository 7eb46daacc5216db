using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Messaging.Outbox;

/// <summary>
/// The transactional outbox of the service <typeparamref name="TOwner"/>: events are written in the
/// caller's transaction, so they exist exactly when the change that caused them was committed.
/// </summary>
public sealed class Outbox<TOwner>(Database<TOwner> database, OutboxSignal<TOwner> signal, TimeProvider time)
{
    private readonly OutboxStatements statements = new(database.Dialect);

    /// <returns>The message id the event will carry on the wire; consumers deduplicate on it.</returns>
    public async Task<Guid> EnqueueAsync<TMessage>(DbConnection connection, DbTransaction transaction, TMessage message, CancellationToken cancellationToken)
        where TMessage : class
    {
        var messageId = Guid.CreateVersion7(time.GetUtcNow());
        var activity = Activity.Current;
        await connection.ExecuteAsync(new CommandDefinition(
            statements.Insert,
            new
            {
                messageId,
                messageType = ContractTypes.NameOf(typeof(TMessage)),
                body = JsonSerializer.Serialize(message, MessageJson.Options),
                traceParent = activity?.Id,
                traceState = activity?.TraceStateString,
                createdAt = time.GetUtcNow(),
            },
            transaction,
            cancellationToken: cancellationToken));
        return messageId;
    }

    /// <summary>Call after the commit: wakes the relay now instead of at its next poll.</summary>
    public void WakeRelay() => signal.Notify();
}
