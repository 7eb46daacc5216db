using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Reporting.Replays;

/// <summary>Where a fresh reporting database asks for the completed scans again (the <c>replay</c> command).</summary>
public sealed class ReplayOptions : IValidatableObject
{
    public const string Section = "Reporting:Replay";

    /// <summary>The scan service's base address (http or https, ending in '/'). Left out, <c>replay</c> refuses with a message.</summary>
    public Uri? ScansBaseAddress { get; set; }

    /// <summary>
    /// An admin token for the scan service, from a secret store or the environment
    /// (<c>Reporting__Replay__Token</c>). Left out, a development token is issued where development signing is on.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Completed scans per page, as the scan service takes them (1 to 5000).</summary>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>How long one page may take (the scan service queues it in its outbox, it does not wait for delivery).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Ending in '/', or the last segment of a base path would be replaced by scans/v1/replays.
        if (ScansBaseAddress is { } address && (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https") || !address.AbsolutePath.EndsWith('/')))
        {
            yield return new ValidationResult($"{Section}:ScansBaseAddress is an absolute http or https address ending in '/'.", [nameof(ScansBaseAddress)]);
        }
    }
}
