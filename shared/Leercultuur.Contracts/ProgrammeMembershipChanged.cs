namespace Leercultuur.Contracts;

/// <summary>
/// The branch programmes an organisation belongs to changed (version 1): the whole current list, with
/// the rest of the organisation's shared state and its version, as every organisation event carries.
/// </summary>
public sealed record ProgrammeMembershipChanged
{
    public Guid OrganisationId { get; init; }

    /// <summary>Every programme the organisation belongs to now.</summary>
    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];

    public SectorClassification Sector { get; init; } = new();

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>The organisation's version after this change.</summary>
    public long Version { get; init; }
}
