using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Scans.Scanning;

/// <summary>One anonymous respondent's answers: no name, no e-mail, nothing that identifies the person.</summary>
public sealed record SubmitResponseRequest : IValidatable
{
    public const int MaxAnswers = 200;
    public const int MaxTokenLength = 200;

    /// <summary>The respondent token handed out when the scan started.</summary>
    [Required, StringLength(MaxTokenLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern), Description("The respondent token handed out when the scan started.")]
    public string? RespondentToken { get; init; }

    /// <summary>Item id → answer on the instrument's scale.</summary>
    [Required, MaxProperties(MaxAnswers), Description("Item id to answer on the instrument's scale; every item must be answered, at most 200 entries.")]
    public Dictionary<string, int>? Answers { get; init; }

    public void Validate(ValidationErrors errors)
    {
        errors.Require(TextRules.HasText(RespondentToken, MaxTokenLength), "respondentToken", $"The respondent token is required (at most {MaxTokenLength} characters).");
        if (errors.Require(Answers is { Count: > 0 }, "answers", "Answers are required: an object of item id to value."))
        {
            errors.Require(Answers!.Count <= MaxAnswers, "answers", $"At most {MaxAnswers} answers.");
        }
    }
}
