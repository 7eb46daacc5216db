namespace Leercultuur.Contracts;

/// <summary>An SBI code with the SBI version it belongs to and the section derived from it.</summary>
public sealed record SectorClassification
{
    public required int SbiVersion { get; init; }
    public required string SbiCode { get; init; }
    public required string Section { get; init; }
}
