using Leercultuur.Contracts;

namespace Leercultuur.Organisations.Registration;

/// <summary>
/// The organisation events, each carrying the organisation's whole shared state (classification and
/// programmes) and its version: a copy that applies only newer versions is then right in any order.
/// </summary>
public static class OrganisationEvents
{
    public static OrganisationRegistered Registered(OrganisationRow row) => new()
    {
        OrganisationId = row.Id,
        Sector = Sector(row),
        SizeClass = row.SizeClass,
        Province = row.Province,
        ProgrammeIds = row.ProgrammeIds,
        RegisteredAt = row.RegisteredAt,
        Version = row.Version,
    };

    public static OrganisationProfileChanged ProfileChanged(OrganisationRow row, DateTimeOffset at) => new()
    {
        OrganisationId = row.Id,
        Sector = Sector(row),
        SizeClass = row.SizeClass,
        Province = row.Province,
        ProgrammeIds = row.ProgrammeIds,
        ChangedAt = at,
        Version = row.Version,
    };

    public static ProgrammeMembershipChanged MembershipChanged(OrganisationRow row, DateTimeOffset at) => new()
    {
        OrganisationId = row.Id,
        ProgrammeIds = row.ProgrammeIds,
        Sector = Sector(row),
        SizeClass = row.SizeClass,
        Province = row.Province,
        ChangedAt = at,
        Version = row.Version,
    };

    private static SectorClassification Sector(OrganisationRow row) =>
        new() { SbiVersion = row.SbiVersion, SbiCode = row.SbiCode, Section = row.SbiSection };
}
