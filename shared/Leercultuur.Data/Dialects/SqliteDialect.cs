using Microsoft.Data.Sqlite;

namespace Leercultuur.Data.Dialects;

public sealed class SqliteDialect : ISqlDialect
{
    // SQLITE_CONSTRAINT with its UNIQUE and PRIMARYKEY extended codes.
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Upsert(UpsertSpec spec) => OnConflictUpsert.Build(spec);

    public bool BindsRowsAsArrays => false;

    public string UpsertRows(UpsertSpec spec, int rows) => OnConflictUpsert.BuildRows(spec, rows);

    public string InsertAbsentRows(UpsertSpec spec, int rows, string returned) =>
        OnConflictUpsert.BuildRows(spec with { Updates = [] }, rows) + " RETURNING " + returned;

    // SQLite has one writer at a time: the UPDATE holds the write lock from the sub-select to the end,
    // so two claimers can never take the same row and no row-lock hint is needed.
    public string ClaimRows(ClaimSpec spec) =>
        $"UPDATE {spec.Table} SET {spec.Assignments} WHERE {spec.KeyColumn} IN " +
        $"(SELECT {spec.KeyColumn} FROM {spec.Table} WHERE {spec.Eligible} ORDER BY {spec.OrderBy} LIMIT @batchSize) " +
        $"RETURNING {string.Join(", ", spec.ReturnedColumns)}";

    public string Page(string orderedSelect) => orderedSelect + " LIMIT @limit OFFSET @offset";

    public string DeleteBatch(string table, string where) =>
        $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {where} LIMIT @batchSize)";

    // Every transaction begins IMMEDIATE (Database.InTransactionAsync): it holds the database's single
    // write lock from its first statement to its end, so writers already run one at a time.
    public string? TransactionLock => null;

    public string? TransactionLocks => null;

    // Migrations serialise on a lock file beside the database instead (MigrationLock).
    public string? SessionLock => null;

    // SQLite has no array parameters; its built-in JSON functions turn a JSON array into rows.
    public string InKeyList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public object KeyList(IEnumerable<long> keys) => System.Text.Json.JsonSerializer.Serialize(keys);

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e &&
        e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
