using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Scans.Replays;

/// <summary>One page of a replay: the completed scans after a cursor.</summary>
public sealed record ReplayRequest : IValidatable
{
    public const int MaxLimit = 5000;
    public const int DefaultLimit = 1000;

    [Description("The next cursor of the previous page; left out, the replay starts at the first completed scan.")]
    public Guid? After { get; init; }

    [Range(1, MaxLimit), Description("How many completed scans this page publishes again: 1 to 5000, 1000 when left out.")]
    public int? Limit { get; init; }

    public void Validate(ValidationErrors errors) =>
        errors.Require(Limit is null or >= 1 and <= MaxLimit, "limit", $"A limit is a whole number from 1 to {MaxLimit}.");
}

/// <summary>How many were published again, and where the next page starts (null: the replay is complete).</summary>
public sealed record ReplayResponse(int Published, Guid? Next);
