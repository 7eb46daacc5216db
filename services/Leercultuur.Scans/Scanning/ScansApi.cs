using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Idempotency;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.Scans.Scanning;

public static class ScansApi
{
    public static IEndpointRouteBuilder MapScans(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "scans", "Scans")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("", Start)
            .WithName("StartScan")
            .WithSummary("Start a scan of an organisation with an instrument for a period (and, for team-level instruments, a team). Respondents are invited with POST /scans/{id}/invitations.")
            .WithValidation<StartScanRequest>()
            .WithIdempotency<ScansModule>()
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapMethods("{id}", ["GET", "HEAD"], Get)
            .WithName("GetScan")
            .WithSummary("A scan with its status, respondent count and, once completed, its scores.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("{id}/completion", Complete)
            .WithName("CompleteScan")
            .WithSummary("Close the scan, score it and publish ScanCompleted. Every role needs its minimum of respondents (422 says which lack how many). The answer carries the result token, once: it is stored hashed.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("{id}/withdrawal", Withdraw)
            .WithName("WithdrawScan")
            .WithSummary("Withdraw the scan: it takes no more answers and, once completed, no longer counts anywhere (publishes ScanWithdrawn). Withdrawing again answers the same.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Created<ScanResponse>, ValidationProblem, ProblemHttpResult>> Start(
        StartScanRequest request, ScanService service, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await service.StartAsync(request, caller, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Created($"{context.Request.PathBase}{context.Request.Path}/{outcome.Value!.Id}", outcome.Value),
            OutcomeKind.Invalid => outcome.ToValidationProblem(),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<ScanResponse>, ProblemHttpResult>> Get(Guid id, ScanService service, Caller caller, CancellationToken cancellationToken) =>
        await service.FindAsync(id, caller, cancellationToken) is { } scan
            ? TypedResults.Ok(scan.ToResponse())
            : Problems.NotFound($"No scan with id {id}.");

    private static async Task<Results<Ok<ScanResponse>, ProblemHttpResult>> Withdraw(Guid id, ScanService service, Caller caller, CancellationToken cancellationToken)
    {
        var outcome = await service.WithdrawAsync(id, caller, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<ScanResponse>, ProblemHttpResult>> Complete(Guid id, ScanService service, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await service.CompleteAsync(id, caller, cancellationToken);
        if (outcome.IsOk)
        {
            // It carries the result token: no cache keeps it.
            context.Response.Headers.CacheControl = "no-store";
        }

        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }
}
