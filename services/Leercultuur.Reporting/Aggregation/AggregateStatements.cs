using Leercultuur.Data;

namespace Leercultuur.Reporting.Aggregation;

public sealed class AggregateStatements(ISqlDialect dialect) : ISqlStatements
{
    public ISqlDialect Dialect => dialect;

    public string ContributionsOf { get; } =
        "SELECT organisation_id, instrument_key, instrument_version, period, scan_id, completed_at, sbi_version, sector_section, size_class, province, respondent_count, counted, scores, programme_ids, sbi_code, scores100, roles " +
        "FROM contributions WHERE organisation_id = @organisation_id";

    public string DeleteContributionsOf { get; } = "DELETE FROM contributions WHERE organisation_id = @organisation_id";

    internal const string ContributionColumns =
        "organisation_id, instrument_key, instrument_version, period, scan_id, completed_at, sbi_version, sector_section, size_class, province, respondent_count, counted, scores, programme_ids, sbi_code, scores100, roles";

    // The year's contributions of an organisation: of the year itself and of its quarters.
    public string ContributionsOfYear { get; } =
        $"SELECT {ContributionColumns} FROM contributions WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND (period = @period OR period LIKE @quarters)";

    public string FindYearContribution { get; } =
        $"SELECT {ContributionColumns} FROM year_contributions WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string YearContributionsOf { get; } = $"SELECT {ContributionColumns} FROM year_contributions WHERE organisation_id = @organisation_id";

    private static readonly string[] ContributionValues =
        ["scan_id", "completed_at", "sbi_version", "sector_section", "size_class", "province", "respondent_count", "counted", "scores", "programme_ids", "sbi_code", "scores100", "roles"];

    private static readonly UpsertSpec Contributions = new(
        "contributions", ["organisation_id", "instrument_key", "instrument_version", "period"], ContributionValues, ContributionValues.Select(ColumnUpdate.Replace).ToList());

    private static readonly UpsertSpec YearContributions = Contributions with { Table = "year_contributions" };

    private static readonly string[] TeamFactValues =
        ["scan_id", "completed_at", "source", "sbi_version", "sector_section", "size_class", "province", "respondent_count", "scores", "dimension_respondents", "programme_ids", "sbi_code", "scores100", "roles"];

    private static readonly UpsertSpec TeamFactRows = new(
        "team_facts", ["organisation_id", "instrument_key", "instrument_version", "period", "team"], TeamFactValues, TeamFactValues.Select(ColumnUpdate.Replace).ToList());

    public string SaveYearContribution { get; } = dialect.Upsert(YearContributions);

    /// <summary>Rows per multi-row statement of a batch: at most 19 parameters each, under SQL Server's 2,100.</summary>
    public const int RowBatch = 100;

    /// <summary>Organisations per read of a batch's rows (one parameter each).</summary>
    public const int OrganisationBatch = 500;

    public string SaveTeamFacts(int rows) => dialect.UpsertRows(TeamFactRows, rows);

    public string SaveContributions(int rows) => dialect.UpsertRows(Contributions, rows);

    public string SaveYearContributions(int rows) => dialect.UpsertRows(YearContributions, rows);

    private static string Among(int count) => "organisation_id IN (" + string.Join(", ", Enumerable.Range(0, count).Select(i => $"@o{i}")) + ")";

    public static string ErasedAmong(int count) => $"SELECT organisation_id FROM erased_organisations WHERE {Among(count)}";

    public static string TeamFactsOfOrganisations(int count) => $"SELECT {TeamFactColumns} FROM team_facts WHERE {Among(count)}";

    public static string ContributionsOfOrganisations(int count) => $"SELECT {ContributionColumns} FROM contributions WHERE {Among(count)}";

    public static string YearContributionsOfOrganisations(int count) => $"SELECT {ContributionColumns} FROM year_contributions WHERE {Among(count)}";

    /// <summary>The full-size statements of a batch, for the parsing tests.</summary>
    public IReadOnlyList<string> BatchStatements =>
    [
        SaveTeamFacts(RowBatch), SaveContributions(RowBatch), SaveYearContributions(RowBatch),
        ErasedAmong(OrganisationBatch), TeamFactsOfOrganisations(OrganisationBatch), ContributionsOfOrganisations(OrganisationBatch), YearContributionsOfOrganisations(OrganisationBatch),
    ];

    public string DeleteYearContribution { get; } =
        "DELETE FROM year_contributions WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string DeleteYearContributionsOf { get; } = "DELETE FROM year_contributions WHERE organisation_id = @organisation_id";

    public string DeleteContribution { get; } =
        "DELETE FROM contributions WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string DeleteTeamFactsOf { get; } = "DELETE FROM team_facts WHERE organisation_id = @organisation_id";

    internal const string TeamFactColumns =
        "organisation_id, instrument_key, instrument_version, period, team, scan_id, completed_at, source, sbi_version, sector_section, size_class, province, respondent_count, scores, dimension_respondents, programme_ids, sbi_code, scores100, roles";

