namespace Leercultuur.Data.Dialects;

/// <summary>INSERT ... ON CONFLICT, which SQLite and PostgreSQL spell the same way.</summary>
internal static class OnConflictUpsert
{
    public static string Build(UpsertSpec spec) => Build(spec, [""]);

    public static string BuildRows(UpsertSpec spec, int rows) =>
        Build(spec, Enumerable.Range(0, rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

    /// <summary>PostgreSQL: the rows as one array parameter per column, named after the column.</summary>
    public static string BuildFromArrays(UpsertSpec spec)
    {
        var columns = spec.AllColumns.ToList();
        var names = string.Join(", ", columns);
        var arrays = string.Join(", ", columns.Select(c => "@" + c));
        return Complete(spec, $"INSERT INTO {spec.Table} ({names}) SELECT {names} FROM unnest({arrays}) WITH ORDINALITY AS r ({names}, row_number) ORDER BY row_number");
    }

    private static string Build(UpsertSpec spec, IReadOnlyList<string> suffixes)
    {
        var columns = spec.AllColumns.ToList();
        var values = string.Join(", ", suffixes.Select(suffix => "(" + string.Join(", ", columns.Select(c => "@" + c + suffix)) + ")"));
        return Complete(spec, $"INSERT INTO {spec.Table} ({string.Join(", ", columns)}) VALUES {values}");
    }

    private static string Complete(UpsertSpec spec, string insert)
    {
        var conflict = $" ON CONFLICT ({string.Join(", ", spec.KeyColumns)})";
        if (spec.Updates.Count == 0)
        {
            return insert + conflict + " DO NOTHING";
        }

        var sets = spec.Updates.Select(u => u.Kind == UpdateKind.Add
            ? $"{u.Column} = {spec.Table}.{u.Column} + excluded.{u.Column}"
            : $"{u.Column} = excluded.{u.Column}");
        var guard = spec.OnlyWhenGreater is { } column ? $" WHERE {spec.Table}.{column} < excluded.{column}" : "";
        return insert + conflict + " DO UPDATE SET " + string.Join(", ", sets) + guard;
    }
}
