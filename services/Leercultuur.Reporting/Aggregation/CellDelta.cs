using Leercultuur.Contracts;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// What one organisation's score adds to one aggregate cell: the cell's key and the additive amounts.
/// Taking a contribution out is adding its negation.
/// </summary>
public sealed record CellDelta(
    string InstrumentKey,
    int InstrumentVersion,
    string Dimension,
    string Period,
    int SbiVersion,
    string SectorSection,
    string SizeClass,
    string Province,
    int Organisations,
    int Respondents,
    double SumOfMeans,
    double SumOfSquares)
{
    public static CellDelta Of(ScanCompleted scan, DimensionScore score) => new(
        scan.InstrumentKey, scan.InstrumentVersion, score.Dimension, scan.Period,
        scan.Sector.SbiVersion, scan.Sector.Section, scan.SizeClass, scan.Province,
        1, scan.RespondentCount, score.Mean, score.Mean * score.Mean);

    public static CellDelta Of(Contribution contribution, string dimension, double mean) => new(
        contribution.InstrumentKey, contribution.InstrumentVersion, dimension, contribution.Period,
        contribution.SbiVersion, contribution.SectorSection, contribution.SizeClass, contribution.Province,
        1, contribution.RespondentCount, mean, mean * mean);

    public CellDelta Negated() => this with
    {
        Organisations = -Organisations,
        Respondents = -Respondents,
        SumOfMeans = -SumOfMeans,
        SumOfSquares = -SumOfSquares,
    };

    /// <summary>
    /// The deltas summed per cell and ordered by the cell table's primary key (instrument, period,
    /// version, dimension, sector, size, province): the order in which every writer updates cells.
    /// </summary>
    public static IReadOnlyList<CellDelta> Combine(IEnumerable<CellDelta> deltas) => deltas
        .GroupBy(d => (d.InstrumentKey, d.Period, d.InstrumentVersion, d.Dimension, d.SbiVersion, d.SectorSection, d.SizeClass, d.Province))
        .OrderBy(g => g.Key.InstrumentKey, StringComparer.Ordinal)
        .ThenBy(g => g.Key.Period, StringComparer.Ordinal)
        .ThenBy(g => g.Key.InstrumentVersion)
        .ThenBy(g => g.Key.Dimension, StringComparer.Ordinal)
        .ThenBy(g => g.Key.SbiVersion)
        .ThenBy(g => g.Key.SectorSection, StringComparer.Ordinal)
        .ThenBy(g => g.Key.SizeClass, StringComparer.Ordinal)
        .ThenBy(g => g.Key.Province, StringComparer.Ordinal)
        .Select(g => g.Aggregate((a, b) => a with
        {
            Organisations = a.Organisations + b.Organisations,
            Respondents = a.Respondents + b.Respondents,
            SumOfMeans = a.SumOfMeans + b.SumOfMeans,
            SumOfSquares = a.SumOfSquares + b.SumOfSquares,
        }))
        .ToList();

    /// <summary>The upsert's parameters, named after the cell table's columns.</summary>
    public object ToParameters() => new
    {
        instrument_key = InstrumentKey,
        instrument_version = InstrumentVersion,
        dimension = Dimension,
        period = Period,
        sbi_version = SbiVersion,
        sector_section = SectorSection,
        size_class = SizeClass,
        province = Province,
        organisations = Organisations,
        respondents = Respondents,
        sum_of_means = SumOfMeans,
        sum_of_squares = SumOfSquares,
    };
}
