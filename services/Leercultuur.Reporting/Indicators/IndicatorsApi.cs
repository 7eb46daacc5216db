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
            .WithSummary("Aggregated indicators of an instrument for a period, grouped by sector, sizeClass and/or province (comma-separated), under disclosure control.")
            .WithDescription("National figures, or with programme one programme's own figures (a family of their own, never a part of the national ones). A programme client reads its own programme only; another programme's id is a 404.")
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

    private static async Task<Results<Ok<IndicatorsResponse>, ValidationProblem, ProblemHttpResult, ChallengeHttpResult, ForbidHttpResult>> Query(
        IndicatorRepository repository,
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

        var published = await repository.PublishedAsync(instrument!, parsedPeriod.ToString(), dimensions, programme, disclosure.MinimumOrganisations, cancellationToken);
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
