namespace Leercultuur.Contracts;

/// <summary>
/// A completed scan was withdrawn (version 1): it no longer counts anywhere. Carries the key of the fact
/// it made and its completion instant, so a consumer can tell it from an earlier or later scan of the
/// same organisation, instrument and period whatever order the events arrive in.
/// </summary>
public sealed record ScanWithdrawn
{
    public Guid ScanId { get; init; }

    public Guid OrganisationId { get; init; }

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    /// <summary>The team label of a team-level scan (null when none), as its ScanCompletedV2 carried it. Added later: optional.</summary>
    public string? Team { get; init; }

    /// <summary>When the scan had been completed (the instant its ScanCompleted carries).</summary>
    public DateTimeOffset CompletedAt { get; init; }

    public DateTimeOffset WithdrawnAt { get; init; }
}
