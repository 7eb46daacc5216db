namespace Leercultuur.Contracts;

/// <summary>An SBI code with the SBI version it belongs to and the section derived from it.</summary>
public sealed record SectorClassification
{
    public int SbiVersion { get; init; }

    public string SbiCode { get; init; } = "";

    public string Section { get; init; } = "";
}
