using System.Text.Json;
using Leercultuur.Contracts;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// What one scan of one team of an organisation said for an (instrument, version, period). The
/// organisation's facts of that key together make its <see cref="Contribution"/>.
/// </summary>
public sealed class TeamFact
{
    /// <summary>From ScanCompleted version 1 (no team, no roles).</summary>
    public const int FromV1 = 1;

    /// <summary>From ScanCompleted version 2.</summary>
    public const int FromV2 = 2;

    /// <summary>A withdrawal: the scan counts nowhere, and nothing of the same scan arriving later changes that.</summary>
    public const int Withdrawn = 9;

    public Guid OrganisationId { get; init; }

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    /// <summary>The team label, '' for a scan without one.</summary>
    public string Team { get; init; } = "";

    public Guid ScanId { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    public int Source { get; init; }

    public int SbiVersion { get; init; }

    public string SectorSection { get; init; } = "";

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public int RespondentCount { get; init; }

    /// <summary>Dimension → mean, as JSON.</summary>
    public string Scores { get; init; } = "{}";

    public string ProgrammeIds { get; init; } = "";

    /// <summary>The SBI code as the organisation had it ('' in facts from before it was kept).</summary>
    public string SbiCode { get; init; } = "";

    /// <summary>Dimension → 0–100 score, as JSON ('{}' for version 1 facts, which carry none).</summary>
    public string Scores100 { get; init; } = "{}";

    /// <summary>Role → its figures, as JSON ('{}' where the scan carried no role scores).</summary>
    public string Roles { get; init; } = "{}";

    public Dictionary<string, double> Scores100Map() => JsonSerializer.Deserialize<Dictionary<string, double>>(Scores100)!;

    /// <summary>Dimension → respondents it rests on, as JSON; a dimension missing here rests on all of <see cref="RespondentCount"/>.</summary>
    public string DimensionRespondents { get; init; } = "{}";

    /// <summary>How many respondents a dimension's mean rests on: its weight when teams combine.</summary>
    public int Weight(string dimension) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(DimensionRespondents)!.TryGetValue(dimension, out var n) && n > 0 ? n : RespondentCount;

    public Dictionary<string, double> Means() => JsonSerializer.Deserialize<Dictionary<string, double>>(Scores)!;

    /// <summary>
    /// The same fact with its dimensions under other keys (a release's series tables), in their stored
    /// order. Two keys the table function puts together keep the first: a version declares one key per earlier key.
    /// </summary>
    public TeamFact Keyed(Func<string, string> table)
    {
        Dictionary<string, T> Rekey<T>(Dictionary<string, T> figures)
        {
            var keyed = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var (key, value) in figures)
            {
                keyed.TryAdd(table(key), value);
            }

            return keyed;
        }

        return new TeamFact
        {
            OrganisationId = OrganisationId,
            InstrumentKey = InstrumentKey,
            InstrumentVersion = InstrumentVersion,
            Period = Period,
            Team = Team,
            ScanId = ScanId,
            CompletedAt = CompletedAt,
            Source = Source,
            SbiVersion = SbiVersion,
            SectorSection = SectorSection,
            SizeClass = SizeClass,
            Province = Province,
            RespondentCount = RespondentCount,
            Scores = JsonSerializer.Serialize(Rekey(Means())),
            DimensionRespondents = JsonSerializer.Serialize(Rekey(JsonSerializer.Deserialize<Dictionary<string, int>>(DimensionRespondents)!)),
            ProgrammeIds = ProgrammeIds,
            SbiCode = SbiCode,
            Scores100 = JsonSerializer.Serialize(Rekey(Scores100Map())),
            Roles = RoleFigures.Serialize(RoleFigures.Parse(Roles).ToDictionary(
                r => r.Key,
                r => r.Value with { Means = Rekey(r.Value.Means), Scores100 = Rekey(r.Value.Scores100), DimensionRespondents = Rekey(r.Value.DimensionRespondents) },
                StringComparer.Ordinal)),
        };
    }

    public static TeamFact From(ScanCompleted scan) => new()
    {
        OrganisationId = scan.OrganisationId,
        InstrumentKey = scan.InstrumentKey,
        InstrumentVersion = scan.InstrumentVersion,
        Period = scan.Period,
        Team = "",
        ScanId = scan.ScanId,
        CompletedAt = scan.CompletedAt,
        Source = FromV1,
        SbiVersion = scan.Sector.SbiVersion,
        SectorSection = scan.Sector.Section,
        SizeClass = scan.SizeClass,
        Province = scan.Province,
        RespondentCount = scan.RespondentCount,
        Scores = JsonSerializer.Serialize(scan.Scores.ToDictionary(s => s.Dimension, s => s.Mean)),
        ProgrammeIds = Contribution.JoinProgrammes(scan.ProgrammeIds),
        SbiCode = scan.Sector.SbiCode,
    };

    public static TeamFact From(ScanCompletedV2 scan) => new()
    {
        OrganisationId = scan.OrganisationId,
        InstrumentKey = scan.InstrumentKey,
        InstrumentVersion = scan.InstrumentVersion,
        Period = scan.Period,
        // Trimmed as the scan service trims it: SQL Server's comparison ignores trailing spaces, C#'s does not.
        Team = scan.Team?.Trim(' ') ?? "",
        ScanId = scan.ScanId,
        CompletedAt = scan.CompletedAt,
        Source = FromV2,
        SbiVersion = scan.Sector.SbiVersion,
        SectorSection = scan.Sector.Section,
        SizeClass = scan.SizeClass,
        Province = scan.Province,
        RespondentCount = scan.RespondentCount,
        Scores = JsonSerializer.Serialize(scan.Scores.ToDictionary(s => s.Dimension, s => s.Mean)),
        DimensionRespondents = JsonSerializer.Serialize(scan.Scores.Where(s => s.RespondentCount > 0).ToDictionary(s => s.Dimension, s => s.RespondentCount)),
        ProgrammeIds = Contribution.JoinProgrammes(scan.ProgrammeIds),
        SbiCode = scan.Sector.SbiCode,
        Scores100 = JsonSerializer.Serialize(scan.Scores.ToDictionary(s => s.Dimension, s => s.Score)),
        Roles = RoleFigures.From(scan.Roles),
    };

    public static TeamFact From(ScanWithdrawn withdrawn) => new()
    {
        OrganisationId = withdrawn.OrganisationId,
        InstrumentKey = withdrawn.InstrumentKey,
        InstrumentVersion = withdrawn.InstrumentVersion,
        Period = withdrawn.Period,
        Team = withdrawn.Team?.Trim(' ') ?? "",
        ScanId = withdrawn.ScanId,
        CompletedAt = withdrawn.CompletedAt,
        Source = Withdrawn,
    };
}
