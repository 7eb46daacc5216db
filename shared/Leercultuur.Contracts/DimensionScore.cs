namespace Leercultuur.Contracts;

/// <summary>
/// An organisation's score on one dimension: the mean over its respondents on the instrument's own
/// scale (after reverse scoring) and the same value mapped to 0–100.
/// </summary>
public sealed record DimensionScore
{
    public string Dimension { get; init; } = "";

    public double Mean { get; init; }

    public double Score { get; init; }

    public double ScaleMin { get; init; }

    public double ScaleMax { get; init; }
}
