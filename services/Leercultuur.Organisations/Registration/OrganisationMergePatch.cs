using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Registration;

/// <summary>
/// The shape of an organisation's merge patch, for the OpenAPI document only: the handler reads the raw
/// document (<see cref="OrganisationPatch.Read"/>) because a merge patch tells an absent member from a null one.
/// Every member is optional and none may be null; members not named here are refused.
/// </summary>
public sealed record OrganisationMergePatch
{
    [StringLength(RegisterOrganisationRequest.MaxNameLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern), Description("Trade name, 1 to 200 characters, one line, not only spaces.")]
    public string Name { get; init; } = "";

    [Range(1, RegisterOrganisationRequest.MaxEmployees), Description("Persons employed; the size class is derived again.")]
    public int Employees { get; init; }

    [StringLength(RegisterOrganisationRequest.MaxSbiCodeLength), RegularExpression(RegisterOrganisationRequest.SbiCodePattern), Description("SBI code; changes together with sbiVersion.")]
    public string SbiCode { get; init; } = "";

    [AllowedList(typeof(SbiSectionTable), nameof(SbiSectionTable.AllVersions)), Description("SBI version of sbiCode; changes together with it.")]
    public int SbiVersion { get; init; }

    [AllowedList(typeof(Classification.Province), nameof(Classification.Province.Accepted)), Description("Province as ISO 3166-2:NL code or name, written as listed.")]
    public string Province { get; init; } = "";
}
