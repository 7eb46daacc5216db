using System.ComponentModel;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Leercultuur.Organisations.CodeLists;

/// <summary>
/// The classifications as resources, as a statistics API publishes its code lists: open to anyone, and
/// read from the same data files that validation uses, so a code the API accepts is a code it lists.
/// </summary>
public static class CodeListsApi
{
    public const int DefaultSbiVersion = 2025;

    public static IEndpointRouteBuilder MapCodeLists(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "code-lists", "Code lists").AllowAnonymous();
        group.MapMethods("sbi-sections", ["GET", "HEAD"], Sections)
            .WithName("ListSbiSections")
            .WithSummary("The SBI sections of an SBI version (2008 or 2025, default 2025), with their Dutch names.")
            .ProducesValidationProblem();
        group.MapMethods("sbi-divisions", ["GET", "HEAD"], Divisions)
            .WithName("ListSbiDivisions")
            .WithSummary("The 2-digit SBI divisions of an SBI version with the section each belongs to; the section of a code follows from its division.")
            .ProducesValidationProblem();
        group.MapMethods("size-classes", ["GET", "HEAD"], SizeClasses)
            .WithName("ListSizeClasses")
            .WithSummary("The EU size classes by persons employed, with their bounds.");
        group.MapMethods("provinces", ["GET", "HEAD"], Provinces)
            .WithName("ListProvinces")
            .WithSummary("The twelve provinces by ISO 3166-2:NL code.");
        return endpoints;
    }

    private static Results<Ok<CodeList<SectionCode>>, ValidationProblem> Sections(SbiSectionTable sbi, HttpContext context, [FromQuery, AllowedList(typeof(SbiSectionTable), nameof(SbiSectionTable.AllVersions)), Description("The SBI version; 2025 when left out.")] int? sbiVersion = null)
    {
        if (!Version(sbi, sbiVersion, out var version, out var problem))
        {
            return problem!;
        }

        Cache(context);
        return TypedResults.Ok(new CodeList<SectionCode>(sbi.Sections(version).Select(s => new SectionCode(s.Section, s.Name)).ToList()));
    }

    private static Results<Ok<CodeList<DivisionCode>>, ValidationProblem> Divisions(SbiSectionTable sbi, HttpContext context, [FromQuery, AllowedList(typeof(SbiSectionTable), nameof(SbiSectionTable.AllVersions)), Description("The SBI version; 2025 when left out.")] int? sbiVersion = null)
    {
        if (!Version(sbi, sbiVersion, out var version, out var problem))
        {
            return problem!;
        }

        Cache(context);
        return TypedResults.Ok(new CodeList<DivisionCode>(sbi.Divisions(version).Select(d => new DivisionCode(d.Division, d.Section.Section)).ToList()));
    }

    private static Ok<CodeList<SizeClassCode>> SizeClasses(HttpContext context)
    {
        Cache(context);
        return TypedResults.Ok(new CodeList<SizeClassCode>(
        [
            new(SizeClass.Micro, "Micro", 1, 9),
            new(SizeClass.Small, "Klein", 10, 49),
            new(SizeClass.Medium, "Middelgroot", 50, 249),
            new(SizeClass.Large, "Groot", 250, null),
        ]));
    }

    private static Ok<CodeList<ProvinceCode>> Provinces(HttpContext context)
    {
        Cache(context);
        return TypedResults.Ok(new CodeList<ProvinceCode>(Province.Codes.Select(code => new ProvinceCode(code, Province.NameOf(code))).ToList()));
    }

    private static bool Version(SbiSectionTable sbi, int? requested, out int version, out ValidationProblem? problem)
    {
        version = requested ?? DefaultSbiVersion;
        problem = null;
        if (sbi.Versions.Contains(version))
        {
            return true;
        }

        problem = TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["sbiVersion"] = [$"The SBI version is one of {string.Join(", ", sbi.Versions)}."] },
            title: "The request is not valid");
        return false;
    }

    // The data changes only with a new release of the service.
    private static void Cache(HttpContext context) => context.Response.Headers.CacheControl = "public, max-age=86400";
}

public sealed record CodeList<T>(IReadOnlyList<T> Items);

public sealed record SectionCode(string Code, string Name);

public sealed record DivisionCode(string Code, string Section);

/// <summary>A size class and its bounds in persons employed; the largest has no upper bound.</summary>
public sealed record SizeClassCode(string Code, string Name, int MinEmployees, int? MaxEmployees);

public sealed record ProvinceCode(string Code, string Name);
