using Leercultuur.Data;

namespace Leercultuur.Reporting.Observations;

public sealed class ReleaseStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string MemberColumns =
        "organisation_id, scan_id, instrument_version, sbi_version, sector_section, sbi_code, size_class, province, respondent_count, scores, scores100, programme_ids, roles";

    // In organisation order: sums of floating-point figures depend on their order, and a release must come
    // out the same however the facts arrived (a rebuild, a replay into an empty database).
    public string QuarterMembers { get; } =
        $"SELECT {MemberColumns} FROM contributions WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period AND counted = 1 ORDER BY organisation_id";

    public string YearMembers { get; } =
        $"SELECT {MemberColumns} FROM year_contributions WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period ORDER BY organisation_id";

    /// <summary>Every contribution of a version's period, counted or not, for a release that pools the versions of a family.</summary>
    public string PeriodContributions { get; } =
        $"SELECT {Aggregation.AggregateStatements.ContributionColumns} FROM contributions WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    /// <summary>Every team fact of a version's period, for a release that pools the versions of a family.</summary>
    public string PeriodTeamFacts { get; } =
        $"SELECT {Aggregation.AggregateStatements.TeamFactColumns} FROM team_facts WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string Release { get; } =
        "SELECT instrument_key, instrument_version, period, revision, released_at, held_since, held_reason, versions FROM releases WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string ReleasesOf { get; } =
        "SELECT instrument_key, instrument_version, period, revision, released_at, held_since, held_reason, versions FROM releases WHERE instrument_key = @instrument_key";

    public string AllReleases { get; } =
        "SELECT instrument_key, instrument_version, period, revision, released_at, held_since, held_reason, versions FROM releases";

    public string SaveRelease { get; } = dialect.Upsert(new UpsertSpec(
        "releases",
        ["instrument_key", "instrument_version", "period"],
        ["revision", "released_at", "held_since", "held_reason", "versions"],
        new[] { "revision", "released_at", "held_since", "held_reason", "versions" }.Select(ColumnUpdate.Replace).ToList()));

    public string Members { get; } =
        "SELECT organisation_id, atom, fingerprint, programme_ids FROM release_members WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string DeleteMembers { get; } =
        "DELETE FROM release_members WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    /// <summary>Members per insert statement: four parameters each, under every engine's limit (SQL Server's 2,100).</summary>
    public const int MemberBatch = 250;

    /// <summary>
    /// One statement for <paramref name="count"/> members (parameters <c>@o0</c>, <c>@a0</c>, <c>@f0</c>,
    /// <c>@p0</c>, … beside the shared key): a release of a quarter with a hundred thousand organisations
    /// is hundreds of statements, not a hundred thousand round trips.
    /// </summary>
    public static string InsertMembers(int count) =>
        "INSERT INTO release_members (instrument_key, instrument_version, period, organisation_id, atom, fingerprint, programme_ids) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@instrument_key, @instrument_version, @period, @o{i}, @a{i}, @f{i}, @p{i})"));

    /// <summary>The full-size statement, for the parsing tests.</summary>
    public string InsertMemberBatch { get; } = InsertMembers(MemberBatch);

    private const string RowColumns =
        "instrument_key, instrument_version, period, dimension, role, programme, sector_view, sector, size_class, province, status, reason, organisations, respondents, mean, standard_deviation, ci_lower, ci_upper, median, p25, p75, changed_at";

    public string Rows { get; } =
        $"SELECT {RowColumns} FROM observations WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string DeleteRows { get; } =
        "DELETE FROM observations WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    /// <summary>Rows per insert statement: 22 parameters each, under SQL Server's 2,100.</summary>
    public const int RowBatch = 90;

    private static readonly string[] RowColumnNames = RowColumns.Split(", ");

    /// <summary>
    /// One statement for <paramref name="count"/> rows of a release (parameters named as the columns with
    /// the row's index appended): a release replaces its period's rows in a few hundred statements.
    /// </summary>
    public static string InsertRows(int count) =>
        $"INSERT INTO observations ({RowColumns}) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(i => "(" + string.Join(", ", RowColumnNames.Select(c => $"@{c}{i}")) + ")"));

    /// <summary>The full-size statement, for the parsing tests.</summary>
    public string InsertRowBatch { get; } = InsertRows(RowBatch);

    public string QueueMark { get; } =
        "SELECT changed_at FROM release_queue WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period";

    public string Queue { get; } = "SELECT instrument_key, instrument_version, period, changed_at FROM release_queue";

    /// <summary>Takes the mark off only if no change arrived since it was read.</summary>
    public string Unmark { get; } =
        "DELETE FROM release_queue WHERE instrument_key = @instrument_key AND instrument_version = @instrument_version AND period = @period AND changed_at = @changed_at";

    /// <summary>Every (instrument, version, period) with facts, for a rebuild.</summary>
    public string AllPeriods { get; } =
        "SELECT DISTINCT instrument_key, instrument_version, period FROM contributions UNION SELECT DISTINCT instrument_key, instrument_version, period FROM year_contributions " +
        "UNION SELECT DISTINCT instrument_key, instrument_version, period FROM releases";

    /// <summary>
    /// The query API's read: one instrument's rows of a grouping shape (a dimension not grouped by is its
    /// total; national or programme families) in the SBI view asked for; codes, dimensions and which
    /// programmes are picked in memory.
    /// </summary>
    public static string Observations(bool sector, bool size, bool province, bool programmes, bool roles = false) =>
        $"SELECT {RowColumns} FROM observations WHERE instrument_key = @instrument_key AND period >= @first AND period <= @last " +
        "AND sector_view IN (0, @sector_view)" +
        (roles ? "" : " AND role = '_T'") +
        (programmes ? " AND programme <> '_T'" : " AND programme = '_T'") +
        (sector ? "" : " AND sector = '_T'") +
        (size ? "" : " AND size_class = '_T'") +
        (province ? "" : " AND province = '_T'");

    /// <summary>Every shape of <see cref="Observations"/>, for the parsing tests.</summary>
    public IReadOnlyList<string> AllObservationQueries { get; } =
        Enumerable.Range(0, 32).Select(m => Observations((m & 1) != 0, (m & 2) != 0, (m & 4) != 0, (m & 8) != 0, (m & 16) != 0)).ToList();

    /// <summary>
    /// What reporting has released of an instrument (never what it holds but has not released). Every
    /// released (version, period, dimension) has a national total row (kept, suppressed, if it empties):
    /// reading those alone keeps this cheap however many cells there are.
    /// </summary>
    public string Held { get; } =
        "SELECT instrument_version, period, dimension FROM observations WHERE instrument_key = @instrument " +
        "AND role = '_T' AND programme = '_T' AND sector_view = 0 AND sector = '_T' AND size_class = '_T' AND province = '_T'";

    /// <summary>What the query API's answers of an instrument depend on: its releases' count and revisions, and its applied declarations.</summary>
    public string AnswerState { get; } =
        "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM releases WHERE instrument_key = @instrument), " +
        "(SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM releases WHERE instrument_key = @instrument), " +
        "(SELECT CAST(COUNT(*) AS BIGINT) FROM instrument_versions WHERE instrument_key = @instrument AND applied = 1)";

    public string Programmes { get; } =
        "SELECT DISTINCT programme FROM observations WHERE instrument_key = @instrument AND programme <> '_T' ORDER BY programme";

}

public sealed class ReleaseRecord
{
    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    public int Revision { get; init; }

    public DateTimeOffset ReleasedAt { get; init; }

    public DateTimeOffset? HeldSince { get; init; }

    public string? HeldReason { get; init; }

    /// <summary>The versions the release's organisations scanned with, comma-separated; null before pooling (its own version).</summary>
    public string? Versions { get; init; }

    public IReadOnlyList<int> VersionList =>
        string.IsNullOrEmpty(Versions)
            ? [InstrumentVersion]
            : Versions.Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

public sealed class QueuedPeriod
{
    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    public DateTimeOffset ChangedAt { get; init; }
}
