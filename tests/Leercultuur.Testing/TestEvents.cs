using Leercultuur.Contracts;

namespace Leercultuur.Testing;

/// <summary>Integration events as the services would publish them, with the fields a test cares about as arguments.</summary>
public static class TestEvents
{
    public const string Instrument = "team-psychological-safety";

    public static ScanCompleted ScanCompleted(
        double mean,
        string section = "C",
        string sizeClass = "small",
        string province = "NL-UT",
        string period = "2026-Q4",
        int respondents = 3,
        Guid? organisationId = null,
        DateTimeOffset? completedAt = null,
        IReadOnlyList<Guid>? programmes = null) => new()
    {
        ScanId = Guid.NewGuid(),
        ProgrammeIds = programmes ?? [],
        OrganisationId = organisationId ?? Guid.NewGuid(),
        Sector = new SectorClassification { SbiVersion = 2008, SbiCode = "0000", Section = section },
        SizeClass = sizeClass,
        Province = province,
        InstrumentKey = Instrument,
        InstrumentVersion = 1,
        Period = period,
        RespondentCount = respondents,
        Scores = [new DimensionScore { Dimension = "psychological-safety", Mean = mean, Score = (mean - 1) / 6 * 100, ScaleMin = 1, ScaleMax = 7 }],
        CompletedAt = completedAt ?? DateTimeOffset.UtcNow,
    };

    /// <summary>The same completion as version 2, with a team label and whether it may be benchmarked.</summary>
    public static ScanCompletedV2 V2(ScanCompleted scan, string? team = null, bool benchmark = true) => new()
    {
        ScanId = scan.ScanId,
        OrganisationId = scan.OrganisationId,
        Sector = scan.Sector,
        SizeClass = scan.SizeClass,
        Province = scan.Province,
        ProgrammeIds = scan.ProgrammeIds,
        InstrumentKey = scan.InstrumentKey,
        InstrumentVersion = scan.InstrumentVersion,
        Benchmark = benchmark,
        Period = scan.Period,
        Team = team,
        RespondentCount = scan.RespondentCount,
        Scores = scan.Scores.Select(s => new DimensionScoreV2 { Dimension = s.Dimension, RespondentCount = scan.RespondentCount, Mean = s.Mean, Score = s.Score, ScaleMin = s.ScaleMin, ScaleMax = s.ScaleMax }).ToList(),
        Roles = [new RoleScores { Role = "team-member", RespondentCount = scan.RespondentCount, Scores = [] }],
        CompletedAt = scan.CompletedAt,
    };

    public static OrganisationRegistered OrganisationRegistered(Guid? organisationId = null, string section = "J", string sizeClass = "small", string province = "NL-UT") => new()
    {
        OrganisationId = organisationId ?? Guid.NewGuid(),
        Sector = new SectorClassification { SbiVersion = 2008, SbiCode = "0000", Section = section },
        SizeClass = sizeClass,
        Province = province,
        RegisteredAt = DateTimeOffset.UtcNow,
    };
}
