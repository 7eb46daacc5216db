using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Registration;

/// <summary>A company to register. Every field is required; nullable so a missing field is reported, not defaulted.</summary>
public sealed partial record RegisterOrganisationRequest : IValidatable
{
    public const int MaxNameLength = 200;
    public const int MaxEmployees = 1_000_000;

    /// <summary>Trade name.</summary>
    [Required, Description("Trade name, at most 200 characters.")]
    public string? Name { get; init; }

    /// <summary>KvK number: exactly 8 digits.</summary>
    [Required, Description("KvK number: exactly 8 digits; unique.")]
    public string? KvkNumber { get; init; }

    /// <summary>SBI code, 2 to 5 digits (dots allowed), in the SBI version given.</summary>
    [Required, Description("SBI code, 2 to 5 digits (dots allowed), in the SBI version given; the section is derived from its division.")]
    public string? SbiCode { get; init; }

    /// <summary>2008 or 2025.</summary>
    [Required, Description("2008 or 2025.")]
    public int? SbiVersion { get; init; }

    /// <summary>Persons employed (werkzame personen), working owners included; at least 1.</summary>
    [Required, Description("Persons employed (werkzame personen), working owners included, from 1; the EU size class is derived.")]
    public int? Employees { get; init; }

    /// <summary>Province as ISO 3166-2:NL code (NL-UT) or name (Utrecht).</summary>
    [Required, Description("Province as ISO 3166-2:NL code (NL-UT) or name (Utrecht).")]
    public string? Province { get; init; }

    public void Validate(ValidationErrors errors)
    {
        if (errors.Require(!string.IsNullOrWhiteSpace(Name), "name", "A name is required."))
        {
            errors.Require(Name!.Trim().Length <= MaxNameLength, "name", $"A name has at most {MaxNameLength} characters.");
        }

        errors.Require(KvkNumber is not null && KvkPattern().IsMatch(KvkNumber), "kvkNumber", "A KvK number has exactly 8 digits.");
        errors.Require(SbiVersion is not null, "sbiVersion", "An SBI version (2008 or 2025) is required.");
        errors.Require(!string.IsNullOrWhiteSpace(SbiCode), "sbiCode", "An SBI code is required.");
        errors.Require(Employees is >= 1 and <= MaxEmployees, "employees", $"The number of persons employed is a whole number from 1 to {MaxEmployees}.");
        errors.Require(Classification.Province.TryNormalise(Province, out _), "province", $"The province is one of {string.Join(", ", Classification.Province.Codes)} or its name.");
    }

    [GeneratedRegex(@"^[0-9]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KvkPattern();
}
