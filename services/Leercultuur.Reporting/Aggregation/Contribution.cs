namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// What one organisation's scan added to the aggregates for an (instrument, version, period). Kept so a
/// later scan of the same organisation can take it out again before adding its own.
/// </summary>
public sealed class Contribution
{
    public Guid OrganisationId { get; init; }

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    public Guid ScanId { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    public int SbiVersion { get; init; }

    public string SectorSection { get; init; } = "";

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public int RespondentCount { get; init; }

    /// <summary>1 when the scan had enough respondents to count; 0 when it was recorded but left out.</summary>
    public int Counted { get; init; }

    /// <summary>Dimension → mean, as JSON.</summary>
    public string Scores { get; init; } = "";

    /// <summary>The SBI code of the scan it is classified by ('' where not kept).</summary>
    public string SbiCode { get; init; } = "";

    /// <summary>Dimension → 0–100 score, as JSON; a dimension missing here has no 0–100 score (version 1 facts).</summary>
    public string Scores100 { get; init; } = "{}";

    /// <summary>Role → its figures, as JSON (<see cref="RoleFigures"/>).</summary>
    public string Roles { get; init; } = "{}";

    /// <summary>The organisation's programmes at completion, comma-separated ids.</summary>
    public string ProgrammeIds { get; init; } = "";

    public IReadOnlyList<Guid> Programmes() =>
        ProgrammeIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    public static string JoinProgrammes(IEnumerable<Guid> programmes) => string.Join(',', programmes.Distinct().Order().Select(p => p.ToString("D")));
}
