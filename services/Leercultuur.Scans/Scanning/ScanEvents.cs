using Leercultuur.Contracts;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Scoring;

namespace Leercultuur.Scans.Scanning;

/// <summary>What a completion publishes: always <see cref="ScanCompletedV2"/>; <see cref="ScanCompleted"/> (v1) too while its consumers remain, for instruments they can read.</summary>
public static class ScanEvents
{
    /// <summary>The fewest respondents a role's scores need to travel in <see cref="ScanCompletedV2"/>.</summary>
    public const int MinimumRoleRespondents = 3;

    /// <remarks>
    /// Version 1 goes out only for benchmarkable instruments: its consumers aggregate every scan they get
    /// and know no <c>benchmark</c> flag, so a dialogue instrument's scores must never reach them.
    /// </remarks>
    public static (ScanCompletedV2 V2, ScanCompleted? V1) Completed(ScanRow scan, Instrument instrument, ReplicatedOrganisation organisation, ScanScores scores, DateTimeOffset completedAt)
    {
        var sector = new SectorClassification { SbiVersion = organisation.SbiVersion, SbiCode = organisation.SbiCode, Section = organisation.SbiSection };
        var v2 = new ScanCompletedV2
        {
            ScanId = scan.Id,
            OrganisationId = scan.OrganisationId,
            Sector = sector,
            SizeClass = organisation.SizeClass,
            Province = organisation.Province,
            ProgrammeIds = organisation.ProgrammeIdList(),
            InstrumentKey = scan.InstrumentKey,
            InstrumentVersion = scan.InstrumentVersion,
            RatingMode = instrument.RatingMode,
            Benchmark = instrument.Benchmark,
            Period = scan.Period,
            Team = scan.Team,
            RespondentCount = scores.Respondents,
            Scores = scores.Overall.Where(Travels).Select(d => Score(d, instrument.Scale)).ToList(),
            // A role with fewer respondents than this stays out of the event: one employer's scores are
            // that person's answers, fine in their own organisation's result, never outside the service.
            Roles = scores.Roles.Where(r => r.Respondents >= MinimumRoleRespondents).Select(r => new RoleScores
            {
                Role = r.Role,
                RespondentCount = r.Respondents,
                Scores = r.Dimensions.Select(d => Score(d, instrument.Scale)).ToList(),
            }).ToList(),
            CompletedAt = completedAt,
            ComparableTo = instrument.ComparableTo is { } earlier
                ? new VersionComparability { Version = earlier.Version, Dimensions = earlier.Dimensions.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal) }
                : null,
        };
        var v1 = instrument.Benchmark
            ? new ScanCompleted
            {
                ScanId = v2.ScanId,
                OrganisationId = v2.OrganisationId,
                Sector = sector,
                SizeClass = v2.SizeClass,
                Province = v2.Province,
                ProgrammeIds = v2.ProgrammeIds,
                InstrumentKey = v2.InstrumentKey,
                InstrumentVersion = v2.InstrumentVersion,
                Period = v2.Period,
                RespondentCount = v2.RespondentCount,
                Scores = scores.Overall.Where(Travels).Select(d => new DimensionScore
                {
                    Dimension = d.Dimension,
                    Mean = d.Mean,
                    Score = d.Score,
                    ScaleMin = instrument.Scale.Min,
                    ScaleMax = instrument.Scale.Max,
                }).ToList(),
                CompletedAt = completedAt,
                AlsoPublishedAsV2 = true,
            }
            : null;
        return (v2, v1);
    }

    // A dimension only some people answered (a role of one) is theirs alone: it stays in the organisation's
    // result. Scores from before roles carry no count (0) and travel as they always did.
    private static bool Travels(DimensionResult dimension) => dimension.Respondents is 0 or >= MinimumRoleRespondents;

    private static DimensionScoreV2 Score(DimensionResult d, AnswerScale scale) => new()
    {
        Dimension = d.Dimension,
        RespondentCount = d.Respondents,
        Mean = d.Mean,
        Score = d.Score,
        ScaleMin = scale.Min,
        ScaleMax = scale.Max,
        Wanted = d.Wanted,
        Gap = d.Gap,
    };
}
