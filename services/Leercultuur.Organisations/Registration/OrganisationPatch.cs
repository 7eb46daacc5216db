using System.Text.Json;
using System.Text.Json.Nodes;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Registration;

/// <summary>
/// A JSON merge patch (RFC 7396) of an organisation's profile: a member that is present replaces the
/// value, a member that is absent keeps it. Every member here is required, so none may be null; the
/// KvK number and the registration are not changeable.
/// </summary>
public sealed record OrganisationPatch(string? Name, int? Employees, string? SbiCode, int? SbiVersion, string? Province)
{
    public static readonly IReadOnlyList<string> Members = ["name", "employees", "sbiCode", "sbiVersion", "province"];

    /// <summary>Reads a merge patch document; every problem at once, per member.</summary>
    public static Outcome<OrganisationPatch> Read(JsonNode? document)
    {
        var errors = new ValidationErrors();
        if (document is not JsonObject members)
        {
            errors.Add("body", "A merge patch is a JSON object with the members to change.");
            return Outcome<OrganisationPatch>.Invalid(errors.ToDictionary());
        }

        foreach (var (key, value) in members)
        {
            if (!Members.Contains(key))
            {
                errors.Add(key, $"'{key}' cannot be changed; a patch may hold {string.Join(", ", Members)}.");
            }
            else if (value is null)
            {
                errors.Add(key, $"'{key}' is required and cannot be removed.");
            }
        }

        var name = Text(members, "name", errors);
        var sbiCode = Text(members, "sbiCode", errors);
        var province = Text(members, "province", errors);
        var employees = Number(members, "employees", errors);
        var sbiVersion = Number(members, "sbiVersion", errors);
        if (name is not null)
        {
            errors.Require(TextRules.HasText(name, RegisterOrganisationRequest.MaxNameLength), "name", $"A name has 1 to {RegisterOrganisationRequest.MaxNameLength} characters, one line, not only spaces.");
        }

        if (employees is not null)
        {
            errors.Require(employees is >= 1 and <= RegisterOrganisationRequest.MaxEmployees, "employees", $"The number of persons employed is a whole number from 1 to {RegisterOrganisationRequest.MaxEmployees}.");
        }

        if (province is not null)
        {
            errors.Require(Classification.Province.TryNormalise(province, out _), "province", $"The province is one of {string.Join(", ", Classification.Province.Codes)} or its name.");
        }

        if (sbiCode is not null)
        {
            errors.Require(RegisterOrganisationRequest.IsSbiCode(sbiCode), "sbiCode", "An SBI code has 2 to 5 digits, optionally with dots (for example 6201 or 62.01), at most 20 characters.");
        }

        if ((sbiCode is null) != (sbiVersion is null))
        {
            errors.Add(sbiCode is null ? "sbiCode" : "sbiVersion", "An SBI code and its SBI version change together.");
        }

        return errors.IsEmpty
            ? Outcome<OrganisationPatch>.Ok(new OrganisationPatch(name, employees, sbiCode, sbiVersion, province))
            : Outcome<OrganisationPatch>.Invalid(errors.ToDictionary());
    }

    /// <summary>The organisation as this patch leaves it, its sector and size class derived again.</summary>
    public Outcome<OrganisationRow> ApplyTo(OrganisationRow current, SbiSectionTable sbi)
    {
        var changed = current with
        {
            Name = (Name is null ? current.Name : TextRules.Tidy(Name)),
            Employees = Employees ?? current.Employees,
            SizeClass = SizeClass.FromHeadcount(Employees ?? current.Employees),
        };
        if (Province is not null && Classification.Province.TryNormalise(Province, out var code))
        {
            changed = changed with { Province = code };
        }

        if (SbiCode is not null && SbiVersion is { } version)
        {
            var lookup = sbi.Lookup(version, SbiCode);
            if (!lookup.Found)
            {
                return Outcome<OrganisationRow>.Invalid("sbiCode", lookup.Error);
            }

            changed = changed with { SbiVersion = version, SbiCode = lookup.Code, SbiSection = lookup.Section!.Section, SbiSectionName = lookup.Section.Name };
        }

        return Outcome<OrganisationRow>.Ok(changed);
    }

    private static string? Text(JsonObject members, string key, ValidationErrors errors)
    {
        if (members[key] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(key, $"'{key}' is a string.");
            return null;
        }

        return node.GetValue<string>();
    }

    private static int? Number(JsonObject members, string key, ValidationErrors errors)
    {
        if (members[key] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !((JsonValue)node).TryGetValue<int>(out var value))
        {
            errors.Add(key, $"'{key}' is a whole number.");
            return null;
        }

        return value;
    }
}
