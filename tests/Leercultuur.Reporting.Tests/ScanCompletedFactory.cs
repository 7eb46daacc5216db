using Leercultuur.Contracts;

namespace Leercultuur.Reporting.Tests;

internal static class ScanCompletedFactory
{
    public static ScanCompleted Create(
        double mean,
        string section = "C",
        string sizeClass = "small",
        string province = "NL-UT",
        string period = "2026-Q4",
        int respondents = 3,
        Guid? organisationId = null,
        DateTimeOffset? completedAt = null) => new()
    {
        ScanId = Guid.NewGuid(),
        OrganisationId = organisationId ?? Guid.NewGuid(),
        Sector = new SectorClassification { SbiVersion = 2008, SbiCode = "2562", Section = section },
        SizeClass = sizeClass,
        Province = province,
        InstrumentKey = "team-psychological-safety",
        InstrumentVersion = 1,
        Period = period,
        RespondentCount = respondents,
        Scores = [new DimensionScore { Dimension = "psychological-safety", Mean = mean, Score = (mean - 1) / 6 * 100, ScaleMin = 1, ScaleMax = 7 }],
        CompletedAt = completedAt ?? DateTimeOffset.UtcNow,
    };
}
