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

    /// <summary>National cells as rows of one upsert (<see cref="AggregateStatements.AddToCells"/>).</summary>
    public static readonly Leercultuur.Data.RowValues<CellDelta> NationalRows = Columns(new Leercultuur.Data.RowValues<CellDelta>());

    /// <summary>Programme cells as rows of one upsert: the programme first, as in the table's key.</summary>
    public static readonly Leercultuur.Data.RowValues<CellDelta> ProgrammeRows = Columns(new Leercultuur.Data.RowValues<CellDelta>().Column("programme_id", d => d.Programme!.Value));

    private static Leercultuur.Data.RowValues<CellDelta> Columns(Leercultuur.Data.RowValues<CellDelta> rows) => rows
        .Column("instrument_key", d => d.InstrumentKey)
        .Column("instrument_version", d => d.InstrumentVersion)
        .Column("dimension", d => d.Dimension)
        .Column("period", d => d.Period)
        .Column("sbi_version", d => d.SbiVersion)
        .Column("sector_section", d => d.SectorSection)
        .Column("size_class", d => d.SizeClass)
        .Column("province", d => d.Province)
        .Column("organisations", d => d.Organisations)
        .Column("respondents", d => d.Respondents)
        .Column("sum_of_means", d => d.SumOfMeans)
        .Column("sum_of_squares", d => d.SumOfSquares);

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
