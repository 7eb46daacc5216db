using System.Text.Json;
using System.Text.RegularExpressions;
using Leercultuur.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Turns exceptions into RFC 9457 problem details. What a client sent wrong (unreadable JSON, a wrong
/// type, a missing body, a body too large) becomes a 4xx in our own words that says where; a passing
/// database fault a 503 with <c>Retry-After</c>; anything else a 500 that reveals nothing.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait after a 503: about how long a database restart takes.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string title;
        string detail;
        Dictionary<string, string[]>? errors = null;
        switch (exception)
        {
            case BadHttpRequestException badRequest:
                status = badRequest.StatusCode;
                title = status == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "The request is not valid";
                string? field = null;
                detail = status == StatusCodes.Status413PayloadTooLarge
                    ? $"The request body may be at most {HttpDefaults.MaxRequestBodyBytes} bytes."
                    : DescribeBadRequest(badRequest, out field);
                if (field is not null)
                {
                    errors = new Dictionary<string, string[]> { [field] = [detail] };
                }

                break;
            case ArgumentException when IsDuplicateJsonMember(exception):
                // A JSON object body read as JsonObject: a member named twice trips its dictionary.
                status = StatusCodes.Status400BadRequest;
                title = "The request is not valid";
                detail = "The request body names a member twice.";
                errors = new Dictionary<string, string[]> { ["body"] = [detail] };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody reads an answer.
                return true;
            case { } when TransientFaults.IsTransient(exception):
                // The database is down or restarting: the request most likely did not take effect, and the same
                // request can succeed shortly. (A connection lost during a commit leaves it open whether it did;
                // a repeated request then answers 409, which is why every write is safe to repeat.)
                logger.LogWarning("The database is unavailable for {Method} {Path}: {Exception}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
                status = StatusCodes.Status503ServiceUnavailable;
                title = "Service unavailable";
                detail = $"The service cannot reach its database right now. Try the same request again in {RetryAfterSeconds} seconds.";
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case System.Data.Common.DbException database:
                // A database's message can quote the value it refused ("Truncated value: '…'"): personal data.
                // The type, the engine's code and where it happened are what operators need.
                logger.LogError(
                    "Unhandled {Type} (SQL state {SqlState}, code {Code}) on {Method} {Path} at {StackTrace}",
                    database.GetType().FullName,
                    database.SqlState,
                    database.ErrorCode,
                    httpContext.Request.Method,
                    httpContext.Request.Path,
                    database.StackTrace);
                status = StatusCodes.Status500InternalServerError;
                title = "Internal server error";
                detail = "The server could not complete the request. The trace id identifies it for the operators.";
                break;
            default:
                logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                status = StatusCodes.Status500InternalServerError;
                title = "Internal server error";
                detail = "The server could not complete the request. The trace id identifies it for the operators.";
                break;
        }

        await ProblemWriter.WriteAsync(httpContext, status, title, detail, errors);
        return true;
    }

    private static bool IsDuplicateJsonMember(Exception exception) =>
        exception.StackTrace?.Contains("System.Text.Json.Serialization.Converters.JsonObjectConverter", StringComparison.Ordinal) == true;

    // Our own words, never the framework's, and never the value sent: it may be personal data. Only the
    // JSON path or the parameter's name is repeated.
    private static string DescribeBadRequest(BadHttpRequestException exception, out string? field)
    {
        field = null;
        if (exception.InnerException is JsonException json)
        {
            return json.Path is { Length: > 0 } path
                ? $"The request body is not valid JSON for this operation: the value at '{path}' is missing, unknown or of the wrong type."
                : "The request body is not valid JSON.";
        }

        var message = exception.Message;
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) ||
            (message.StartsWith("Required parameter", StringComparison.Ordinal) && message.EndsWith("from body.", StringComparison.Ordinal)))
        {
            return "A JSON request body is required.";
        }

        if (ParameterName().Match(message) is { Success: true } parameter)
        {
            field = parameter.Groups["name"].Value;
            return message.StartsWith("Required parameter", StringComparison.Ordinal)
                ? $"The parameter '{parameter.Groups["name"].Value}' is required."
                : $"The parameter '{parameter.Groups["name"].Value}' does not have the expected format.";
        }

        return "The request could not be read.";
    }

    // The framework writes 'Failed to bind parameter "int page" from "abc".' and
    // 'Required parameter "string q" was not provided from query string.': the name is the last word in the first quotes.
    [GeneratedRegex(@"parameter ""(?:[^"" ]+ )*(?<name>[A-Za-z_][A-Za-z_0-9]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
