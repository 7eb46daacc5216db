using Leercultuur.ServiceDefaults.OpenApi;

namespace Leercultuur.Reporting.Metadata;

/// <summary>An instrument reporting holds figures of: per version, its dimensions.</summary>
public sealed record HeldInstrument(string Key, IReadOnlyList<HeldVersion> Versions);

public sealed record HeldVersion(int Version, IReadOnlyList<string> Dimensions);

/// <summary>
/// A period reporting holds figures of. <c>provisional</c> until the period is over: figures may still change
/// as scans of it complete.
/// </summary>
public sealed record HeldPeriod(
    string Period,
    [property: AllowedList(typeof(HeldPeriod), nameof(HeldPeriod.Granularities))] string Granularity,
    DateOnly Start,
    DateOnly End,
    bool Provisional)
{
    public static IReadOnlyList<string> Granularities { get; } = ["quarter", "year"];
}
