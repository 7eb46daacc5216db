using System.Globalization;
using Dapper;

namespace Leercultuur.Data;

/// <summary>
/// The values of a multi-row statement (<see cref="ISqlDialect.UpsertRows"/>, <see cref="ISqlDialect.InsertAbsentRows"/>),
/// column by column, bound as the dialect's statement takes them: on SQLite and SQL Server one parameter per
/// row and column (<c>@organisations0</c>, <c>@organisations1</c>, …); on PostgreSQL one array per column
/// (<c>@organisations</c>), which the statement unnests.
/// </summary>
/// <remarks>
/// Why arrays on PostgreSQL: a hundred rows of nineteen columns are 1,900 parameters, and every one of them
/// is named, looked up, typed and written on each execution, and the statement text that names them all is
/// parsed again. That was most of what a batch of the reporting consumer cost (docs/performance.md); as
/// nineteen arrays, the statement is the same short text for any number of rows.
/// </remarks>
public sealed class RowValues<T>
{
    private readonly List<Action<DynamicParameters, IReadOnlyList<T>, bool>> columns = [];

    /// <summary>A column, named as in the statement, and how a row gives its value.</summary>
    public RowValues<T> Column<TValue>(string name, Func<T, TValue> value)
    {
        columns.Add((parameters, rows, asArrays) =>
        {
            if (asArrays)
            {
                var array = new TValue[rows.Count];
                for (var i = 0; i < array.Length; i++)
                {
                    array[i] = value(rows[i]);
                }

                // Npgsql writes timestamptz from UTC instants only; the type handler that does this for single
                // values does not see array elements.
                if (array is DateTimeOffset[] instants)
                {
                    for (var i = 0; i < instants.Length; i++)
                    {
                        instants[i] = instants[i].ToUniversalTime();
                    }
                }
                else if (array is DateTimeOffset?[] maybeInstants)
                {
                    for (var i = 0; i < maybeInstants.Length; i++)
                    {
                        maybeInstants[i] = maybeInstants[i]?.ToUniversalTime();
                    }
                }

                parameters.Add(name, array);
            }
            else
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    parameters.Add(name + i.ToString(CultureInfo.InvariantCulture), value(rows[i]));
                }
            }
        });
        return this;
    }

    /// <summary>
    /// <paramref name="rows"/> split into the statements <paramref name="dialect"/> takes them in: all in one where it
    /// binds arrays, else <paramref name="numberedRows"/> at a time (the engine's parameter limit).
    /// </summary>
    public static IEnumerable<T[]> Statements(ISqlDialect dialect, IEnumerable<T> rows, int numberedRows) =>
        dialect.BindsRowsAsArrays ? [rows.ToArray()] : rows.Chunk(numberedRows);

    /// <summary>The parameters of <paramref name="rows"/> for a statement of <paramref name="dialect"/> written for that many rows.</summary>
    public DynamicParameters Parameters(ISqlDialect dialect, IReadOnlyList<T> rows)
    {
        var parameters = new DynamicParameters();
        foreach (var column in columns)
        {
            column(parameters, rows, dialect.BindsRowsAsArrays);
        }

        return parameters;
    }
}
