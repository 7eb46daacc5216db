using System.ComponentModel;
using System.Text.Json.Serialization;
using Leercultuur.ServiceDefaults.OpenApi;

namespace Leercultuur.Reporting.Observations;

/// <summary>A code of a grouping dimension with its label; <c>_T</c> is the total over all codes.</summary>
public sealed record CodedValue(string Code, string Label);

/// <summary>A series: the first instrument version and that version's dimension key a dimension continues.</summary>
public sealed record ObservationSeries(
    [property: Description("The first version of the series.")] int InstrumentVersion,
    [property: Description("The dimension's key in that version.")] string Dimension);

/// <summary>The 95% confidence interval of a mean.</summary>
public sealed record ObservationInterval(double Level, double Lower, double Upper);

/// <summary>
/// One cell: its codes, its period, and either its figures (status <c>published</c>) or none at all
/// (<c>suppressed</c>, with the reason; <c>provisional</c>, the period is not released yet).
/// </summary>
public sealed record Observation
{
    [Description("The latest of the instrumentVersions: the row's dimension is named as this version names it. A row is identified by its series, period, role, programme and codes, not by this name.")]
    public required int InstrumentVersion { get; init; }

    [Description("The dimension's key in that version.")]
    public required string Dimension { get; init; }

    [Description("The instrument versions the period's release pools in this series (comparable versions of one period make one row). Said of the whole period and series, never of one cell.")]
    public required IReadOnlyList<int> InstrumentVersions { get; init; }

    [Description("The series the dimension belongs to, as the instrument versions declare (comparableTo): rows of one series compare across versions, rows of different series do not. A dimension asked for brings the rows of its whole series.")]
    public required ObservationSeries Series { get; init; }

    [Description("The respondent role the figures are of, or _T for all respondents. A role's row gives no respondents: with the other roles' they would add up to the all-respondents row's.")]
    public required string Role { get; init; }

    [Description("A quarter (2026-Q1) or a year (2026).")]
    public required string Period { get; init; }

    public required CodedValue Sector { get; init; }

    public required CodedValue SizeClass { get; init; }

    public required CodedValue Province { get; init; }

    [Description("A programme's id and label, or _T for the national figures (all organisations).")]
    public required CodedValue Programme { get; init; }

    [AllowedList(typeof(Observation), nameof(Statuses))]
    public required string Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [AllowedList(typeof(SuppressionPattern), nameof(SuppressionPattern.Reasons))]
    [Description("Why a cell is suppressed: minimumOrganisations (fewer than k, or none), dominance (one organisation has most of its respondents), programmeComplement (beside a programme's figures it would describe fewer than k others), roleComplement (beside the all-respondents figures it would describe fewer than k organisations without the role) or secondary (it would give another hidden cell away).")]
    public string? Reason { get; init; }

    public long? Organisations { get; init; }

    public long? Respondents { get; init; }

    [Description("Mean of the organisations' dimension means, on the instrument's scale.")]
    public double? Mean { get; init; }

    public double? StandardDeviation { get; init; }

    public ObservationInterval? ConfidenceInterval { get; init; }

    [Description("Median of the organisations' 0–100 scores, read from a histogram of one-point bins (within half a point).")]
    public double? Median { get; init; }

    [Description("First quartile of the organisations' 0–100 scores.")]
    public double? P25 { get; init; }

    [Description("Third quartile of the organisations' 0–100 scores.")]
    public double? P75 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("When the row last changed (in answers to updatedAfter).")]
    public DateTimeOffset? ChangedAt { get; init; }

    public static IReadOnlyList<string> Statuses { get; } = [ObservationRow.Published, ObservationRow.Suppressed, ObservationRow.Provisional];
}

public sealed record ObservationsResponse(
    string Instrument,
    int SbiVersion,
    IReadOnlyList<string> GroupBy,
    int MinimumOrganisations,
    IReadOnlyList<Observation> Observations);

/// <summary>One point of a trend: a period's figure, and whether the instrument version changed since the point before.</summary>
public sealed record TrendPoint
{
    public required string Period { get; init; }

    [Description("The latest instrument version pooled in this point (instrumentVersions).")]
    public required int InstrumentVersion { get; init; }

    [Description("The comparable versions the point's period pools.")]
    public required IReadOnlyList<int> InstrumentVersions { get; init; }

    [Description("True where this point pools other instrument versions than the point before: read the change with care.")]
    public required bool VersionChanged { get; init; }

    [AllowedList(typeof(Observation), nameof(Observation.Statuses))]
    public required string Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [AllowedList(typeof(SuppressionPattern), nameof(SuppressionPattern.Reasons))]
    public string? Reason { get; init; }

    public long? Organisations { get; init; }

    public double? Mean { get; init; }

    public ObservationInterval? ConfidenceInterval { get; init; }

    public double? Median { get; init; }
}

public sealed record TrendSeries(CodedValue Sector, CodedValue SizeClass, CodedValue Province, CodedValue Programme, IReadOnlyList<TrendPoint> Points);

public sealed record TrendsResponse(string Instrument, string Dimension, ObservationSeries DimensionSeries, string Role, int SbiVersion, IReadOnlyList<string> GroupBy, int MinimumOrganisations, IReadOnlyList<TrendSeries> Series);

public sealed record CodeListResponse
{
    public required string Dimension { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("For sector: the SBI version of the codes.")]
    public int? SbiVersion { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("For sector: where the SBI 2008 to 2025 correspondence comes from.")]
    public string? Source { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("For sector: how a 2008 division that splits over 2025 sections is placed.")]
    public string? Rule { get; init; }

    public required IReadOnlyList<CodedValue> Codes { get; init; }
}

public sealed record ReleasesResponse(IReadOnlyList<ReleaseOutcome> Outcomes);

public sealed record ReleaseRequest
{
    [Description("Release now even where the grace after the period's end has not passed.")]
    public bool IgnoreGrace { get; init; }
}
