using System.Text.Json.Serialization;

namespace Leercultuur.Reporting.Indicators;

/// <summary>
/// One published or suppressed figure. A suppressed cell carries its status and reason and no numbers
/// at all: not the value, not its n.
/// </summary>
public sealed record IndicatorCell
{
    public const string Published = "published";
    public const string Suppressed = "suppressed";
    public const string Provisional = "provisional";

    public static IReadOnlyList<string> Statuses { get; } = [Published, Suppressed, Provisional];

    public required int InstrumentVersion { get; init; }

    public required string Dimension { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SectorKey? Sector { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SizeClass { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Province { get; init; }

    /// <summary><c>published</c>, <c>suppressed</c>, or <c>provisional</c> (the period is not released yet: no figures).</summary>
    [Leercultuur.ServiceDefaults.OpenApi.AllowedList(typeof(IndicatorCell), nameof(Statuses))]
    public required string Status { get; init; }

    /// <summary>
    /// Why a cell is suppressed: <c>minimumOrganisations</c> (too few organisations, or none), <c>dominance</c>
    /// (one organisation has most of its respondents), <c>programmeComplement</c> (beside a programme's figures
    /// it would describe too few organisations outside that programme) or <c>secondary</c> (it would reveal
    /// another suppressed cell).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Leercultuur.ServiceDefaults.OpenApi.AllowedList(typeof(Observations.SuppressionPattern), nameof(Observations.SuppressionPattern.Reasons))]
    public string? SuppressionReason { get; init; }

    public long? Organisations { get; init; }

    public long? Respondents { get; init; }

    /// <summary>Mean of the organisations' dimension means, on the instrument's scale.</summary>
    public double? Mean { get; init; }

    public double? StandardDeviation { get; init; }

    public ConfidenceInterval? ConfidenceInterval { get; init; }

    /// <summary>Median of the organisations' 0–100 scores (from a histogram of one-point bins).</summary>
    public double? Median { get; init; }

    public double? P25 { get; init; }

    public double? P75 { get; init; }

    /// <summary>
    /// An observation once per instrument version that takes part in its series (with that version's key),
    /// for /benchmarks: the scan service's results look for the cells of their own scan's version, and a
    /// pooled row is the figure of every one of them.
    /// </summary>
    public static IEnumerable<IndicatorCell> PerVersion(Observations.ObservationRow row, IReadOnlyList<GroupDimension> groupBy, Aggregation.InstrumentSeries series)
    {
        var root = series.Root(row.InstrumentVersion, row.Dimension);
        return series.VersionsCarrying(root).Select(version => From(row, groupBy, version, series.KeyIn(version, root)));
    }

    /// <summary>An observation once, named as the latest version its release pools names it (as /observations does).</summary>
    public static IndicatorCell Named(Observations.ObservationRow row, IReadOnlyList<GroupDimension> groupBy, Observations.ObservationReader.Result result)
    {
        var versions = result.VersionsOf(row);
        var latest = versions.Count > 0 ? versions.Max() : row.InstrumentVersion;
        return From(row, groupBy, latest, result.Series.KeyIn(latest, result.Series.Root(row.InstrumentVersion, row.Dimension)));
    }

    /// <summary>An observation as the older shape shows it: only the grouped codes, sectors as SBI 2025 sections.</summary>
    public static IndicatorCell From(Observations.ObservationRow row, IReadOnlyList<GroupDimension> groupBy, int? version = null, string? dimension = null) => new()
    {
        InstrumentVersion = version ?? row.InstrumentVersion,
        Dimension = dimension ?? row.Dimension,
        Sector = groupBy.Contains(GroupDimension.Sector) ? new SectorKey(row.SectorView, row.Sector) : null,
        SizeClass = groupBy.Contains(GroupDimension.SizeClass) ? row.SizeClass : null,
        Province = groupBy.Contains(GroupDimension.Province) ? row.Province : null,
        Status = row.Status,
        SuppressionReason = row.Reason,
        Organisations = row.Organisations,
        Respondents = row.Respondents,
        Mean = row.Mean,
        StandardDeviation = row.StandardDeviation,
        ConfidenceInterval = row.CiLower is { } lower && row.CiUpper is { } upper ? new ConfidenceInterval(0.95, lower, upper) : null,
        Median = row.Median,
        P25 = row.P25,
        P75 = row.P75,
    };
}

public sealed record SectorKey(int SbiVersion, string Section);

public sealed record ConfidenceInterval(double Level, double Lower, double Upper);

public sealed record IndicatorsResponse(
    string Instrument,
    string Period,
    [property: System.ComponentModel.Description("The programme whose own figures these are; absent for national figures.")] Guid? Programme,
    IReadOnlyList<string> GroupBy,
    int MinimumOrganisations,
    IReadOnlyList<IndicatorCell> Cells);
