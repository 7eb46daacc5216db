using Leercultuur.Organisations.Registration;

namespace Leercultuur.Standalone.Seeding;

/// <summary>
/// A deterministic synthetic population: organisations across sectors, sizes and provinces, each with a
/// latent team climate that drives its respondents' answers over several quarters. Not real data.
/// </summary>
public sealed class DemoData(int seed)
{
    public const string Instrument = "team-psychological-safety";

    /// <summary>The one role of the team instrument: every respondent is a team member.</summary>
    public const string Role = "team-member";
    public const int OrganisationCount = 400;

    private static readonly string[] Periods = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];

    // SBI 2008 codes per sector with a weight (share of demo organisations) and a climate offset.
    private static readonly (string[] Codes, int Weight, double Offset)[] Sectors =
    [
        (["2562", "1071", "2829", "2511"], 14, -0.2),
        (["4120", "4321", "4332", "4399"], 14, -0.3),
        (["4711", "4690", "4532", "4778"], 16, 0.0),
        (["5610", "5510"], 8, -0.4),
        (["6201", "6202", "6311"], 9, 0.5),
        (["6920", "7112", "7022", "7311"], 12, 0.3),
        (["8610", "8710", "8810"], 10, 0.2),
        (["4941", "5229"], 6, -0.1),
        (["7810", "8121"], 4, -0.2),
        (["8559"], 3, 0.4),
        (["9602", "9311"], 2, 0.1),
        (["0113", "3811", "3511", "6820", "6619"], 2, 0.0),
    ];

    private static readonly (string Code, int Weight)[] Provinces =
    [
        ("NL-ZH", 21), ("NL-NH", 17), ("NL-NB", 15), ("NL-GE", 12), ("NL-UT", 8), ("NL-OV", 7),
        ("NL-LI", 6), ("NL-FR", 4), ("NL-GR", 3), ("NL-DR", 3), ("NL-FL", 2), ("NL-ZE", 2),
    ];

    /// <summary>
    /// Two branch programmes with fixed ids, so the README can print a programme token for one of them.
    /// Most organisations of the sections a programme serves are members.
    /// </summary>
    public static readonly DemoProgramme[] Programmes =
    [
        new(Guid.Parse("019a0000-0000-7000-8000-00000000de01"), "Techniek leert (demo)", "Leven lang ontwikkelen in de metaal, de maakindustrie en de bouw.", ["C", "F"], 0.7),
        new(Guid.Parse("019a0000-0000-7000-8000-00000000de02"), "Zorg leert (demo)", "Leren en ontwikkelen in zorg en welzijn.", ["Q"], 0.6),
    ];

    private readonly Random random = new(seed);

    /// <summary>The programmes an organisation of this section joins (drawn once per organisation).</summary>
    public IReadOnlyList<Guid> MembershipsFor(string section) =>
        Programmes.Where(p => p.Sections.Contains(section) && random.NextDouble() < p.MemberShare).Select(p => p.Id).ToList();

    public IEnumerable<DemoOrganisation> Organisations()
    {
        for (var i = 0; i < OrganisationCount; i++)
        {
            var sector = Pick(Sectors, s => s.Weight);
            var code = sector.Codes[random.Next(sector.Codes.Length)];
            var employees = Headcount();
            yield return new DemoOrganisation(
                new RegisterOrganisationRequest
                {
                    Name = $"Demo-organisatie {i + 1:D3}",
                    KvkNumber = $"90{i:D6}",
                    SbiCode = code,
                    SbiVersion = 2008,
                    Employees = employees,
                    Province = Pick(Provinces, p => p.Weight).Code,
                },
                Climate: 4.6 + sector.Offset + (Normal() * 0.6));
        }
    }

    public IEnumerable<DemoScan> ScansFor(double climate)
    {
        foreach (var period in Periods)
        {
            if (random.NextDouble() > 0.6)
            {
                continue;
            }

            var respondents = random.Next(3, 11);
            var drift = Normal() * 0.15;
            var responses = Enumerable.Range(0, respondents).Select(_ => Answers(climate + drift)).ToList();
            yield return new DemoScan(period, responses);
        }
    }

    // Items 1, 3 and 5 are reverse-worded: a safe climate means low agreement with them.
    private Dictionary<string, int> Answers(double climate)
    {
        var person = climate + (Normal() * 0.7);
        var answers = new Dictionary<string, int>();
        for (var item = 1; item <= 7; item++)
        {
            var value = person + (Normal() * 0.6);
            if (item is 1 or 3 or 5)
            {
                value = 8 - value;
            }

            answers[$"ps{item}"] = (int)Math.Clamp(Math.Round(value), 1, 7);
        }

        return answers;
    }

    private int Headcount() => random.NextDouble() switch
    {
        < 0.5 => random.Next(1, 10),
        < 0.8 => random.Next(10, 50),
        < 0.95 => random.Next(50, 250),
        _ => random.Next(250, 1200),
    };

    private T Pick<T>(IReadOnlyList<T> items, Func<T, int> weight)
    {
        var roll = random.Next(items.Sum(weight));
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

public sealed record DemoOrganisation(RegisterOrganisationRequest Request, double Climate);

public sealed record DemoScan(string Period, IReadOnlyList<Dictionary<string, int>> Responses);

public sealed record DemoProgramme(Guid Id, string Name, string Description, string[] Sections, double MemberShare);
