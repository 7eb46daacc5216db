using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Scanning;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Leercultuur.Scans.Results;

public static partial class ResultsApi
{
    /// <summary>The header the result token travels in: never in a URL.</summary>
    public const string TokenHeader = "Result-Token";

    public static IEndpointRouteBuilder MapResults(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        endpoints.MapApiGroup(api, "scans", "Results")
            .MapMethods("{id}/result", ["GET", "HEAD"], Get)
            .WithName("GetScanResult")
            .WithSummary("A completed scan's result: per dimension and role the mean, 0–100 score, respondents and quartiles; gaps largest first; the zone; the organisation's teams of the period; the sector benchmark (or why there is none). As JSON, or with Accept: text/html a printable summary.")
            .AllowAnonymous()
            .WithOptionalToken(Capabilities.ScansManage, "reading without the scan's result token")
            .WithAlternateRepresentation("text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        endpoints.MapApiGroup(api, "scans", "Results")
            .MapPost("{id}/result-token", Renew)
            .WithName("RenewResultToken")
            .WithSummary("A new result token for a completed scan, shown this once; the previous one stops working. For a token lost, or never seen because the deadline completed the scan.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Results<Ok<ResultTokenResponse>, ProblemHttpResult>> Renew(
        Guid id, ScanService scanService, ScanRepository scans, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        if (await scanService.FindAsync(id, caller, cancellationToken) is not { } scan)
        {
            return Problems.NotFound($"No scan with id {id}.");
        }

        var token = RespondentToken.New();
        if (!await scans.RenewResultTokenAsync(id, RespondentToken.Hash(token), cancellationToken))
        {
            return Problems.Conflict($"The scan is {scan.Status}: a result token exists only for a completed scan.");
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ResultTokenResponse(id, token));
    }

    private static async Task<Results<Ok<ScanResultResponse>, ContentHttpResult, ValidationProblem, ProblemHttpResult, ChallengeHttpResult, ForbidHttpResult>> Get(
        Guid id,
        [FromHeader(Name = TokenHeader), RegularExpression(Respondents.RespondentsApi.TokenPattern), Description("The result token handed out at completion; without it, a token of the scan's programme or an admin.")] string? resultToken,
        ScanService scanService,
        ScanRepository scans,
        ResultService results,
        IAuthorizationService authorization,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        ScanRow? scan;
        if (resultToken is not null)
        {
            if (!TokenShape().IsMatch(resultToken))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [TokenHeader] = ["The Result-Token header carries the 43-character token from the completion."] },
                    title: "The request is not valid");
            }

            scan = await scans.FindAsync(id, cancellationToken);
            if (scan is null)
            {
                return Problems.NotFound($"No scan with id {id}.");
            }

            if (!ResultService.TokenMatches(scan, resultToken))
            {
                return Problems.Forbidden("This result token does not belong to this scan.");
            }
        }
        else
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                return TypedResults.Challenge();
            }

            if (!(await authorization.AuthorizeAsync(context.User, Capabilities.ScansManage)).Succeeded)
            {
                return TypedResults.Forbid();
            }

            scan = await scanService.FindAsync(id, caller, cancellationToken);
            if (scan is null)
            {
                return Problems.NotFound($"No scan with id {id}.");
            }
        }

        var outcome = await results.ResultAsync(scan, Languages.Choose(context), cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.ToProblem();
        }

        // The organisation's own result: no shared cache keeps it.
        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers.Append(HeaderNames.Vary, "Accept");
        return WantsHtml(context)
            ? TypedResults.Content(ResultSummary.Html(outcome.Value!), "text/html; charset=utf-8")
            : TypedResults.Ok(outcome.Value!);
    }

    // HTML only when asked for and preferred to JSON: a client that accepts both gets JSON.
    private static bool WantsHtml(HttpContext context)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        double Quality(string type) => accept
            .Where(a => a.Quality != 0 && new Microsoft.Net.Http.Headers.MediaTypeHeaderValue(type).IsSubsetOf(a) && !a.MatchesAllTypes)
            .Select(a => a.Quality ?? 1)
            .DefaultIfEmpty(0)
            .Max();
        var html = Quality("text/html");
        return html > 0 && html > Quality("application/json");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9_-]{43}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TokenShape();
}
