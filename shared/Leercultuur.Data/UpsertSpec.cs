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

    /// <summary>
    /// When set, an existing row is updated only when the incoming value of this column is greater than
    /// the stored one (a version or sequence number), so an older event arriving late never overwrites a
    /// newer one. The statement then affects no row for a stale update.
    /// </summary>
    public string? OnlyWhenGreater { get; init; }
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
