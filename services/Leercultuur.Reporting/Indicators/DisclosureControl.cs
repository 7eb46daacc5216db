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

    public static IReadOnlyList<IndicatorCell> Apply(IReadOnlyList<RawCell> cells, IReadOnlyList<GroupDimension> groupBy, int minimumOrganisations)
    {
        var reasons = cells.Select(c => c.Organisations < minimumOrganisations ? MinimumOrganisations : null).ToArray();

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
