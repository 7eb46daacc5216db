namespace Leercultuur.ServiceDefaults.Idempotency;

/// <summary>The <c>Http:Idempotency</c> section.</summary>
public sealed class IdempotencyOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string Section = "Http:Idempotency";

    /// <summary>How long a key's first answer is given again; after that the key is forgotten (cleaned in batches).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Retention < TimeSpan.FromMinutes(1) || Retention > TimeSpan.FromDays(30))
        {
            yield return new("must be from one minute to 30 days.", [nameof(Retention)]);
        }
    }
}
