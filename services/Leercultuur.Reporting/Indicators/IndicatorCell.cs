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

    public required int InstrumentVersion { get; init; }

    public required string Dimension { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SectorKey? Sector { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SizeClass { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Province { get; init; }

    /// <summary><c>published</c> or <c>suppressed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>
    /// Why a cell is suppressed: <c>minimumOrganisations</c> (too few organisations), <c>programmeComplement</c>
    /// (beside a programme's figures it would describe too few organisations outside that programme) or
    /// <c>secondary</c> (it would reveal another suppressed cell).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Leercultuur.ServiceDefaults.OpenApi.AllowedList(typeof(DisclosureControl), nameof(DisclosureControl.Reasons))]
    public string? SuppressionReason { get; init; }

    public long? Organisations { get; init; }

    public long? Respondents { get; init; }

    /// <summary>Mean of the organisations' dimension means, on the instrument's scale.</summary>
    public double? Mean { get; init; }

    public double? StandardDeviation { get; init; }

    public ConfidenceInterval? ConfidenceInterval { get; init; }
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
