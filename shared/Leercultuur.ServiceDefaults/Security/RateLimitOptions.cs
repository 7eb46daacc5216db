using System.ComponentModel.DataAnnotations;

namespace Leercultuur.ServiceDefaults.Security;

/// <summary>The <c>Http:RateLimits</c> section: fixed windows per token subject, per client address and per respondent token.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Http:RateLimits";

    /// <summary>Per token subject (an integration, an analyst).</summary>
    public RateLimit PerCaller { get; set; } = new() { PermitLimit = 1200 };

    /// <summary>Per client address, for requests without a token (open data, respondents' questionnaires).</summary>
    public RateLimit Anonymous { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Per respondent token: a person answers a few times at most.</summary>
    public RateLimit PerRespondentToken { get; set; } = new() { PermitLimit = 30 };
}

public sealed class RateLimit : IValidatableObject
{
    [Range(1, 1_000_000, ErrorMessage = "must be from 1 to 1000000.")]
    public int PermitLimit { get; set; } = 100;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("must be from one second to one hour.", [nameof(Window)]);
        }
    }
}
