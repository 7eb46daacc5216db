namespace Leercultuur.Contracts;

/// <summary>
/// An organisation's profile changed: its sector, size class or province (version 1). Like every
/// organisation event it carries the organisation's whole shared state and its version, so a copy that
/// applies only newer versions is right whatever order events arrive in. No name, no KvK number.
/// </summary>
public sealed record OrganisationProfileChanged
{
    public Guid OrganisationId { get; init; }

    public SectorClassification Sector { get; init; } = new();

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];

    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>The organisation's version after this change.</summary>
    public long Version { get; init; }
}
