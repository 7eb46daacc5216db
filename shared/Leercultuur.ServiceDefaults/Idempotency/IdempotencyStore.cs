using Dapper;
using Leercultuur.Data;
using Microsoft.Extensions.Options;

namespace Leercultuur.ServiceDefaults.Idempotency;

/// <summary>The keys and first answers of one service, in its own database.</summary>
public sealed class IdempotencyStore<TOwner>(Database<TOwner> database, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    private readonly IdempotencyStatements statements = new(database.Dialect);

    /// <returns>null when this request claimed the key; else what the key holds already.</returns>
    public async Task<StoredAnswer?> ClaimAsync(IdempotencyKey key, string requestHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var claimed = await connection.ExecuteAsync(new CommandDefinition(
                statements.Claim,
                new { caller = key.Caller, operation = key.Operation, idempotency_key = key.Value, request_hash = requestHash, status_code = (int?)null, location = (string?)null, content_type = (string?)null, body = (string?)null, created_at = time.GetUtcNow() },
                cancellationToken: cancellationToken));
            if (claimed == 1)
            {
                return null;
            }

            var stored = await connection.QuerySingleOrDefaultAsync<StoredAnswer>(new CommandDefinition(statements.Find, key.Parameters(), cancellationToken: cancellationToken));
            if (stored is null)
            {
                continue; // released or expired between the two statements
            }

            if (stored.CreatedAt < time.GetUtcNow() - options.Value.Retention)
            {
                // Expired but not cleaned yet: forget it and claim it afresh.
                await connection.ExecuteAsync(new CommandDefinition(statements.Release, key.Parameters(), cancellationToken: cancellationToken));
                continue;
            }

            return stored;
        }

        throw new InvalidOperationException("The idempotency key could not be claimed.");
    }

    public async Task CompleteAsync(IdempotencyKey key, int status, string? location, string? contentType, string body)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(statements.Complete, new { caller = key.Caller, operation = key.Operation, idempotency_key = key.Value, status_code = status, location, content_type = contentType, body }));
    }

    /// <summary>Forgets a claim whose request failed on the server, so the client may try again with the same key.</summary>
    public async Task ReleaseAsync(IdempotencyKey key)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(statements.Release, key.Parameters()));
    }

    /// <summary>
    /// Forgets every kept answer about the resources with these ids (an erased organisation, its scans), in
    /// the caller's transaction: a kept answer holds what the resource was (a name, a KvK number, scores,
    /// a respondent token), and a repeat after the erasure must neither hand it out nor create it again.
    /// The key then answers 410 until it expires.
    /// </summary>
    public Task ForgetAnswersAboutAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, IEnumerable<Guid> ids, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            statements.ForgetAnswersAbout,
            ids.Select(id => new { atEnd = $"%/{id:D}", anywhere = $"%{id:D}%", gone = GoneBody }).ToList(),
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>What a repeat of a request whose result was erased gets.</summary>
    public const string GoneBody =
        "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.11\",\"title\":\"Gone\",\"status\":410," +
        "\"detail\":\"What the first request with this Idempotency-Key created or changed has been erased; a new request needs a new key.\"}";

    public async Task<int> CleanAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = 0;
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(new CommandDefinition(statements.DeleteExpired, new { before = time.GetUtcNow() - options.Value.Retention, batchSize = 1000 }, cancellationToken: cancellationToken));
            total += deleted;
        }
        while (deleted > 0);

        return total;
    }
}

/// <summary>A key as it is stored: per caller and operation, so two clients can never see each other's answers.</summary>
public sealed record IdempotencyKey(string Caller, string Operation, string Value)
{
    public object Parameters() => new { caller = Caller, operation = Operation, idempotency_key = Value };
}

public sealed class StoredAnswer
{
    public string RequestHash { get; init; } = "";

    /// <summary>Null while the first request with the key is still being answered.</summary>
    public int? StatusCode { get; init; }

    public string? Location { get; init; }

    public string? ContentType { get; init; }

    public string? Body { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
