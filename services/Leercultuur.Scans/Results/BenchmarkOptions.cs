using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Scans.Results;

/// <summary>Where the reporting service answers benchmarks, and how long a result waits for one.</summary>
public sealed class BenchmarkOptions : IValidatableObject
{
    public const string Section = "Scans:Benchmarks";

    /// <summary>The reporting service's base address (http or https). Left out: the host's own address when <see cref="SameHost"/>, else no benchmarks.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Reporting runs in this very host (the standalone host): ask its own address.</summary>
    public bool SameHost { get; set; }

    /// <summary>How long one attempt may take before it is given up (then retried once or twice).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the benchmark may hold up a result in all: after it, the result says "unavailable".</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseAddress is { } address && (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{Section}:BaseAddress is an absolute http or https address.", [nameof(BaseAddress)]);
        }

        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult($"{Section}:TotalTimeout is at least {Section}:AttemptTimeout.", [nameof(TotalTimeout)]);
        }
    }
}
