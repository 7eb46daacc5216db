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
            .WithSummary("Start a scan of an organisation with an instrument for a period; returns the respondent token once.")
            .WithValidation<StartScanRequest>()
            .WithIdempotency<ScansModule>()
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapMethods("{id}", ["GET", "HEAD"], Get)
            .WithName("GetScan")
            .WithSummary("A scan with its status, respondent count and, once completed, its scores.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("{id}/responses", Respond)
            .WithName("SubmitResponse")
            .WithSummary("One anonymous respondent's answers, with the scan's respondent token.")
            .AllowAnonymous()
            .AddEndpointFilter(LimitPerRespondentToken)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithValidation<SubmitResponseRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("{id}/completion", Complete)
            .WithName("CompleteScan")
            .WithSummary("Close the scan, score it and publish ScanCompleted.")
            .WithIdempotency<ScansModule>()
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("{id}/withdrawal", Withdraw)
            .WithName("WithdrawScan")
            .WithSummary("Withdraw the scan: it takes no more answers and, once completed, no longer counts anywhere (publishes ScanWithdrawn). Withdrawing again answers the same.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    // Respondents have no account: their token is what a limit can count.
    private static async ValueTask<object?> LimitPerRespondentToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<SubmitResponseRequest>().FirstOrDefault()?.RespondentToken is { Length: > 0 } token &&
            await context.HttpContext.RequestServices.GetRequiredService<RespondentRateLimiter>().TryAcquireAsync(context.HttpContext, token) is { } rejected)
        {
            return rejected;
        }

        return await next(context);
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

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Respond(
        Guid id, SubmitResponseRequest request, ScanService service, CancellationToken cancellationToken)
    {
        var outcome = await service.SubmitAsync(id, request, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.NoContent(),
            OutcomeKind.Invalid => outcome.ToValidationProblem(),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<ScanResponse>, ProblemHttpResult>> Withdraw(Guid id, ScanService service, Caller caller, CancellationToken cancellationToken)
    {
        var outcome = await service.WithdrawAsync(id, caller, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<ScanResponse>, ProblemHttpResult>> Complete(Guid id, ScanService service, Caller caller, CancellationToken cancellationToken)
    {
        var outcome = await service.CompleteAsync(id, caller, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }
}
