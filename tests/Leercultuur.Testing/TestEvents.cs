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

    public static OrganisationRegistered OrganisationRegistered(Guid? organisationId = null, string section = "J", string sizeClass = "small", string province = "NL-UT") => new()
    {
        OrganisationId = organisationId ?? Guid.NewGuid(),
        Sector = new SectorClassification { SbiVersion = 2008, SbiCode = "0000", Section = section },
        SizeClass = sizeClass,
        Province = province,
        RegisteredAt = DateTimeOffset.UtcNow,
    };
}
