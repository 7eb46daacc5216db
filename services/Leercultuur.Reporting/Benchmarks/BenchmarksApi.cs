using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Contracts;
using Leercultuur.Reporting.Indicators;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Benchmarks;

/// <summary>
/// One sector's national cells for an instrument and period: what an organisation's own result is
/// compared with. Taken from the sector grouping under the same disclosure control as the indicators,
/// so a benchmark is never a figure the indicators suppress.
/// </summary>
public static partial class BenchmarksApi
{
    public const string SectionPattern = "^[A-V]$";

    public static IEndpointRouteBuilder MapBenchmarks(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var get = endpoints.MapApiGroup(api, "benchmarks", "Benchmarks")
            .MapMethods("", ["GET", "HEAD"], Get)
            .WithName("GetBenchmark")
            .WithSummary("The national cells of one sector for an instrument and period, per instrument version and dimension, as released under disclosure control (suppressed and provisional cells carry no numbers), with the median and quartiles of the organisations' 0–100 scores.")
            .ProducesValidationProblem();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators)
        {
            get.AllowAnonymous();
        }
        else
        {
            get.RequireAuthorization(Capabilities.IndicatorsReadNational);
        }

        return endpoints;
    }

    private static async Task<Results<Ok<BenchmarkResponse>, ValidationProblem>> Get(
        Observations.ObservationReader reader,
        IOptions<DisclosureOptions> options,
        HttpContext context,
        CancellationToken cancellationToken,
        [Required, RegularExpression(IndicatorsApi.InstrumentKeyPattern), Description("Instrument key, for example team-psychological-safety.")] string? instrument = null,
        [Required, RegularExpression(Period.SchemaPattern), Description("A year (2026) or a quarter (2026-Q4).")] string? period = null,
        [Required, RegularExpression(SectionPattern), Description("The SBI section, one capital letter: A to U in SBI 2008, A to V in SBI 2025.")] string? sector = null,
        [Required, Range(2008, 2025), Leercultuur.ServiceDefaults.OpenApi.AllowedList(typeof(BenchmarksApi), nameof(SbiVersions)), Description("The SBI version the section belongs to: 2008 or 2025.")] int? sbiVersion = null)
    {
        var errors = new ValidationErrors();
        errors.Require(instrument is not null && InstrumentKey().IsMatch(instrument), "instrument", "An instrument key is required (lowercase letters, digits and hyphens, at most 100).");
        errors.Require(Period.TryParse(period, out var parsedPeriod), "period", "A period is a year (2026) or a quarter (2026-Q4).");
        errors.Require(
            sector is not null && Section().IsMatch(sector) && Observations.SbiCorrespondence.Instance.Sections(sbiVersion is 2008 ? 2008 : 2025).Any(s => s.Value == sector),
            "sector",
            "A sector is an SBI section: one capital letter, A to U in SBI 2008 and A to V in SBI 2025.");
        errors.Require(sbiVersion is 2008 or 2025, "sbiVersion", "The SBI version is 2008 or 2025.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var minimum = options.Value.MinimumOrganisations;
        // The sector's row of the released sector grouping, in the organisation's SBI view: the very cell /observations shows.
        var query = new Observations.ObservationQuery(
            instrument!, [], [Observations.ObservationCodes.Total], [Observations.ObservationQuery.Sector], [sector!], [], [], [], sbiVersion!.Value, parsedPeriod, parsedPeriod, null);
        var result = await reader.ReadAsync(query, [], cancellationToken);
        var mine = result.Rows.SelectMany(r => IndicatorCell.PerVersion(r, [GroupDimension.Sector], result.Series)).ToList();

        // Figures change with every completion; a minute's staleness is harmless for a comparison.
        context.Response.Headers.CacheControl = context.RequestServices.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators ? "public, max-age=60" : "private, max-age=60";
        return TypedResults.Ok(new BenchmarkResponse(instrument!, parsedPeriod.ToString(), new SectorKey(sbiVersion!.Value, sector!), minimum, mine));
    }

    public static IReadOnlyList<int> SbiVersions { get; } = [2008, 2025];

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,99}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex InstrumentKey();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-V]\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Section();
}

/// <summary>A sector's national cells: per instrument version and dimension, published or suppressed.</summary>
public sealed record BenchmarkResponse(string Instrument, string Period, SectorKey Sector, int MinimumOrganisations, IReadOnlyList<IndicatorCell> Cells);
