using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Writes a problem (RFC 9457) from middleware, whatever the request's Accept header says: the
/// framework's writer declines a client that does not accept JSON, and an error must still be one.
/// </summary>
public static class ProblemWriter
{
    /// <param name="errors">Per field, what is wrong with it: makes the answer a validation problem, as the handlers' own 400s are.</param>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        if (await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            return;
        }

        problem.Type = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}.{Section(status)}";
        problem.Instance = context.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, problem.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web), context.RequestAborted);
    }

    // The RFC 9110 section of a status, as the framework's own problem types name it.
    private static int Section(int status) => status switch
    {
        400 => 1, 401 => 2, 403 => 4, 404 => 5, 405 => 6, 406 => 7, 409 => 10, 412 => 13, 413 => 14, 415 => 16, 422 => 21, 428 => 1, 429 => 1,
        500 => 1, 503 => 4,
        _ => 1,
    };
}
