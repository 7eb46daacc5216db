using Leercultuur.Data;

namespace Leercultuur.Reporting.Indicators;

public sealed class IndicatorStatements : ISqlStatements
{
    /// <summary>
    /// Sums the additive cells for one instrument and period, grouped by the chosen dimensions: the national
    /// cells, or one programme's cells (never a sum over programmes).
    /// </summary>
    public static string Query(IReadOnlyList<GroupDimension> groupBy, bool programme = false)
    {
        var source = programme
            ? "FROM programme_cells WHERE programme_id = @programme AND instrument_key = @instrument AND period = @period "
            : "FROM aggregate_cells WHERE instrument_key = @instrument AND period = @period ";
        var keys = new[] { "instrument_version", "dimension" }.Concat(groupBy.Select(GroupDimensions.Columns)).ToList();
        var keyList = string.Join(", ", keys);
        return $"SELECT {keyList}, SUM(organisations) AS organisations, SUM(respondents) AS respondents, " +
               "SUM(sum_of_means) AS sum_of_means, SUM(sum_of_squares) AS sum_of_squares " +
               source +
               $"GROUP BY {keyList} HAVING SUM(organisations) > 0 ORDER BY {keyList}";
    }

    /// <summary>Every query shape there is, so tests can parse them all.</summary>
    public IReadOnlyList<string> AllQueries { get; } = GroupDimensions.AllCombinations()
        .SelectMany(groupBy => new[] { Query(groupBy), Query(groupBy, programme: true) })
        .ToList();
}
