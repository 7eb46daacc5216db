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

    // Erasure: a kept answer about an erased resource (its Location ends in the id, or its body names it: a
    // completion, a conflict) is replaced by a 410 that holds nothing of it, until the key expires, so a
    // retry neither hands out what was erased nor creates it again. Rare, and the table holds a day of
    // keys, so a scan of it is cheaper than an index every request would maintain.
    public string ForgetAnswersAbout { get; } =
        "UPDATE idempotency_keys SET status_code = 410, location = NULL, content_type = 'application/problem+json', body = @gone " +
        "WHERE location LIKE @atEnd OR body LIKE @anywhere";

    public string DeleteExpired { get; } = dialect.DeleteBatch("idempotency_keys", "created_at < @before");
}
