using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Turns exceptions into RFC 9457 problem details. What a client sent wrong (unreadable JSON, a wrong
/// type, a body too large) becomes a 4xx that says where; anything else a 500 that reveals nothing.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string title;
        string detail;
        switch (exception)
        {
            case BadHttpRequestException badRequest:
                status = badRequest.StatusCode;
                title = status == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request";
                detail = DescribeBadRequest(badRequest);
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody reads an answer.
                return true;
            default:
                logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                status = StatusCodes.Status500InternalServerError;
                title = "Internal server error";
                detail = "The server could not complete the request. The trace id identifies it for the operators.";
                break;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    // Only the JSON path is named: the value sent may be personal data and is never echoed or logged.
    private static string DescribeBadRequest(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException { Path: { Length: > 0 } path } => $"The request body is not valid JSON for this operation: the value at '{path}' is missing, unknown or of the wrong type.",
        JsonException => "The request body is not valid JSON.",
        _ => exception.Message,
    };
}
