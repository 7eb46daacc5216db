using Leercultuur.Contracts;

namespace Leercultuur.Scans.Organisations;

/// <summary>What every organisation event carries about the organisation, whichever event it is.</summary>
public sealed record OrganisationState(
    Guid OrganisationId,
    SectorClassification Sector,
    string SizeClass,
    string Province,
    IReadOnlyList<Guid> ProgrammeIds,
    DateTimeOffset RegisteredAt,
    long Version)
{
    public static OrganisationState Of(OrganisationRegistered e) => new(e.OrganisationId, e.Sector, e.SizeClass, e.Province, e.ProgrammeIds, e.RegisteredAt, e.Version);

    // A change does not carry the registration instant; the replica keeps the one it has (see the statements).
    public static OrganisationState Of(OrganisationProfileChanged e) => new(e.OrganisationId, e.Sector, e.SizeClass, e.Province, e.ProgrammeIds, e.ChangedAt, e.Version);

    public static OrganisationState Of(ProgrammeMembershipChanged e) => new(e.OrganisationId, e.Sector, e.SizeClass, e.Province, e.ProgrammeIds, e.ChangedAt, e.Version);
}
