namespace Leercultuur.Contracts;

/// <summary>
/// A scan was completed and scored (version 1). Carries everything reporting needs and nothing about
/// individual respondents: only organisation-level scores per dimension.
/// </summary>
public sealed record ScanCompleted
{
    public Guid ScanId { get; init; }

    public Guid OrganisationId { get; init; }

    public SectorClassification Sector { get; init; } = new();

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    public int RespondentCount { get; init; }

    public IReadOnlyList<DimensionScore> Scores { get; init; } = [];

    /// <summary>When the scan closed; of two scans of one organisation, instrument and period the later counts.</summary>
    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>
    /// True when the same completion was also published as <see cref="ScanCompletedV2"/> (added with
    /// version 2; version 1 consumers ignore it). A consumer of both versions takes the v2 and skips this one.
    /// </summary>
    public bool AlsoPublishedAsV2 { get; init; }
}
