using Microsoft.AspNetCore.Http;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Adds <c>API-Version</c> (NL API Design Rules) to every response, errors and health probes included:
/// the version of the API the path belongs to, else of the host's first API.
/// </summary>
public sealed class ApiVersionHeaderMiddleware(RequestDelegate next, ApiCatalog catalog)
{
    public const string HeaderName = "API-Version";

    public Task InvokeAsync(HttpContext context)
    {
        var api = catalog.ForPath(context.Request.Path) ?? catalog.Apis[0];
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = api.Version;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
