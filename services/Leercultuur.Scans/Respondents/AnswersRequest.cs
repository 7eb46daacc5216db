using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Scans.Respondents;

/// <summary>
/// A respondent's answers: <c>answers</c> (item → value) for single-rated instruments, <c>ratings</c>
/// (item → now and wanted) for current-desired ones. Nothing that identifies the person.
/// </summary>
public sealed record AnswersRequest : IValidatable
{
    public const int MaxItems = 200;

    [MaxProperties(MaxItems), Description("Item id to a whole number on the instrument's scale, for instruments rated in single mode; at most 200 entries.")]
    public Dictionary<string, int>? Answers { get; init; }

    [MaxProperties(MaxItems), Description("Item id to how it is now and how the respondent wants it, for instruments rated in current-desired mode; at most 200 entries.")]
    public Dictionary<string, RatingInput>? Ratings { get; init; }

    public void Validate(ValidationErrors errors)
    {
        errors.Require((Answers?.Count ?? 0) <= MaxItems, "answers", $"At most {MaxItems} answers.");
        errors.Require((Ratings?.Count ?? 0) <= MaxItems, "ratings", $"At most {MaxItems} ratings.");
        errors.Require(Answers is null || Ratings is null, "ratings", "Give 'answers' or 'ratings', as the instrument's rating mode says, not both.");
    }

    public RespondentAnswers ToAnswers() => new()
    {
        Answers = Answers is { Count: > 0 } ? new Dictionary<string, int>(Answers, StringComparer.Ordinal) : null,
        Ratings = Ratings is { Count: > 0 } ? Ratings.ToDictionary(r => r.Key, r => new Rating(r.Value?.Now, r.Value?.Wanted), StringComparer.Ordinal) : null,
    };
}

/// <summary>A current-desired answer: both on the instrument's scale.</summary>
public sealed record RatingInput
{
    [Required, Description("How it is now, on the instrument's scale.")]
    public int? Now { get; init; }

    [Required, Description("How the respondent wants it, on the instrument's scale.")]
    public int? Wanted { get; init; }
}
