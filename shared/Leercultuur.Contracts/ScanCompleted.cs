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
}
