using System.Text.Json.Serialization;

namespace Leercultuur.Scans.Scanning;

public sealed record ScanResponse(
    Guid Id,
    Guid OrganisationId,
    InstrumentReference Instrument,
    string Period,
    [property: Leercultuur.ServiceDefaults.OpenApi.AllowedList(typeof(ScanRow), nameof(ScanRow.Statuses))] string Status,
    int RespondentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? Deadline,
    string? Team,
    IReadOnlyList<ScanScore>? Scores)
{
    /// <summary>Only in the answer to completing a scan: lets its holder read the result. It is stored hashed and never shown again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResultToken { get; init; }
}

public sealed record InstrumentReference(string Key, int Version);

/// <summary>A dimension's score: the mean on the instrument's scale and the same on 0–100.</summary>
public sealed record ScanScore(string Dimension, double Mean, double Score);
