using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Reporting.Observations;

/// <summary>The <c>Reporting:Answers</c> section: how the query API keeps finished answers. Validated at start-up.</summary>
public sealed class AnswerCacheOptions
{
    public const string Section = "Reporting:Answers";

    /// <summary>
    /// How long this replica trusts the state of an instrument's releases it read last (its own releases
    /// forget it at once). Another replica's release shows within this time; answers may be kept by
    /// clients for 60 seconds anyway (Cache-Control). Zero reads the state for every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "must be from 0 to 60 seconds.")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromSeconds(1);
}
