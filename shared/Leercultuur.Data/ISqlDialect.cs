using System.Data.Common;

namespace Leercultuur.Data;

/// <summary>
/// Exactly what differs between the engines, and nothing more: everything else is plain SQL that all
/// three accept. Statements use <c>@name</c> parameters, which every provider understands.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Insert a row, or update the existing row with the same key. Parameters are named after the columns.</summary>
    string Upsert(UpsertSpec spec);

    /// <summary>
    /// The same for <paramref name="rows"/> rows in one statement, its parameters bound by <see cref="RowValues{T}"/>:
    /// named after the columns with the row's index appended (<c>@organisations0</c>, …), or, where
    /// <see cref="BindsRowsAsArrays"/>, one array per column for any number of rows. The rows' keys must
    /// differ. PostgreSQL (unnest WITH ORDINALITY) and SQLite write them in the order given; SQL Server's MERGE
    /// does not promise an order.
    /// </summary>
    string UpsertRows(UpsertSpec spec, int rows);

    /// <summary>
    /// Whether <see cref="UpsertRows"/> and <see cref="InsertAbsentRows"/> take one array per column
    /// (PostgreSQL's unnest) rather than one parameter per row and column; such a statement holds any number of rows.
    /// </summary>
    bool BindsRowsAsArrays { get; }

    /// <summary>
    /// Inserts those of <paramref name="rows"/> rows (parameters as for <see cref="UpsertRows"/>) whose
    /// key is absent and returns column <paramref name="returned"/> of each row it inserted. The rows' keys
    /// must differ.
    /// </summary>
    string InsertAbsentRows(UpsertSpec spec, int rows, string returned);

    /// <summary>
    /// Claim up to <c>@batchSize</c> eligible rows so that concurrent claimers never get the same row,
    /// set the claim columns and return the claimed rows.
    /// </summary>
    string ClaimRows(ClaimSpec spec);

    /// <summary>Append paging to a statement that ends with ORDER BY; parameters <c>@offset</c> and <c>@limit</c>.</summary>
    string Page(string orderedSelect);

    /// <summary>
    /// Delete at most <c>@batchSize</c> rows of <paramref name="table"/> that match <paramref name="where"/>,
    /// so that cleaning a large backlog never holds one long transaction or a lock on the whole table.
    /// </summary>
    string DeleteBatch(string table, string where);

    /// <summary>
    /// Takes an exclusive lock on the name in <c>@resource</c> until the current transaction ends, whether
    /// or not any row exists for it yet: two transactions that lock the same name run one after the other,
    /// and the second reads what the first committed. <c>null</c> when the engine's write transactions
    /// already run one at a time (SQLite).
    /// </summary>
    string? TransactionLock { get; }

    /// <summary>
    /// <see cref="TransactionLock"/> for every name in <c>@resources</c> (a string array), in the array's
    /// order, in one round trip; <c>null</c> where the engine takes them one statement each.
    /// </summary>
    string? TransactionLocks { get; }

    /// <summary>
    /// Takes an exclusive lock on the name in <c>@resource</c> for the rest of the connection's session,
    /// waiting as long as it takes (the migration lock). <c>null</c> where the engine has no such lock
    /// (SQLite: a lock file serves instead).
    /// </summary>
    string? SessionLock { get; }

    /// <summary>
    /// A predicate that <paramref name="column"/> is one of the keys passed in the parameter
    /// <paramref name="parameter"/>, whose value <see cref="KeyList"/> makes: one statement for a whole
    /// set of rows, whatever its size, and plain SQL that every engine's parser accepts.
    /// </summary>
    string InKeyList(string column, string parameter);

    /// <summary>The parameter value for <see cref="InKeyList"/>.</summary>
    object KeyList(IEnumerable<long> keys);

    bool IsUniqueViolation(Exception exception);
}
