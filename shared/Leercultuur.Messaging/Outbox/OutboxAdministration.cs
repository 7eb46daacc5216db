using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Messaging.Outbox;

/// <summary>What operators do with dead-lettered outbox rows: list them, and put them back in line.</summary>
public interface IOutboxAdministration
{
    /// <summary>The service whose outbox this is.</summary>
    string Service { get; }

    Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Replays one dead-lettered row, or all when <paramref name="id"/> is null; returns how many.</summary>
    Task<int> ReplayAsync(long? id, CancellationToken cancellationToken);
}

public sealed class OutboxAdministration<TOwner>(Database<TOwner> database) : IOutboxAdministration
{
    public string Service => typeof(TOwner).Name;

    private readonly OutboxStatements statements = new(database.Dialect);

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeadLetter>(new CommandDefinition(statements.DeadLetters, new { offset = 0L, limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<int> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return id is { } one
            ? await connection.ExecuteAsync(new CommandDefinition(statements.ReplayDeadLetter, new { id = one }, cancellationToken: cancellationToken))
            : await connection.ExecuteAsync(new CommandDefinition(statements.ReplayDeadLetters, cancellationToken: cancellationToken));
    }
}
