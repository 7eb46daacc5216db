using Npgsql;

namespace Leercultuur.Data.Dialects;

public sealed class PostgreSqlDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string Upsert(UpsertSpec spec) => OnConflictUpsert.Build(spec);

    // One array per column, unnested in order (WITH ORDINALITY, so the rows keep the order given, which is
    // the order in which writers lock rows): the same short statement for any number of rows.
    public string UpsertRows(UpsertSpec spec, int rows) => OnConflictUpsert.BuildFromArrays(spec);

    public bool BindsRowsAsArrays => true;

    public string InsertAbsentRows(UpsertSpec spec, int rows, string returned) =>
        OnConflictUpsert.BuildFromArrays(spec with { Updates = [] }) + " RETURNING " + returned;

    // SKIP LOCKED lets several relays claim disjoint batches without waiting on each other. The keys
    // are gathered into an array first, so the update finds them by primary key: with IN (subquery)
    // the planner may hash-join the whole table, which makes every claim read the entire backlog.
    public string ClaimRows(ClaimSpec spec) =>
        $"UPDATE {spec.Table} SET {spec.Assignments} WHERE {spec.KeyColumn} = ANY(ARRAY(" +
        $"SELECT {spec.KeyColumn} FROM {spec.Table} WHERE {spec.Eligible} ORDER BY {spec.OrderBy} LIMIT @batchSize FOR UPDATE SKIP LOCKED)) " +
        $"RETURNING {string.Join(", ", spec.ReturnedColumns)}";

    public string Page(string orderedSelect) => orderedSelect + " LIMIT @limit OFFSET @offset";

    // ctid addresses the physical row, so a batch is found and deleted in one pass without a key list.
    public string DeleteBatch(string table, string where) =>
        $"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {where} LIMIT @batchSize))";

    // Advisory locks lock a name, not a row, so they hold for keys that have no row yet (FOR UPDATE
    // cannot lock a row that does not exist). A 64-bit hash of the name is the lock key; a collision
    // only makes two unrelated names wait for each other, never lets two holders of one name in.
    public string TransactionLock => "SELECT pg_advisory_xact_lock(hashtextextended(@resource, 0))";

    // unnest yields the array's elements in order, and the locks are taken row by row as they come.
    public string TransactionLocks => "SELECT pg_advisory_xact_lock(hashtextextended(r, 0)) FROM unnest(@resources::text[]) AS r";

    public string SessionLock => "SELECT pg_advisory_lock(hashtextextended(@resource, 0))";

    // A bigint[] parameter: one round trip, one plan, whatever the number of keys.
    public string InKeyList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public object KeyList(IEnumerable<long> keys) => keys.ToArray();

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
