namespace Leercultuur.Data;

/// <summary>
/// What an upsert writes. <see cref="Updates"/> empty means insert-if-absent: the statement then affects
/// one row when it inserted and none when the key existed.
/// </summary>
public sealed record UpsertSpec(
    string Table,
    IReadOnlyList<string> KeyColumns,
    IReadOnlyList<string> ValueColumns,
    IReadOnlyList<ColumnUpdate> Updates)
{
    public IEnumerable<string> AllColumns => KeyColumns.Concat(ValueColumns);
}

public sealed record ColumnUpdate(string Column, UpdateKind Kind)
{
    public static ColumnUpdate Replace(string column) => new(column, UpdateKind.Replace);

    public static ColumnUpdate Add(string column) => new(column, UpdateKind.Add);
}

public enum UpdateKind
{
    /// <summary>The stored value becomes the incoming value.</summary>
    Replace,

    /// <summary>The incoming value is added to the stored value: additive counters and sums.</summary>
    Add,
}
