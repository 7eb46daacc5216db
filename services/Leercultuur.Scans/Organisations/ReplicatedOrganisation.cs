namespace Leercultuur.Scans.Organisations;

/// <summary>The scan service's copy of what it needs to know about an organisation.</summary>
public sealed class ReplicatedOrganisation
{
    public Guid OrganisationId { get; init; }

    public int SbiVersion { get; init; }

    public string SbiCode { get; init; } = "";

    public string SbiSection { get; init; } = "";

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    /// <summary>Comma-separated programme ids; an empty string when none.</summary>
    public string ProgrammeIds { get; init; } = "";

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The organisation's version this copy reflects.</summary>
    public long Version { get; init; }

    public IReadOnlyList<Guid> ProgrammeIdList() =>
        ProgrammeIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
}