    public string TeamFacts { get; } =
        $"SELECT {TeamFactColumns} FROM team_facts WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string SaveTeamFact { get; } = dialect.Upsert(TeamFactRows);

    public string DeleteTeamFact { get; } =
        "DELETE FROM team_facts WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period AND team = @team";

    public string IsErased { get; } = "SELECT COUNT(*) FROM erased_organisations WHERE organisation_id = @organisation_id";

    public string Tombstone { get; } = dialect.Upsert(new UpsertSpec("erased_organisations", ["organisation_id"], ["erased_at"], []));

    public string FindContribution { get; } =
        "SELECT organisation_id, instrument_key, instrument_version, period, scan_id, completed_at, sbi_version, sector_section, size_class, province, respondent_count, counted, scores, programme_ids, sbi_code, scores100, roles " +
        "FROM contributions WHERE organisation_id = @organisation_id AND instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string SaveContribution { get; } = dialect.Upsert(Contributions);

    private static readonly UpsertSpec Cells = new(
        "aggregate_cells",
        ["instrument_key", "instrument_version", "dimension", "period", "sbi_version", "sector_section", "size_class", "province"],
        ["organisations", "respondents", "sum_of_means", "sum_of_squares"],
        [ColumnUpdate.Add("organisations"), ColumnUpdate.Add("respondents"), ColumnUpdate.Add("sum_of_means"), ColumnUpdate.Add("sum_of_squares")]);

    private static readonly UpsertSpec ProgrammeCells = Cells with
    {
        Table = "programme_cells",
        KeyColumns = ["programme_id", .. Cells.KeyColumns],
    };

    // Additive: every column but the key is added, so a contribution is taken out by adding its negation.
    public string AddToCell { get; } = dialect.Upsert(Cells);

    /// <summary>The same for a programme's cell (a family of its own, keyed by programme first).</summary>
    public string AddToProgrammeCell { get; } = dialect.Upsert(ProgrammeCells);

    public string AddTo(CellDelta delta) => delta.Programme is null ? AddToCell : AddToProgrammeCell;

    /// <summary>Cells per statement: 13 parameters each, under every engine's limit (SQL Server's 2,100).</summary>
    public const int CellBatch = 100;

    /// <summary>A batch's changes of <paramref name="rows"/> cells of one family in one statement (parameters bound by <see cref="CellDelta.NationalRows"/> or <see cref="CellDelta.ProgrammeRows"/>).</summary>
    public string AddToCells(bool programme, int rows) => dialect.UpsertRows(programme ? ProgrammeCells : Cells, rows);

    /// <summary>The full-size statements, for the parsing tests.</summary>
    public IReadOnlyList<string> AddToCellBatches => [AddToCells(false, CellBatch), AddToCells(true, CellBatch)];

    private const string CellKey =
        "instrument_key = @instrument_key AND instrument_version = @instrument_version AND dimension = @dimension AND period = @period " +
        "AND sbi_version = @sbi_version AND sector_section = @sector_section AND size_class = @size_class AND province = @province";

    // A cell its last organisation left is removed, rounding residue in its sums with it, so the cells
    // after a replacement or an erasure are exactly those of a history without the contribution.
    public string DeleteEmptyCell { get; } = $"DELETE FROM aggregate_cells WHERE {CellKey} AND organisations = 0";

    public string DeleteEmptyProgrammeCell { get; } = $"DELETE FROM programme_cells WHERE programme_id = @programme_id AND {CellKey} AND organisations = 0";

    /// <summary>Marks a period's facts as changed since its last release (the release job takes it from here).</summary>
    public string MarkChanged { get; } = dialect.Upsert(new UpsertSpec(
        "release_queue",
        ["instrument_key", "instrument_version", "period"],
        ["changed_at"],
        [ColumnUpdate.Replace("changed_at")]));

    // Whether a declaration applies is settled when it is first recorded and never changed after.
    public string SaveInstrumentVersion { get; } = dialect.Upsert(new UpsertSpec(
        "instrument_versions",
        ["instrument_key", "instrument_version"],
        ["comparable_to", "dimensions", "applied"],
        [ColumnUpdate.Replace("comparable_to"), ColumnUpdate.Replace("dimensions")]));

    public string InstrumentVersionRecorded { get; } =
        "SELECT COUNT(*) FROM instrument_versions WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version";

    public string TeamFactCount { get; } = "SELECT COUNT(*) FROM team_facts";

    public string VersionHasFacts { get; } =
        "SELECT COUNT(*) FROM team_facts WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version";

    public string InstrumentVersionsOf { get; } =
        "SELECT instrument_version, comparable_to, dimensions FROM instrument_versions WHERE instrument_key = @instrument_key AND applied = 1";

    public string DeleteIfEmpty(CellDelta delta) => delta.Programme is null ? DeleteEmptyCell : DeleteEmptyProgrammeCell;
}
