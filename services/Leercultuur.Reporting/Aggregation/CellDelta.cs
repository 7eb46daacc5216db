using Leercultuur.Contracts;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// What one organisation's score adds to one aggregate cell: the cell's key and the additive amounts.
/// Taking a contribution out is adding its negation. <see cref="Programme"/> is null for a national cell
/// and a programme's id for that programme's cell: the two families are kept apart, so national figures
/// are never sums over programmes (an organisation may belong to several).
/// </summary>
public sealed record CellDelta(
    Guid? Programme,
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
    /// <summary>What a scan's dimension score adds: to the national cell and to one cell per programme of the organisation.</summary>
    public static IEnumerable<CellDelta> Of(ScanCompleted scan, DimensionScore score) =>
        Families(scan.ProgrammeIds).Select(programme => new CellDelta(
            programme, scan.InstrumentKey, scan.InstrumentVersion, score.Dimension, scan.Period,
            scan.Sector.SbiVersion, scan.Sector.Section, scan.SizeClass, scan.Province,
            1, scan.RespondentCount, score.Mean, score.Mean * score.Mean));

    /// <summary>What a stored contribution added, to the same cells (its programmes as they were at completion).</summary>
    public static IEnumerable<CellDelta> Of(Contribution contribution, string dimension, double mean) =>
        Families(contribution.Programmes()).Select(programme => new CellDelta(
            programme, contribution.InstrumentKey, contribution.InstrumentVersion, dimension, contribution.Period,
            contribution.SbiVersion, contribution.SectorSection, contribution.SizeClass, contribution.Province,
            1, contribution.RespondentCount, mean, mean * mean));

    private static IEnumerable<Guid?> Families(IEnumerable<Guid> programmes) =>
        new Guid?[] { null }.Concat(programmes.Distinct().Order().Select(p => (Guid?)p));

    public CellDelta Negated() => this with
    {
        Organisations = -Organisations,
        Respondents = -Respondents,
        SumOfMeans = -SumOfMeans,
        SumOfSquares = -SumOfSquares,
    };

    /// <summary>
    /// The deltas summed per cell and ordered as the cell tables' primary keys are (national cells first,
    /// then programme cells by programme; within each by instrument, period, version, dimension, sector,
    /// size, province): the order in which every writer updates cells.
    /// </summary>
    public static IReadOnlyList<CellDelta> Combine(IEnumerable<CellDelta> deltas) => deltas
        .GroupBy(d => (d.Programme, d.InstrumentKey, d.Period, d.InstrumentVersion, d.Dimension, d.SbiVersion, d.SectorSection, d.SizeClass, d.Province))
        .OrderBy(g => g.Key.Programme.HasValue)
        .ThenBy(g => g.Key.Programme ?? Guid.Empty)
        .ThenBy(g => g.Key.InstrumentKey, StringComparer.Ordinal)
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

    /// <summary>The parameters of row <paramref name="index"/> of a multi-row upsert (the programme only for a programme cell).</summary>
    public void AddTo(Dapper.DynamicParameters parameters, int index)
    {
        if (Programme is { } programme)
        {
            parameters.Add($"programme_id{index}", programme);
        }

        parameters.Add($"instrument_key{index}", InstrumentKey);
        parameters.Add($"instrument_version{index}", InstrumentVersion);
        parameters.Add($"dimension{index}", Dimension);
        parameters.Add($"period{index}", Period);
        parameters.Add($"sbi_version{index}", SbiVersion);
        parameters.Add($"sector_section{index}", SectorSection);
        parameters.Add($"size_class{index}", SizeClass);
        parameters.Add($"province{index}", Province);
        parameters.Add($"organisations{index}", Organisations);
        parameters.Add($"respondents{index}", Respondents);
        parameters.Add($"sum_of_means{index}", SumOfMeans);
        parameters.Add($"sum_of_squares{index}", SumOfSquares);
    }

    /// <summary>The upsert's parameters, named after the cell table's columns.</summary>
    public object ToParameters() => new
    {
        programme_id = Programme,
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
