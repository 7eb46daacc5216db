namespace Leercultuur.Reporting.Indicators;

/// <summary>A summed cell before disclosure control: never leaves the service as it is.</summary>
public sealed class RawCell
{
    public int InstrumentVersion { get; init; }

    public string Dimension { get; init; } = "";

    public int? SbiVersion { get; init; }

    public string? SectorSection { get; init; }

    public string? SizeClass { get; init; }

    public string? Province { get; init; }

    public long Organisations { get; init; }

    /// <summary>What identifies the cell within its table: equal for a national cell and a programme's same cell.</summary>
    public (int, string, int?, string?, string?, string?) Key => (InstrumentVersion, Dimension, SbiVersion, SectorSection, SizeClass, Province);

    public long Respondents { get; init; }

    public double SumOfMeans { get; init; }

    public double SumOfSquares { get; init; }
}
