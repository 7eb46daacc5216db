using Leercultuur.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Leercultuur.ServiceDefaults.Http;

public static class ApiGroups
{
    /// <summary>
    /// The route group of one feature of an API, with what every operation of every API shares, in one
    /// place: the OpenAPI document it belongs to, its tag, and the answers any operation can give
    /// (<see cref="OpenApi.StandardResponses"/>).
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, ApiDescriptor api, string path, string tag)
    {
        var group = endpoints.MapGroup($"{api.BasePath}/{path}")
            .WithGroupName(api.Name)
            .WithTags(tag);

        // After every endpoint's own conventions, so it sees their metadata (authorization, a body).
        ((IEndpointConventionBuilder)group).Finally(OpenApi.StandardResponses.Apply);
        return group;
    }
}
