namespace Leercultuur.Reporting.Indicators;

/// <summary>
/// Statistical disclosure control over one table of cells. Primary suppression hides cells with fewer
/// than k organisations. Secondary suppression then looks along every grouped dimension: where a line
/// of cells (all cells that differ only in that dimension) holds exactly one hidden cell, it could be
/// recomputed from the line's total, so the smallest published cell of that line is hidden too; this
/// repeats until no line has a lone hidden cell.
/// </summary>
public static class DisclosureControl
{
    public const string MinimumOrganisations = "minimumOrganisations";
    public const string Secondary = "secondary";

    public const string ProgrammeComplement = "programmeComplement";

    /// <summary>Every reason a cell can be suppressed for, for the document's enum.</summary>
    public static IReadOnlyList<string> Reasons { get; } = [MinimumOrganisations, ProgrammeComplement, Secondary];

    /// <param name="complementTooSmall">
    /// Cells that, set beside a programme's own figures, would leave fewer than k organisations outside
    /// the programme (see <see cref="ComplementRule"/>); suppressed like cells below k.
    /// </param>
    public static IReadOnlyList<IndicatorCell> Apply(IReadOnlyList<RawCell> cells, IReadOnlyList<GroupDimension> groupBy, int minimumOrganisations, Func<RawCell, bool>? complementTooSmall = null)
    {
        var reasons = cells.Select(c =>
                c.Organisations < minimumOrganisations ? MinimumOrganisations :
                complementTooSmall?.Invoke(c) == true ? ProgrammeComplement :
                null)
            .ToArray();

        // The lines never change, only which of their cells are hidden: build them once.
        var lines = groupBy
            .SelectMany(along => Enumerable.Range(0, cells.Count).GroupBy(i => LineKey(cells[i], groupBy, along)).Select(line => line.ToArray()))
            .Where(line => line.Length > 1)
            .ToList();

        bool changed;
        do
        {
            changed = false;
            foreach (var line in lines)
            {
                var hidden = 0;
                var smallest = -1;
                foreach (var i in line)
                {
                    if (reasons[i] is not null)
                    {
                        hidden++;
                    }
                    else if (smallest < 0 || cells[i].Organisations < cells[smallest].Organisations)
                    {
                        smallest = i;
                    }
                }

                if (hidden == 1 && smallest >= 0)
                {
                    reasons[smallest] = Secondary;
                    changed = true;
                }
            }
        }
        while (changed);

        return cells.Select((cell, i) => ToIndicator(cell, groupBy, reasons[i])).ToList();
    }

    /// <summary>
    /// A programme knows its members' own results, and its figures sit beside the national ones. Where a
    /// national cell has n organisations and a programme m of them, with 0 &lt; n − m &lt; k, the national
    /// cell minus the programme's (or minus what the programme knows of its members) describes fewer than k
    /// organisations outside it. Such a national cell, and that programme's same cell, are suppressed.
    /// </summary>
    public static bool ComplementTooSmall(long national, long inProgramme, int minimumOrganisations) =>
        national - inProgramme is > 0 and var outside && outside < minimumOrganisations;

    /// <summary>For the national table: a cell is at risk when any programme's share of it leaves too few outside.</summary>
    public static Func<RawCell, bool> ComplementRule(IReadOnlyList<RawCell> programmeCounts, int minimumOrganisations)
    {
        var byKey = programmeCounts.ToLookup(c => c.Key, c => c.Organisations);
        return cell => byKey[cell.Key].Any(m => ComplementTooSmall(cell.Organisations, m, minimumOrganisations));
    }

    /// <summary>For one programme's table: a cell is at risk when the national cell has too few organisations besides it.</summary>
    public static Func<RawCell, bool> ComplementRule(IReadOnlyDictionary<(int, string, int?, string?, string?, string?), long> national, int minimumOrganisations) =>
        cell => ComplementTooSmall(national.GetValueOrDefault(cell.Key, cell.Organisations), cell.Organisations, minimumOrganisations);

    // The cells of one line share everything but the value of the dimension the line runs along.
    private static (int, string, int?, string?, string?, string?) LineKey(RawCell cell, IReadOnlyList<GroupDimension> groupBy, GroupDimension along)
    {
        bool Keeps(GroupDimension dimension) => dimension != along && groupBy.Contains(dimension);
        return (
            cell.InstrumentVersion,
            cell.Dimension,
            Keeps(GroupDimension.Sector) ? cell.SbiVersion : null,
            Keeps(GroupDimension.Sector) ? cell.SectorSection : null,
            Keeps(GroupDimension.SizeClass) ? cell.SizeClass : null,
            Keeps(GroupDimension.Province) ? cell.Province : null);
    }

    private static IndicatorCell ToIndicator(RawCell cell, IReadOnlyList<GroupDimension> groupBy, string? suppression)
    {
        var indicator = new IndicatorCell
        {
            InstrumentVersion = cell.InstrumentVersion,
            Dimension = cell.Dimension,
            Sector = groupBy.Contains(GroupDimension.Sector) ? new SectorKey(cell.SbiVersion ?? 0, cell.SectorSection ?? "") : null,
            SizeClass = groupBy.Contains(GroupDimension.SizeClass) ? cell.SizeClass : null,
            Province = groupBy.Contains(GroupDimension.Province) ? cell.Province : null,
            Status = suppression is null ? IndicatorCell.Published : IndicatorCell.Suppressed,
            SuppressionReason = suppression,
        };
        if (suppression is not null)
        {
            return indicator;
        }

        var mean = Statistics.Mean(cell.Organisations, cell.SumOfMeans);
        var sd = Statistics.StandardDeviation(cell.Organisations, cell.SumOfMeans, cell.SumOfSquares);
        var ci = Statistics.ConfidenceInterval95(cell.Organisations, mean, sd);
        return indicator with
        {
            Organisations = cell.Organisations,
            Respondents = cell.Respondents,
            Mean = Math.Round(mean, 4),
            StandardDeviation = sd is { } s ? Math.Round(s, 4) : null,
            ConfidenceInterval = ci is { } c ? new ConfidenceInterval(0.95, Math.Round(c.Lower, 4), Math.Round(c.Upper, 4)) : null,
        };
    }
}
