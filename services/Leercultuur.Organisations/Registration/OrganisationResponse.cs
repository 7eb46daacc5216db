namespace Leercultuur.Organisations.Registration;

/// <summary>An organisation as stored, with its derived sector and size class.</summary>
public sealed record OrganisationResponse(
    Guid Id,
    string Name,
    string KvkNumber,
    SectorResponse Sector,
    int Employees,
    string SizeClass,
    string Province,
    DateTimeOffset RegisteredAt)
{
    public static OrganisationResponse From(OrganisationRow row) => new(
        row.Id,
        row.Name,
        row.KvkNumber,
        new SectorResponse(row.SbiVersion, row.SbiCode, row.SbiSection, row.SbiSectionName),
        row.Employees,
        row.SizeClass,
        row.Province,
        row.RegisteredAt);
}

public sealed record SectorResponse(int SbiVersion, string SbiCode, string Section, string SectionName);

public sealed record OrganisationPage(IReadOnlyList<OrganisationResponse> Items, int Page, int PageSize);
