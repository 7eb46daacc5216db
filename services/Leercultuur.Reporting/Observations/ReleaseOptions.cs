using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Reporting.Observations;

/// <summary>The <c>Reporting:Releases</c> section: when periods are released. Validated at start-up.</summary>
public sealed class ReleaseOptions
{
    public const string Section = "Reporting:Releases";

    /// <summary>How often the release job looks for periods with changed facts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "must be from 100 milliseconds to a day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a period ends its first release waits, for the scans that complete just after it.
    /// Until then the period is provisional: no figures at all.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00", ErrorMessage = "must be from 0 to 90 days.")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromDays(14);
}
