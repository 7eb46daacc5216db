namespace Leercultuur.Contracts;

/// <summary>
/// An organisation's score on one dimension: the mean over its respondents on the instrument's own
/// scale (after reverse scoring) and the same value mapped to 0–100.
/// </summary>
public sealed record DimensionScore
{
    public required string Dimension { get; init; }
    public required double Mean { get; init; }
    public required double Score { get; init; }
    public required double ScaleMin { get; init; }
    public required double ScaleMax { get; init; }
}
