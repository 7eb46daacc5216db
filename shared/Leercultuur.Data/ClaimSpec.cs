namespace Leercultuur.Data;

/// <summary>
/// A claim of rows for one worker: <see cref="Eligible"/> is a predicate over the table's columns,
/// <see cref="Assignments"/> the SET list that marks the claim (it may use parameters).
/// </summary>
public sealed record ClaimSpec(
    string Table,
    string KeyColumn,
    string Eligible,
    string OrderBy,
    string Assignments,
    IReadOnlyList<string> ReturnedColumns);
