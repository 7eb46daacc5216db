using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Scans.Respondents;

/// <summary>A batch of single-use respondent tokens for one role.</summary>
public sealed partial record InvitationRequest : IValidatable
{
    public const string RoleKeyPattern = "^[a-z][a-z0-9-]{0,99}$";
    public const int MaxCount = 1000;

    [Required, RegularExpression(RoleKeyPattern), Description("The role the tokens answer as, for example employee (the instrument's roles).")]
    public string? Role { get; init; }

    [Required, Range(1, MaxCount), Description("How many tokens: 1 to 1000, and together with those issued before at most the role's maxRespondents.")]
    public int? Count { get; init; }

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Role is not null && RoleKey().IsMatch(Role), "role", "A role is required: lowercase letters, digits and hyphens, at most 100 (the instrument's roles).");
        errors.Require(Count is >= 1 and <= MaxCount, "count", $"A count is a whole number from 1 to {MaxCount}.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z][a-z0-9-]{0,99}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RoleKey();
}
