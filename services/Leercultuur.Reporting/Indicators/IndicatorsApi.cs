using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Leercultuur.Contracts;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Indicators;

public static partial class IndicatorsApi
{
    public const string InstrumentKeyPattern = "^[a-z0-9][a-z0-9-]{0,99}$";

    public static IEndpointRouteBuilder MapIndicators(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var query = endpoints.MapApiGroup(api, "indicators", "Indicators")
            .MapMethods("", ["GET", "HEAD"], Query)
            .WithName("QueryIndicators")
            .WithSummary("Deprecated: use GET /reporting/v1/observations. Aggregated indicators of an instrument for a period, grouped by sector, sizeClass and/or province (comma-separated): the released observations of that grouping, every combination of codes listed.")
            .WithDescription("National figures, or with programme one programme's own figures (a family of their own, never a part of the national ones). A programme client reads its own programme only; another programme's id is a 404. Answers carry Deprecation, Sunset and a Link to the successor; sectors are SBI 2025 sections.")
            .WithDeprecation(Deprecated, Sunset, "/reporting/v1/observations")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators)
        {
            // The programme figures need a token all the same: the handler asks for it when programme is given.
            query.AllowAnonymous()
                .WithOptionalToken(Capabilities.IndicatorsReadProgramme, "programme")
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden);
        }
        else
        {
            query.RequireAuthorization(Capabilities.IndicatorsReadNational);
        }

        return endpoints;
    }

    /// <summary>When /indicators was deprecated, and when it goes (docs/api-lifecycle in the README).</summary>
    public static readonly DateTimeOffset Deprecated = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Sunset = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<Results<Ok<IndicatorsResponse>, ValidationProblem, ProblemHttpResult, ChallengeHttpResult, ForbidHttpResult>> Query(
        Observations.ObservationReader reader,
        IOptions<DisclosureOptions> options,
        IAuthorizationService authorization,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken,
        [Required, RegularExpression(InstrumentKeyPattern), Description("Instrument key, for example team-psychological-safety.")] string? instrument = null,
        [Required, RegularExpression(Period.SchemaPattern), Description("A year (2026) or a quarter (2026-Q4).")] string? period = null,
        [RegularExpression(GroupDimensions.Pattern), Description("Up to three of sector, sizeClass and province, comma-separated, each once; none gives the total.")] string? groupBy = null,
        [Description("A programme's own figures instead of the national ones; needs a token.")] Guid? programme = null)
    {
        var disclosure = options.Value;
        var errors = new ValidationErrors();
        errors.Require(instrument is not null && InstrumentKey().IsMatch(instrument), "instrument", "An instrument key is required (lowercase letters, digits and hyphens, at most 100).");
        errors.Require(Period.TryParse(period, out var parsedPeriod), "period", "A period is a year (2026) or a quarter (2026-Q4).");
        IReadOnlyList<GroupDimension> dimensions = [];
        errors.Require(
            groupBy is null || GroupDimensions.TryParse(groupBy, out dimensions),
            "groupBy",
            $"groupBy takes up to three of {string.Join(", ", GroupDimensions.ByName.Keys)}, comma-separated without spaces, each once.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        if (programme is { } programmeId)
        {
            if (!(await authorization.AuthorizeAsync(context.User, Capabilities.IndicatorsReadProgramme)).Succeeded)
            {
                return context.User.Identity?.IsAuthenticated == true ? TypedResults.Forbid() : TypedResults.Challenge();
            }

            // Another programme's figures are as unknown to a programme client as its members are.
            if (!caller.Reaches([programmeId]))
            {
                return Problems.NotFound($"No indicators of programme {programmeId} for this client.");
            }
        }

        // A thin view over the released observations: the same rows any other query gives, so nothing here
        // can be set beside them to undo their suppression.
        var groups = dimensions.Select(d => GroupDimensions.ByName.First(kv => kv.Value == d).Key).ToList();
        var query = new Observations.ObservationQuery(
            instrument!, [], [Observations.ObservationCodes.Total], programme is null ? groups : [.. groups, Observations.ObservationQuery.Programme], [], [], [],
            programme is { } p ? [p] : [], Observations.SbiCorrespondence.Sbi2025, parsedPeriod, parsedPeriod, null);
        var rows = await reader.ReadAsync(query, programme is { } id ? [id.ToString("D")] : [], cancellationToken);
        if (rows.TooMany)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["groupBy"] = [$"This grouping gives {rows.Count} cells; one answer holds at most {Observations.ObservationQuery.MaxRows}. Use /reporting/v1/observations with filters."] },
                title: "The request is not valid");
        }

        var published = rows.Rows.Select(r => IndicatorCell.Named(r, dimensions, rows)).ToList();
        return TypedResults.Ok(new IndicatorsResponse(
            instrument!,
            parsedPeriod.ToString(),
            programme,
            dimensions.Select(d => GroupDimensions.ByName.First(kv => kv.Value == d).Key).ToList(),
            disclosure.MinimumOrganisations,
            published));
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstrumentKey();
}
