namespace Leercultuur.Contracts;

/// <summary>
/// An organisation was registered with the organisation service (version 1).
/// Carries the classification other services need to work without calling back (event-carried state);
/// deliberately no name or KvK number, so personal data of one-person companies does not spread.
/// </summary>
public sealed record OrganisationRegistered
{
    public required Guid OrganisationId { get; init; }
    public required SectorClassification Sector { get; init; }
    public required string SizeClass { get; init; }
    public required string Province { get; init; }
    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];
    public required DateTimeOffset RegisteredAt { get; init; }
}
