using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>Problem results for the domain refusals every API uses, so titles stay consistent.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <param name="existing">The existing resource's path, when the caller may see it.</param>
    public static ProblemHttpResult Conflict(string detail, string? existing = null) =>
        TypedResults.Problem(
            detail,
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict",
            extensions: existing is null ? null : new Dictionary<string, object?> { ["existing"] = existing });

    public static ProblemHttpResult Unprocessable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable request");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");

    public static ProblemHttpResult PreconditionRequired(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status428PreconditionRequired, title: "Precondition required");
}
