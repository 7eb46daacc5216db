using System.ComponentModel;
using Leercultuur.ServiceDefaults.Security;

namespace Leercultuur.Organisations.Registration;

/// <summary>An organisation as stored, with its derived sector and size class.</summary>
public sealed record OrganisationResponse(
    Guid Id,
    string Name,
    [property: Description("KvK number: 8 digits.")] string KvkNumber,
    SectorResponse Sector,
    [property: Description("Persons employed (werkzame personen), working owners included.")] int Employees,
    [property: Description("EU size class derived from the headcount: micro (< 10), small (< 50), medium (< 250), large.")] string SizeClass,
    [property: Description("Province as ISO 3166-2:NL code.")] string Province,
    [property: Description("The programmes it belongs to that the caller may see: all for an admin, the caller's own for a programme.")] IReadOnlyList<Guid> ProgrammeIds,
    DateTimeOffset RegisteredAt)
{
    public static OrganisationResponse From(OrganisationRow row, Caller caller) => new(
        row.Id,
        row.Name,
        row.KvkNumber,
        new SectorResponse(row.SbiVersion, row.SbiCode, row.SbiSection, row.SbiSectionName),
        row.Employees,
        row.SizeClass,
        row.Province,
        caller.IsProgrammeOnly ? row.ProgrammeIds.Where(p => p == caller.ProgrammeId).ToList() : row.ProgrammeIds,
        row.RegisteredAt);
}

public sealed record SectorResponse(int SbiVersion, string SbiCode, string Section, string SectionName);
