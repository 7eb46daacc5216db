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
    /// Claim up to <c>@batchSize</c> eligible rows so that concurrent claimers never get the same row,
    /// set the claim columns and return the claimed rows.
    /// </summary>
    string ClaimRows(ClaimSpec spec);

    /// <summary>Append paging to a statement that ends with ORDER BY; parameters <c>@offset</c> and <c>@limit</c>.</summary>
    string Page(string orderedSelect);

    bool IsUniqueViolation(Exception exception);
}
