using Leercultuur.Data;

namespace Leercultuur.ServiceDefaults.Idempotency;

public sealed class IdempotencyStatements(ISqlDialect dialect) : ISqlStatements
{
    // Insert-if-absent: the first request with a key claims it; a concurrent repeat finds the claim.
    public string Claim { get; } = dialect.Upsert(new UpsertSpec(
        "idempotency_keys",
        ["caller", "operation", "idempotency_key"],
        ["request_hash", "status_code", "location", "content_type", "body", "created_at"],
        []));

    public string Find { get; } =
        "SELECT request_hash, status_code, location, content_type, body, created_at FROM idempotency_keys " +
        "WHERE caller = @caller AND operation = @operation AND idempotency_key = @idempotency_key";

    public string Complete { get; } =
        "UPDATE idempotency_keys SET status_code = @status_code, location = @location, content_type = @content_type, body = @body " +
        "WHERE caller = @caller AND operation = @operation AND idempotency_key = @idempotency_key";

    public string Release { get; } =
        "DELETE FROM idempotency_keys WHERE caller = @caller AND operation = @operation AND idempotency_key = @idempotency_key";

    // Erasure: the kept answers about an erased resource (its Location ends in its id). Rare, and the table
    // holds a day of keys, so a scan of it is cheaper than an index every request would maintain.
    public string ForgetAnswersAbout { get; } = "DELETE FROM idempotency_keys WHERE location LIKE @pattern";

    public string DeleteExpired { get; } = dialect.DeleteBatch("idempotency_keys", "created_at < @before");
}
