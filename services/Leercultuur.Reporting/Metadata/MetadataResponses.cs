using Leercultuur.ServiceDefaults.OpenApi;

namespace Leercultuur.Reporting.Metadata;

/// <summary>An instrument reporting holds figures of: per version, its dimensions.</summary>
public sealed record HeldInstrument(string Key, IReadOnlyList<HeldVersion> Versions);

public sealed record HeldVersion(int Version, IReadOnlyList<string> Dimensions);

/// <summary>
/// A period reporting has figures of. <c>provisional</c> until its first release (the period is over plus
/// the grace): until then it has no figures.
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
