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

        bool changed;
        do
        {
            changed = false;
            foreach (var along in groupBy)
            {
                var lines = Enumerable.Range(0, cells.Count).GroupBy(i => LineKey(cells[i], groupBy, along));
                foreach (var line in lines)
                {
                    var members = line.ToList();
                    var hidden = members.Count(i => reasons[i] is not null);
                    var visible = members.Where(i => reasons[i] is null).ToList();
                    if (hidden == 1 && visible.Count > 0)
                    {
                        var smallest = visible.MinBy(i => cells[i].Organisations);
                        reasons[smallest] = Secondary;
                        changed = true;
                    }
                }
            }
        }
        while (changed);

        return cells.Select((cell, i) => ToIndicator(cell, groupBy, reasons[i])).ToList();
    }

    // The cells of one line share everything but the value of the dimension the line runs along.
    private static string LineKey(RawCell cell, IReadOnlyList<GroupDimension> groupBy, GroupDimension along) =>
        string.Join('|', new[] { cell.InstrumentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Dimension }
            .Concat(groupBy.Where(d => d != along).Select(d => Value(cell, d))));

    private static string Value(RawCell cell, GroupDimension dimension) => dimension switch
    {
        GroupDimension.Sector => $"{cell.SbiVersion}:{cell.SectorSection}",
        GroupDimension.SizeClass => cell.SizeClass ?? "",
        GroupDimension.Province => cell.Province ?? "",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

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
