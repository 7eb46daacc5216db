using System.Text.Json;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// How an organisation's team facts make one contribution: respondents summed, each dimension's mean
/// weighted by the respondents it rests on, classified as the latest live scan says; withdrawn facts count
/// nowhere. The ingest combines the facts of one instrument version; a release combines those of a
/// version family (docs/architecture.md, "Comparable versions").
/// </summary>
public static class TeamCombination
{
    /// <returns>The contribution, and its dimension means (what its cells add).</returns>
    public static (Contribution Contribution, Dictionary<string, double> Means) Combine(
        Guid organisationId, string instrumentKey, int instrumentVersion, string period, IReadOnlyList<TeamFact> facts, int minimumRespondents)
    {
        // In team order: sums of floating-point figures depend on their order, and the combination must not
        // depend on the order the facts were read or arrived in.
        var live = facts.Where(f => f.Source != TeamFact.Withdrawn && f.RespondentCount > 0).OrderBy(f => f.Team, StringComparer.Ordinal).ToList();
        var latest = facts.MaxBy(f => (AggregateRepository.Microseconds(f.CompletedAt), f.ScanId))!;
        var classified = live.MaxBy(f => (AggregateRepository.Microseconds(f.CompletedAt), f.ScanId)) ?? latest;
        var respondents = live.Sum(f => f.RespondentCount);
        // One team: its means as they are ((m × n) / n is not always m in floating point, and a residue
        // would stay in shared cells when the scan is replaced).
        var means = live.Count == 1
            ? live[0].Means()
            : live
                .SelectMany(f => f.Means().Select(m => (Dimension: m.Key, Weighted: m.Value * f.Weight(m.Key), Weight: f.Weight(m.Key))))
                .GroupBy(m => m.Dimension, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(m => m.Weighted) / g.Sum(m => m.Weight), StringComparer.Ordinal);
        // The 0–100 scores combine as the means do; a dimension some team has no 0–100 score of (a
        // version 1 fact) has none for the organisation, so no histogram takes a guess.
        var scores100 = live.Count == 1
            ? live[0].Scores100Map()
            : live
                .SelectMany(f => f.Scores100Map().Select(m => (Dimension: m.Key, Weighted: m.Value * f.Weight(m.Key), Weight: f.Weight(m.Key))))
                .GroupBy(m => m.Dimension, StringComparer.Ordinal)
                .Where(g => g.Count() == live.Count(f => f.Means().ContainsKey(g.Key)))
                .ToDictionary(g => g.Key, g => g.Sum(m => m.Weighted) / g.Sum(m => m.Weight), StringComparer.Ordinal);
        var counted = live.Count > 0 && respondents >= minimumRespondents;
        var contribution = new Contribution
        {
            OrganisationId = organisationId,
            InstrumentKey = instrumentKey,
            InstrumentVersion = instrumentVersion,
            Period = period,
            ScanId = latest.ScanId,
            CompletedAt = latest.CompletedAt,
            SbiVersion = classified.SbiVersion,
            SectorSection = classified.SectorSection,
            SizeClass = classified.SizeClass,
            Province = classified.Province,
            RespondentCount = respondents,
            Counted = counted ? 1 : 0,
            Scores = JsonSerializer.Serialize(means),
            ProgrammeIds = classified.ProgrammeIds,
            SbiCode = classified.SbiCode,
            Scores100 = JsonSerializer.Serialize(scores100),
            // A role's figures count as an organisation's do: only with at least m respondents.
            Roles = RoleFigures.Combine(live.Select(f => f.Roles).ToList(), minimumRespondents),
        };
        return (contribution, means);
    }

    /// <summary>
    /// Per team the latest fact (a withdrawal marker included: the team then counts nowhere), over the facts
    /// of several versions: a team that scanned with a later version replaces its earlier version's scan.
    /// </summary>
    public static List<TeamFact> LatestPerTeam(IEnumerable<TeamFact> facts) =>
        facts.GroupBy(f => f.Team, StringComparer.Ordinal)
            .Select(team => team.MaxBy(f => (AggregateRepository.Microseconds(f.CompletedAt), f.ScanId))!)
            .OrderBy(f => f.Team, StringComparer.Ordinal)
            .ToList();
}
