using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.Scans.Replays;

public static class ReplaysApi
{
    public static IEndpointRouteBuilder MapReplays(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        endpoints.MapApiGroup(api, "replays", "Replays")
            .MapPost("", Replay)
            .WithName("ReplayCompletedScans")
            .WithSummary("Publish completed scans again as ScanCompletedV2, a page at a time (after the previous page's next cursor), so a fresh reporting database fills. Repeating a page changes nothing in reporting.")
            .WithValidation<ReplayRequest>()
            .RequireAuthorization(Capabilities.Operate)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Ok<ReplayResponse>> Replay(ReplayRequest request, ReplayService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ReplayAsync(request, cancellationToken));
}
