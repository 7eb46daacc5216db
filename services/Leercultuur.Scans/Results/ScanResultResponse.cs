using Leercultuur.Scans.Scanning;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.OpenApi;

namespace Leercultuur.Scans.Results;

/// <summary>
/// A completed scan's result, for the organisation to act on: per dimension the mean, 0–100 score,
/// respondents and quartiles, per role side by side; in current-desired mode the gaps, largest first;
/// the zone; the organisation's other teams of the period; and the sector's national figures.
/// </summary>
public sealed record ScanResultResponse(
    Guid ScanId,
    Guid OrganisationId,
    InstrumentReference Instrument,
    string Language,
    string Title,
    string Period,
    string? Team,
    DateTimeOffset CompletedAt,
    int Respondents,
    [property: AllowedList(typeof(Respondents.QuestionnaireResponse), nameof(Respondents.QuestionnaireResponse.RatingModes))] string RatingMode,
    IReadOnlyList<DimensionResultResponse> Dimensions,
    IReadOnlyList<GapResponse> Gaps,
    IReadOnlyList<ZoneResult> Classifications,
    IReadOnlyList<TeamResultResponse> Teams,
    BenchmarkResponse Benchmark);

/// <summary>One dimension: over all respondents, and per role.</summary>
public sealed record DimensionResultResponse(
    string Dimension,
    string Name,
    int Respondents,
    double Mean,
    double Score,
    Quartiles? Spread,
    double? Wanted,
    double? Gap,
    IReadOnlyList<RoleResultResponse> Roles);

/// <summary>One role's view of a dimension; quartiles only once the role has its minimum of respondents.</summary>
public sealed record RoleResultResponse(string Role, string Label, int Respondents, double Mean, double Score, Quartiles? Spread, double? Wanted, double? Gap);

/// <summary>A current-desired factor: now, wanted and the gap between them (scale points); the list is ordered by gap, largest first.</summary>
public sealed record GapResponse(int Rank, string Dimension, string Name, double Now, double Wanted, double Gap);

/// <summary>The zone a classification puts the scan in.</summary>
public sealed record ZoneResult(string Classification, string Label, string Zone, string ZoneLabel, string? Description, double X, double Y);

/// <summary>One completed scan of the organisation's teams in this period and instrument version (this one included).</summary>
public sealed record TeamResultResponse(Guid ScanId, string? Team, int Respondents, IReadOnlyList<ScanScore> Scores);

/// <summary>
/// The organisation's sector cell for the same period from reporting, per dimension, only where it is
/// published. <c>status</c> is <c>available</c>, <c>unavailable</c> (reporting cannot be reached; the
/// reason says so) or <c>notApplicable</c> (the instrument is not benchmarked).
/// </summary>
public sealed record BenchmarkResponse(
    [property: AllowedList(typeof(BenchmarkResponse), nameof(BenchmarkResponse.Statuses))] string Status,
    string? Reason,
    string? Section,
    int? SbiVersion,
    IReadOnlyList<BenchmarkCellResponse> Cells)
{
    public const string Available = "available";
    public const string Unavailable = "unavailable";
    public const string NotApplicable = "notApplicable";

    public static IReadOnlyList<string> Statuses { get; } = [Available, Unavailable, NotApplicable];
}

/// <summary>A published sector cell: mean with its 95% interval and the organisations it rests on; a suppressed one says so and nothing else.</summary>
public sealed record BenchmarkCellResponse(string Dimension, string Status, long? Organisations, double? Mean, BenchmarkInterval? ConfidenceInterval);

/// <summary>A scan's new result token: shown this once, stored hashed.</summary>
public sealed record ResultTokenResponse(Guid ScanId, string ResultToken);
