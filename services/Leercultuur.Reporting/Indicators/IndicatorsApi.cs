using System.Text.RegularExpressions;
using Leercultuur.Contracts;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Indicators;

public static partial class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicators(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var query = endpoints.MapApiGroup(api, "indicators", "Indicators")
            .MapGet("", Query)
            .WithName("QueryIndicators")
            .WithSummary("Aggregated indicators of an instrument for a period, grouped by sector, sizeClass and/or province (comma-separated), under disclosure control.")
            .ProducesValidationProblem();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators)
        {
            query.AllowAnonymous();
        }
        else
        {
            query.RequireAuthorization(Capabilities.IndicatorsReadNational);
        }

        return endpoints;
    }

    private static async Task<Results<Ok<IndicatorsResponse>, ValidationProblem>> Query(
        IndicatorRepository repository,
        IOptions<DisclosureOptions> options,
        CancellationToken cancellationToken,
        string? instrument = null,
        string? period = null,
        string? groupBy = null)
    {
        var disclosure = options.Value;
        var errors = new ValidationErrors();
        errors.Require(instrument is not null && InstrumentKey().IsMatch(instrument), "instrument", "An instrument key is required (lowercase letters, digits and hyphens, at most 100).");
        errors.Require(Period.TryParse(period, out var parsedPeriod), "period", "A period is a year (2026) or a quarter (2026-Q4).");
        var dimensions = new List<GroupDimension>();
        foreach (var name in (groupBy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!GroupDimensions.ByName.TryGetValue(name, out var dimension))
            {
                errors.Add("groupBy", $"groupBy takes {string.Join(", ", GroupDimensions.ByName.Keys)}, comma-separated.");
                break;
            }

            if (!errors.Require(!dimensions.Contains(dimension), "groupBy", "A dimension appears once in groupBy."))
            {
                break;
            }

            dimensions.Add(dimension);
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var cells = await repository.CellsAsync(instrument!, parsedPeriod.ToString(), dimensions, cancellationToken);
        var published = DisclosureControl.Apply(cells, dimensions, disclosure.MinimumOrganisations);
        return TypedResults.Ok(new IndicatorsResponse(
            instrument!,
            parsedPeriod.ToString(),
            dimensions.Select(d => GroupDimensions.ByName.First(kv => kv.Value == d).Key).ToList(),
            disclosure.MinimumOrganisations,
            published));
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstrumentKey();
}
