namespace Leercultuur.Contracts;

/// <summary>
/// A scan was completed and scored (version 2). Besides what version 1 carries it has the team the scan
/// was of, whether the instrument may be aggregated nationally, and scores per respondent role; in
/// current-desired mode also the wanted rating and the gap. Scans publishes both versions of every
/// completion of a benchmarkable instrument, in the same transaction, while version 1 consumers remain
/// (docs/events.md says how they coexist). Nothing about individual respondents.
/// </summary>
public sealed record ScanCompletedV2
{
    public Guid ScanId { get; init; }

    public Guid OrganisationId { get; init; }

    public SectorClassification Sector { get; init; } = new();

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    /// <summary><c>single</c> or <c>current-desired</c>.</summary>
    public string RatingMode { get; init; } = "single";

    /// <summary>False for dialogue instruments: their results are the organisation's own and are never aggregated.</summary>
    public bool Benchmark { get; init; } = true;

    public string Period { get; init; } = "";

    /// <summary>
    /// The anonymous label of the team a team-level scan was of (null when none): an organisation's team
    /// scans of a period together make its one contribution; a later scan of the same team replaces an earlier.
    /// </summary>
    public string? Team { get; init; }

    public int RespondentCount { get; init; }

    /// <summary>Per dimension over all respondents of all roles.</summary>
    public IReadOnlyList<DimensionScoreV2> Scores { get; init; } = [];

    /// <summary>Per role, side by side.</summary>
    public IReadOnlyList<RoleScores> Roles { get; init; } = [];

    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>
    /// The earlier version this instrument version continues, and which of its dimensions continue which
    /// of that version's (null: it continues none). Reporting combines a dimension across versions only
    /// where this says so. Added after the first release of version 2; older messages carry none.
    /// </summary>
    public VersionComparability? ComparableTo { get; init; }
}

/// <summary>An instrument version's declared comparability with an earlier version: this version's dimension key → that version's.</summary>
public sealed record VersionComparability
{
    public int Version { get; init; }

    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new Dictionary<string, string>();
}

/// <summary>One role's scores in a completed scan.</summary>
public sealed record RoleScores
{
    public string Role { get; init; } = "";

    public int RespondentCount { get; init; }

    public IReadOnlyList<DimensionScoreV2> Scores { get; init; } = [];
}

/// <summary>
/// A dimension's score: the mean on the instrument's scale (after reverse scoring; the "now" rating in
/// current-desired mode) and on 0–100, with the respondents it rests on; in current-desired mode the
/// wanted rating and the gap (wanted − now, in scale points).
/// </summary>
public sealed record DimensionScoreV2
{
    public string Dimension { get; init; } = "";

    public int RespondentCount { get; init; }

    public double Mean { get; init; }

    public double Score { get; init; }

    public double ScaleMin { get; init; }

    public double ScaleMax { get; init; }

    public double? Wanted { get; init; }

    public double? Gap { get; init; }
}
