using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// 406 Not Acceptable, as problem details, when the Accept header names nothing the operation can send:
/// JSON (and problem+json for errors) unless the operation declares more.
/// </summary>
public sealed class AcceptableMiddleware(RequestDelegate next)
{
    private static readonly string[] Always = ["application/json", "application/problem+json"];

    public async Task InvokeAsync(HttpContext context)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        var endpoint = context.GetEndpoint();
        if (accept is not { Count: > 0 } || endpoint is null || context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        var offered = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().SelectMany(m => m.ContentTypes)
            .Concat(endpoint.Metadata.OfType<OpenApi.AlternateRepresentationMetadata>().Select(m => m.ContentType))
            .Concat(Always).Distinct().ToList();
        var acceptable = accept.Any(range => range.Quality != 0 && offered.Any(type => MediaTypeHeaderValue.Parse(type).IsSubsetOf(range)));
        if (acceptable)
        {
            await next(context);
            return;
        }

        await ProblemWriter.WriteAsync(
            context,
            StatusCodes.Status406NotAcceptable,
            "Not acceptable",
            $"This operation answers {string.Join(" or ", offered)}; the Accept header allows none of these.");
    }
}
