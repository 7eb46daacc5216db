using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Registration;

/// <summary>A company to register. Every field is required; nullable so a missing field is reported, not defaulted.</summary>
public sealed partial record RegisterOrganisationRequest : IValidatable
{
    public const int MaxNameLength = 200;
    public const int MaxEmployees = 1_000_000;

    /// <summary>Digits and dots, with 2 to 5 digits: the SBI code as written (62.01 or 6201).</summary>
    public const int MaxSbiCodeLength = 20;

    public const string SbiCodePattern = "^[.]*([0-9][.]*){2,5}$";

    /// <summary>Trade name.</summary>
    [Required, StringLength(MaxNameLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern), Description("Trade name, 1 to 200 characters, one line, not only spaces.")]
    public string? Name { get; init; }

    /// <summary>KvK number: exactly 8 digits.</summary>
    [Required, RegularExpression("^[0-9]{8}$"), Description("KvK number: exactly 8 digits; unique.")]
    public string? KvkNumber { get; init; }

    /// <summary>SBI code, 2 to 5 digits (dots allowed), in the SBI version given.</summary>
    [Required, StringLength(MaxSbiCodeLength), RegularExpression(SbiCodePattern), Description("SBI code, 2 to 5 digits (dots allowed), in the SBI version given; the section is derived from its division, which must exist in that version.")]
    public string? SbiCode { get; init; }

    /// <summary>2008 or 2025.</summary>
    [Required, AllowedList(typeof(SbiSectionTable), nameof(SbiSectionTable.AllVersions)), Description("2008 or 2025.")]
    public int? SbiVersion { get; init; }

    /// <summary>Persons employed (werkzame personen), working owners included; at least 1.</summary>
    [Required, Range(1, MaxEmployees), Description("Persons employed (werkzame personen), working owners included, from 1; the EU size class is derived.")]
    public int? Employees { get; init; }

    /// <summary>Province as ISO 3166-2:NL code (NL-UT) or name (Utrecht).</summary>
    [Required, AllowedList(typeof(Classification.Province), nameof(Classification.Province.Accepted)), Description("Province as ISO 3166-2:NL code (NL-UT) or name (Utrecht), written as listed.")]
    public string? Province { get; init; }

    public void Validate(ValidationErrors errors)
    {
        errors.Require(TextRules.HasText(Name, MaxNameLength), "name", $"A name of 1 to {MaxNameLength} characters, one line, not only spaces, is required.");

        errors.Require(KvkNumber is not null && KvkPattern().IsMatch(KvkNumber), "kvkNumber", "A KvK number has exactly 8 digits.");
        errors.Require(SbiVersion is not null, "sbiVersion", "An SBI version (2008 or 2025) is required.");
        errors.Require(IsSbiCode(SbiCode), "sbiCode", "An SBI code has 2 to 5 digits, optionally with dots (for example 6201 or 62.01), at most 20 characters.");
        errors.Require(Employees is >= 1 and <= MaxEmployees, "employees", $"The number of persons employed is a whole number from 1 to {MaxEmployees}.");
        errors.Require(Classification.Province.TryNormalise(Province, out _), "province", $"The province is one of {string.Join(", ", Classification.Province.Codes)} or its name.");
    }

    /// <summary>The SBI code as the document's pattern and maxLength describe it (whether its division exists is checked against the table).</summary>
    public static bool IsSbiCode(string? code) => code is { Length: <= MaxSbiCodeLength } && SbiCodeRegex().IsMatch(code);

    [GeneratedRegex(@"^[.]*([0-9][.]*){2,5}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SbiCodeRegex();

    [GeneratedRegex(@"^[0-9]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KvkPattern();
}
