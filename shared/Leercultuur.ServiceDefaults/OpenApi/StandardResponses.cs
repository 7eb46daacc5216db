using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// The answers every operation can give whatever it does, added to its metadata once its own
/// conventions have run, so the OpenAPI document lists every status the server can send:
/// 400 for anything with parameters or a body, 401 and 403 where a token is needed, 406, 413 and 415
/// for a body, 429, 500 and 503 everywhere.
/// </summary>
public static class StandardResponses
{
    private const string Problem = "application/problem+json";

    public static void Apply(EndpointBuilder endpoint)
    {
        var metadata = endpoint.Metadata;
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        void Add(int status, Type type)
        {
            if (declared.Add(status))
            {
                metadata.Add(new ProducesResponseTypeMetadata(status, type, [Problem]));
            }
        }

        var acceptsBody = metadata.OfType<IAcceptsMetadata>().Any();
        var hasParameters = endpoint is RouteEndpointBuilder route &&
                            (route.RoutePattern.Parameters.Count > 0 || HasQueryParameters(endpoint));
        if (acceptsBody || hasParameters)
        {
            Add(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
        }

        if (acceptsBody)
        {
            Add(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails));
            Add(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
        }

        if (RequiresToken(metadata))
        {
            Add(StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
            Add(StatusCodes.Status403Forbidden, typeof(ProblemDetails));
        }

        Add(StatusCodes.Status406NotAcceptable, typeof(ProblemDetails));
        Add(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails));

        // Never for anything a client sends (that is a bug), but a fault on our side is answered, as a problem
        // that names nothing inside, and a client generated from the document must know its shape.
        Add(StatusCodes.Status500InternalServerError, typeof(ProblemDetails));
        Add(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails));
    }

    /// <summary>Whether the endpoint needs a bearer token: an authorization requirement and no exemption.</summary>
    public static bool RequiresToken(IEnumerable<object> metadata) =>
        !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();

    /// <summary>The capability policies an endpoint requires.</summary>
    public static IReadOnlyList<string> Capabilities(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();

    private static bool HasQueryParameters(EndpointBuilder endpoint) =>
        endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault() is { } method &&
        method.GetParameters().Any(p => p.GetCustomAttributes(typeof(FromQueryAttribute), false).Length > 0);
}
