using Microsoft.Data.SqlClient;

namespace Leercultuur.Data.Dialects;

public sealed class SqlServerDialect : ISqlDialect
{
    // 2627: violation of a PRIMARY KEY or UNIQUE constraint; 2601: duplicate key in a unique index.
    private static readonly int[] UniqueViolationNumbers = [2627, 2601];

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    // HOLDLOCK makes MERGE take a key-range lock, otherwise two concurrent upserts of a new key can both
    // take the NOT MATCHED branch and one fails on the primary key.
    public string Upsert(UpsertSpec spec)
    {
        var columns = spec.AllColumns.ToList();
        return Merge(spec, $"(SELECT {string.Join(", ", columns.Select(c => $"@{c} AS {c}"))}) AS source");
    }

    // SQL Server could take a table-valued parameter, but that needs a table type per statement in the schema;
    // numbered parameters need nothing, and 100 rows stay under its 2,100-parameter limit.
    public bool BindsRowsAsArrays => false;

    public string UpsertRows(UpsertSpec spec, int rows)
    {
        var columns = spec.AllColumns.ToList();
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", columns.Select(c => $"@{c}{i}")) + ")"));
        return Merge(spec, $"(VALUES {values}) AS source ({string.Join(", ", columns)})");
    }

    public string InsertAbsentRows(UpsertSpec spec, int rows, string returned)
    {
        var merge = UpsertRows(spec with { Updates = [] }, rows);
        return merge[..^1] + $" OUTPUT inserted.{returned};";
    }

    private static string Merge(UpsertSpec spec, string source)
    {
        var columns = spec.AllColumns.ToList();
        var on = string.Join(" AND ", spec.KeyColumns.Select(c => $"target.{c} = source.{c}"));
        var sql = $"MERGE INTO {spec.Table} WITH (HOLDLOCK) AS target USING {source} ON {on}";
        if (spec.Updates.Count > 0)
        {
            var sets = spec.Updates.Select(u => u.Kind == UpdateKind.Add
                ? $"target.{u.Column} = target.{u.Column} + source.{u.Column}"
                : $"target.{u.Column} = source.{u.Column}");
            var guard = spec.OnlyWhenGreater is { } column ? $" AND target.{column} < source.{column}" : "";
            sql += $" WHEN MATCHED{guard} THEN UPDATE SET " + string.Join(", ", sets);
        }

        sql += $" WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "source." + c))});";
        return sql;
    }

    // UPDLOCK holds the selected rows until the update; READPAST skips rows another relay holds.
    public string ClaimRows(ClaimSpec spec) =>
        $"WITH claimable AS (SELECT TOP (@batchSize) * FROM {spec.Table} WITH (UPDLOCK, READPAST, ROWLOCK) " +
        $"WHERE {spec.Eligible} ORDER BY {spec.OrderBy}) " +
        $"UPDATE claimable SET {spec.Assignments} " +
        $"OUTPUT {string.Join(", ", spec.ReturnedColumns.Select(c => "inserted." + c))};";

    public string Page(string orderedSelect) => orderedSelect + " OFFSET @offset ROWS FETCH NEXT @limit ROWS ONLY";

    // READPAST skips rows a writer holds, so cleaning never waits behind the relay or a consumer.
    public string DeleteBatch(string table, string where) =>
        $"DELETE TOP (@batchSize) FROM {table} WITH (READPAST) WHERE {where}";

    // An application lock locks a name, not a row, so it holds for keys that have no row yet. A
    // negative result (timeout, deadlock victim) means the lock was not granted: fail the transaction,
    // which is a transient fault and retried. The wait stays below the 30-second command timeout.
    // sp_getapplock takes one name per call: one statement each.
    public string? TransactionLocks => null;

    public string TransactionLock =>
        "DECLARE @granted INT; " +
        "EXEC @granted = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 25000; " +
        "IF @granted < 0 THROW 51000, 'The lock was not granted.', 1;";

    public string SessionLock =>
        "DECLARE @granted INT; " +
        "EXEC @granted = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1; " +
        "IF @granted < 0 THROW 51000, 'The lock was not granted.', 1;";

    // OPENJSON (SQL Server 2016, compatibility level 130) instead of a table type: nothing to create in
    // the database, and no limit of 2100 parameters.
    public string InKeyList(string column, string parameter) => $"{column} IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@{parameter}))";

    public object KeyList(IEnumerable<long> keys) => System.Text.Json.JsonSerializer.Serialize(keys);

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqlException e && UniqueViolationNumbers.Contains(e.Number);
}
