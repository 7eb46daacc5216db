using Leercultuur.Reporting.Indicators;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// The figures of every cell of one table (a family, a period, a dimension): organisations, respondents,
/// the largest organisation's respondents (for the dominance rule), sum and sum of squares of the
/// organisations' means, and the histogram of their 0–100 scores. All but the largest are additive.
/// </summary>
public sealed class TableFigures
{
    private readonly TableGeometry geometry;

    public TableFigures(TableGeometry geometry, IEnumerable<ReleaseMember> members, string dimension)
        : this(geometry, members, TableKey.AllRoles(dimension))
    {
    }

    public TableFigures(TableGeometry geometry, IEnumerable<ReleaseMember> members, TableKey table)
    {
        this.geometry = geometry;
        var count = geometry.CellCount;
        Organisations = new long[count];
        Respondents = new long[count];
        Largest = new long[count];
        Sum = new double[count];
        SumOfSquares = new double[count];
        Histograms = new int[count][];
        var withoutScore = new bool[count];
        foreach (var member in members)
        {
            if (!member.TryGet(table, out var respondents, out var mean, out var score))
            {
                continue;
            }

            foreach (var cell in geometry.CellsOf(member.Section, member.SizeClass, member.Province))
            {
                Organisations[cell]++;
                Respondents[cell] += respondents;
                Largest[cell] = Math.Max(Largest[cell], respondents);
                Sum[cell] += mean;
                SumOfSquares[cell] += mean * mean;
                if (score is { } s)
                {
                    (Histograms[cell] ??= new int[ScoreHistogram.Bins])[ScoreHistogram.Bin(s)]++;
                }
                else
                {
                    withoutScore[cell] = true;
                }
            }
        }

        for (var cell = 0; cell < count; cell++)
        {
            if (withoutScore[cell])
            {
                // A histogram of some of the organisations would give a median of some of them.
                Histograms[cell] = null!;
            }
        }
    }

    public long[] Organisations { get; }

    public long[] Respondents { get; }

    public long[] Largest { get; }

    public double[] Sum { get; }

    public double[] SumOfSquares { get; }

    public int[]?[] Histograms { get; }

    /// <summary>The shown figures of a cell, rounded as the API gives them.</summary>
    public ObservationRow Shown(ObservationRow key, int cell, int minimumForQuartiles)
    {
        var n = Organisations[cell];
        var mean = Statistics.Mean(n, Sum[cell]);
        var sd = Statistics.StandardDeviation(n, Sum[cell], SumOfSquares[cell]);
        var ci = Statistics.ConfidenceInterval95(n, mean, sd);
        var histogram = n >= minimumForQuartiles ? Histograms[cell] : null;
        return new ObservationRow
        {
            InstrumentKey = key.InstrumentKey,
            InstrumentVersion = key.InstrumentVersion,
            Period = key.Period,
            Dimension = key.Dimension,
            Role = key.Role,
            Programme = key.Programme,
            SectorView = key.SectorView,
            Sector = key.Sector,
            SizeClass = key.SizeClass,
            Province = key.Province,
            Status = ObservationRow.Published,
            Organisations = n,
            // A role's respondents are not given: with the other roles' they add up to the all-respondents
            // row's, and would give away a hidden role cell's (or whether it holds anyone).
            Respondents = key.Role == ObservationCodes.Total ? Respondents[cell] : null,
            Mean = Math.Round(mean, 4),
            StandardDeviation = sd is { } s ? Math.Round(s, 4) : null,
            CiLower = ci is { } c ? Math.Round(c.Lower, 4) : null,
            CiUpper = ci is { } d ? Math.Round(d.Upper, 4) : null,
            Median = histogram is null ? null : Round(ScoreHistogram.Quantile(histogram, 0.5)),
            P25 = histogram is null ? null : Round(ScoreHistogram.Quantile(histogram, 0.25)),
            P75 = histogram is null ? null : Round(ScoreHistogram.Quantile(histogram, 0.75)),
        };
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    public int CellCount => geometry.CellCount;
}
