using System.Text.Json;
using Leercultuur.Contracts;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// One role's part of a fact or contribution: its respondents and, per dimension, the mean on the
/// instrument's scale, the 0–100 score and the respondents it rests on. Kept as JSON (role → figures) in
/// the fact tables' <c>roles</c> column. Roles with fewer than three respondents never leave the scan
/// service, so what is here may be shown under disclosure control.
/// </summary>
public sealed record RoleFigures
{
    public int Respondents { get; init; }

    public Dictionary<string, double> Means { get; init; } = [];

    public Dictionary<string, double> Scores100 { get; init; } = [];

    public Dictionary<string, int> DimensionRespondents { get; init; } = [];

    private int Weight(string dimension) => DimensionRespondents.TryGetValue(dimension, out var n) && n > 0 ? n : Respondents;

    public static string Serialize(IReadOnlyDictionary<string, RoleFigures> roles) =>
        JsonSerializer.Serialize(roles.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value));

    public static Dictionary<string, RoleFigures> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, RoleFigures>>(json) ?? [];

    public static string From(IReadOnlyList<RoleScores> roles) => Serialize(roles
        .Where(r => r.RespondentCount > 0 && !string.IsNullOrEmpty(r.Role) && r.Scores.Count > 0)
        .GroupBy(r => r.Role, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => new RoleFigures
        {
            Respondents = g.First().RespondentCount,
            Means = g.First().Scores.DistinctBy(s => s.Dimension).ToDictionary(s => s.Dimension, s => s.Mean, StringComparer.Ordinal),
            Scores100 = g.First().Scores.DistinctBy(s => s.Dimension).ToDictionary(s => s.Dimension, s => s.Score, StringComparer.Ordinal),
            DimensionRespondents = g.First().Scores.DistinctBy(s => s.Dimension).Where(s => s.RespondentCount > 0).ToDictionary(s => s.Dimension, s => s.RespondentCount, StringComparer.Ordinal),
        }, StringComparer.Ordinal));

    /// <summary>
    /// An organisation's teams together, per role, as the overall figures combine: respondents summed,
    /// each dimension weighted by the respondents it rests on; a dimension some team of the role has no
    /// 0–100 score of has none. One team's figures are kept as they are (no floating-point residue).
    /// </summary>
    /// <remarks>A role with fewer than <paramref name="minimumRespondents"/> respondents in all is left out.</remarks>
    public static string Combine(IReadOnlyList<string> teams, int minimumRespondents)
    {
        var parsed = teams.Select(Parse).ToList();
        if (parsed.Count == 1)
        {
            return Serialize(parsed[0].Where(r => r.Value.Respondents >= minimumRespondents).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal));
        }

        var roles = parsed.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal)
            .Where(role => parsed.Where(p => p.ContainsKey(role)).Sum(p => p[role].Respondents) >= minimumRespondents);
        return Serialize(roles.ToDictionary(role => role, role =>
        {
            var parts = parsed.Where(p => p.ContainsKey(role)).Select(p => p[role]).ToList();
            if (parts.Count == 1)
            {
                return parts[0];
            }

            Dictionary<string, double> Weighted(Func<RoleFigures, Dictionary<string, double>> of) => parts
                .SelectMany(f => of(f).Select(m => (Dimension: m.Key, Weighted: m.Value * f.Weight(m.Key), Weight: f.Weight(m.Key))))
                .GroupBy(m => m.Dimension, StringComparer.Ordinal)
                .Where(g => g.Count() == parts.Count(f => f.Means.ContainsKey(g.Key)))
                .ToDictionary(g => g.Key, g => g.Sum(m => m.Weighted) / g.Sum(m => m.Weight), StringComparer.Ordinal);
            return new RoleFigures
            {
                Respondents = parts.Sum(p => p.Respondents),
                Means = Weighted(f => f.Means),
                Scores100 = Weighted(f => f.Scores100),
                DimensionRespondents = parts.SelectMany(p => p.Means.Keys).Distinct(StringComparer.Ordinal)
                    .ToDictionary(d => d, d => parts.Where(p => p.Means.ContainsKey(d)).Sum(p => p.Weight(d)), StringComparer.Ordinal),
            };
        }, StringComparer.Ordinal));
    }
}
