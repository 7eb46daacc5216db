using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Refuses a body larger than <see cref="HttpDefaults.MaxRequestBodyBytes"/> with 413 before anything
/// reads it. Kestrel enforces the same limit on chunked bodies; this also covers servers that do not.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > HttpDefaults.MaxRequestBodyBytes)
        {
            await ProblemWriter.WriteAsync(
                context,
                StatusCodes.Status413PayloadTooLarge,
                "Request body too large",
                $"The request body may be at most {HttpDefaults.MaxRequestBodyBytes} bytes.");
            return;
        }

        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = HttpDefaults.MaxRequestBodyBytes;
        }

        await next(context);
    }
}
