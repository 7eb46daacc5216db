using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.ServiceDefaults.Http;

public enum OutcomeKind
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    Unprocessable,

    /// <summary>The resource changed since the version the client named (412).</summary>
    PreconditionFailed,

    /// <summary>A write that must name the version it changes did not (428).</summary>
    PreconditionRequired,
}

/// <summary>
/// What an application service did, without HTTP in it: the value, or why it refused. Endpoints map
/// refusals to problem details with <see cref="ToProblem"/> and <see cref="ToValidationProblem"/>.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, string Message, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    /// <summary>For a conflict with an existing resource the caller may see: where it is.</summary>
    public string? Existing { get; init; }

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, "");

    public static Outcome<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Every field error at once, so a client can fix them all in one go.</summary>
    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, "The request is not valid", errors);

    public static Outcome<T> NotFound(string message) => new(OutcomeKind.NotFound, default, message);

    public static Outcome<T> Forbidden(string message) => new(OutcomeKind.Forbidden, default, message);

    public static Outcome<T> Conflict(string message, string? existing = null) => new(OutcomeKind.Conflict, default, message) { Existing = existing };

    public static Outcome<T> Unprocessable(string message) => new(OutcomeKind.Unprocessable, default, message);

    public static Outcome<T> PreconditionFailed(string message) => new(OutcomeKind.PreconditionFailed, default, message);

    /// <summary>The same refusal for another kind of value.</summary>
    public Outcome<TOther> As<TOther>() => Kind == OutcomeKind.Ok
        ? throw new InvalidOperationException("An outcome that succeeded has a value of its own type.")
        : new Outcome<TOther>(Kind, default, Message, Errors) { Existing = Existing };

    public ValidationProblem ToValidationProblem() =>
        TypedResults.ValidationProblem(Errors ?? new Dictionary<string, string[]>(), title: "The request is not valid");

    public ProblemHttpResult ToProblem() => Kind switch
    {
        OutcomeKind.NotFound => Problems.NotFound(Message),
        OutcomeKind.Forbidden => Problems.Forbidden(Message),
        OutcomeKind.Conflict => Problems.Conflict(Message, Existing),
        OutcomeKind.Unprocessable => Problems.Unprocessable(Message),
        OutcomeKind.PreconditionFailed => Problems.PreconditionFailed(Message),
        OutcomeKind.PreconditionRequired => Problems.PreconditionRequired(Message),
        _ => throw new InvalidOperationException($"An outcome of kind {Kind} is no problem."),
    };
}
