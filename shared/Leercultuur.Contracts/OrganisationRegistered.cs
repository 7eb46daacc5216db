namespace Leercultuur.Contracts;

/// <summary>
/// An organisation was registered with the organisation service (version 1).
/// Carries the classification other services need to work without calling back (event-carried state);
/// deliberately no name or KvK number, so personal data of one-person companies does not spread.
/// </summary>
public sealed record OrganisationRegistered
{
    public Guid OrganisationId { get; init; }

    public SectorClassification Sector { get; init; } = new();

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>
    /// The organisation's version after this change: 1 at registration, one more with every later change.
    /// A consumer keeping a copy applies an event only when it is newer than what it holds, so a late
    /// older event never overwrites a newer one. Messages from before this field read as 1.
    /// </summary>
    public long Version { get; init; } = 1;
}
