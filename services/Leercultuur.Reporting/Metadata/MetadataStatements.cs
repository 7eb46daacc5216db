using Leercultuur.Data;

namespace Leercultuur.Reporting.Metadata;

public sealed class MetadataStatements : ISqlStatements
{
    private const string NationalTotal =
        "role = '_T' AND programme = '_T' AND sector_view = 0 AND sector = '_T' AND size_class = '_T' AND province = '_T'";

    // What is released (every released version, period and dimension has a national total row), never a count or a value.
    public string Instruments { get; } =
        $"SELECT DISTINCT instrument_key AS InstrumentKey, instrument_version AS InstrumentVersion, dimension AS Dimension FROM observations WHERE {NationalTotal} ORDER BY instrument_key, instrument_version, dimension";

    public string ReleasedPeriods { get; } =
        $"SELECT DISTINCT period FROM observations WHERE {NationalTotal}";

    /// <summary>Periods with facts waiting for their first release (or a revision): listed as provisional.</summary>
    public string QueuedPeriods { get; } = "SELECT DISTINCT period FROM release_queue";
}

public sealed class HeldDimension
{
    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Dimension { get; init; } = "";
}
