using Microsoft.AspNetCore.Http;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// HEAD answers as GET does, headers and all, without a body: every server this runs behind, not only
/// Kestrel (which drops the body by itself), so the answer is the same in-process and in tests.
/// </summary>
public sealed class HeadRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
    }
}
