using Leercultuur.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Leercultuur.ServiceDefaults.Http;

public static class ApiGroups
{
    /// <summary>
    /// The route group of one feature of an API, with what every operation of every API shares, in one
    /// place: the OpenAPI document it belongs to, its tag, and the 503 any operation answers while its
    /// database is out of reach.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, ApiDescriptor api, string path, string tag) =>
        endpoints.MapGroup($"{api.BasePath}/{path}")
            .WithGroupName(api.Name)
            .WithTags(tag)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
