using System.Text.Json;
using Leercultuur.Contracts;
using Leercultuur.Messaging;

namespace Leercultuur.Scans.Scoring;

/// <summary>
/// Scores as a scan keeps them. Scans completed before respondent roles stored a plain array of
/// dimensions; those read as one role-less result, so their scans still answer.
/// </summary>
public static class StoredScores
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(ScanScores scores) => JsonSerializer.Serialize(scores, Json);

    public static ScanScores? Read(string? json)
    {
        if (json is null)
        {
            return null;
        }

        if (json.TrimStart().StartsWith('['))
        {
            var legacy = JsonSerializer.Deserialize<List<DimensionScore>>(json, MessageJson.Options)!;
            var dimensions = legacy.Select(d => new DimensionResult(d.Dimension, 0, d.Mean, d.Score, null)).ToList();
            return new ScanScores(0, dimensions, [], []);
        }

        return JsonSerializer.Deserialize<ScanScores>(json, Json);
    }
}
