namespace Leercultuur.Organisations.Registration;

public sealed record OrganisationRow
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public string KvkNumber { get; init; } = "";

    public int SbiVersion { get; init; }

    public string SbiCode { get; init; } = "";

    public string SbiSection { get; init; } = "";

    public string SbiSectionName { get; init; } = "";

    public int Employees { get; init; }

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>1 at registration, one more with every change; carried by the events and the ETag.</summary>
    public long Version { get; init; } = 1;

    /// <summary>The programmes it belongs to (not a column: from the membership table).</summary>
    public IReadOnlyList<Guid> ProgrammeIds { get; init; } = [];
}
