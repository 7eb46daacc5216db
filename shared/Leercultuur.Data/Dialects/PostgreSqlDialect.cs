using Npgsql;

namespace Leercultuur.Data.Dialects;

public sealed class PostgreSqlDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string Upsert(UpsertSpec spec) => OnConflictUpsert.Build(spec);

    // SKIP LOCKED lets several relays claim disjoint batches without waiting on each other.
    public string ClaimRows(ClaimSpec spec) =>
        $"UPDATE {spec.Table} SET {spec.Assignments} WHERE {spec.KeyColumn} IN " +
        $"(SELECT {spec.KeyColumn} FROM {spec.Table} WHERE {spec.Eligible} ORDER BY {spec.OrderBy} LIMIT @batchSize FOR UPDATE SKIP LOCKED) " +
        $"RETURNING {string.Join(", ", spec.ReturnedColumns)}";

    public string Page(string orderedSelect) => orderedSelect + " LIMIT @limit OFFSET @offset";

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
