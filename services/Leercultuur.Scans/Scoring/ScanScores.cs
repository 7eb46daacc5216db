namespace Leercultuur.Scans.Scoring;

/// <summary>
/// What a completed scan scored: per dimension over all respondents, per role side by side, and the
/// classifications the instrument defines. Stored with the scan; answers themselves never leave the service.
/// </summary>
public sealed record ScanScores(
    int Respondents,
    IReadOnlyList<DimensionResult> Overall,
    IReadOnlyList<RoleResult> Roles,
    IReadOnlyList<ClassificationResult> Classifications);

/// <summary>One role's results: how many of that role answered and their dimension scores.</summary>
public sealed record RoleResult(string Role, int Respondents, IReadOnlyList<DimensionResult> Dimensions);

/// <summary>
/// One dimension: the raw mean on the instrument's scale (after reverse scoring) and on 0–100, how many
/// respondents it rests on and the quartiles of their own means. In current-desired mode <c>Mean</c> is
/// the "now" rating, <c>Wanted</c> the wanted one and <c>Gap</c> wanted minus now (scale points).
/// </summary>
public sealed record DimensionResult(
    string Dimension,
    int Respondents,
    double Mean,
    double Score,
    Quartiles? Spread,
    double? Wanted = null,
    double? WantedScore = null,
    double? Gap = null);

/// <summary>The 25th, 50th and 75th percentile of the respondents' own dimension means (linear interpolation).</summary>
public sealed record Quartiles(double P25, double Median, double P75);

/// <summary>The zone a quadrant classification puts the scan in, from the two dimensions' overall means.</summary>
public sealed record ClassificationResult(string Classification, string Zone, double X, double Y);
