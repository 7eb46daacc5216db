namespace Leercultuur.Contracts;

/// <summary>
/// A scan was completed and scored (version 1). Carries everything reporting needs and nothing about
/// individual respondents: only organisation-level scores per dimension.
/// </summary>
public sealed record ScanCompleted
{
    public required Guid ScanId { get; init; }
    public required Guid OrganisationId { get; init; }
    public required SectorClassification Sector { get; init; }
    public required string SizeClass { get; init; }
    public required string Province { get; init; }
    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];
    public required string InstrumentKey { get; init; }
    public required int InstrumentVersion { get; init; }
    public required string Period { get; init; }
    public required int RespondentCount { get; init; }
    public required IReadOnlyList<DimensionScore> Scores { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
