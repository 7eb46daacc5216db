using Leercultuur.Data;

namespace Leercultuur.Reporting.Metadata;

public sealed class MetadataStatements : ISqlStatements
{
    // What the national cells hold: only cells with organisations in them, never a count or a value.
    public string Instruments { get; } =
        "SELECT DISTINCT instrument_key AS InstrumentKey, instrument_version AS InstrumentVersion, dimension AS Dimension FROM aggregate_cells WHERE organisations > 0 ORDER BY instrument_key, instrument_version, dimension";

    public string Periods { get; } =
        "SELECT DISTINCT period FROM aggregate_cells WHERE organisations > 0 ORDER BY period";
}

public sealed class HeldDimension
{
    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Dimension { get; init; } = "";
}
