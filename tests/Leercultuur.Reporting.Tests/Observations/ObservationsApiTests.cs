using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Leercultuur.Contracts;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Reporting.Tests.Observations;

/// <summary>The observations API over a real host (SQLite, in-memory bus): scans in, a release, the questions analysts ask.</summary>
public sealed class ObservationsApiTests() : SqliteServiceHost<Program>("Reporting:Database")
{
    private const string Dimension = "psychological-safety";
    private const string Base = $"/reporting/v1/observations?instrument={TestEvents.Instrument}";

    // Releases when the test says, so that what a test reads is the release of what it sent.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Reporting:Releases:Interval", "1.00:00:00")];

    [Fact]
    public async Task Construction_micro_companies_beside_the_national_figure_per_quarter_over_two_years_is_one_csv_download()
    {
        var quarters = Enumerable.Range(0, 8).Select(i => new Period(2024 + ((i + 3) / 4), ((i + 3) % 4) + 1).ToString()).ToList(); // 2024-Q4 .. 2026-Q3
        var expected = new Dictionary<string, (double Construction, double National, List<double> Scores)>();
        var scans = new List<ScanCompletedV2>();
        foreach (var (quarter, q) in quarters.Select((p, i) => (p, i)))
        {
            var construction = Enumerable.Range(0, 10).Select(i => 3.0 + (0.15 * i) + (0.1 * q)).ToList();
            var others = Enumerable.Range(0, 12).Select(i => 4.0 + (0.2 * (i % 6))).ToList();
            scans.AddRange(construction.Select(m => V2(m, "F", "micro", "NL-GE", quarter)));
            scans.AddRange(others.Take(6).Select(m => V2(m, "C", "small", "NL-UT", quarter)));
            scans.AddRange(others.Skip(6).Select(m => V2(m, "G", "medium", "NL-NB", quarter)));
            expected[quarter] = (construction.Average(), construction.Concat(others).Average(), construction.Select(m => (m - 1) / 6 * 100).ToList());
        }

        await IngestAsync(scans);
        await ReleaseAsync();

        var response = await ClientAs(null).GetAsync($"{Base}&dimension={Dimension}&groupBy=sector,sizeClass&sector=F,_T&sizeClass=micro,_T&startPeriod=2024-Q4&endPeriod=2026-Q3&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = await ParseCsvAsync(response);

        // Per quarter: F × micro, F × all sizes, all sectors × micro and the national figure.
        Assert.Equal(8 * 4, rows.Count);
        foreach (var quarter in quarters)
        {
            var construction = rows.Single(r => r["period"] == quarter && r["sector"] == "F" && r["sizeClass"] == "micro");
            var national = rows.Single(r => r["period"] == quarter && r["sector"] == "_T" && r["sizeClass"] == "_T");
            Assert.Equal(("published", "published"), (construction["status"], national["status"]));
            Assert.Equal(("Bouwnijverheid", "Totaal"), (construction["sectorLabel"], national["sectorLabel"]));
            RoundedAssert.Equal(expected[quarter].Construction, double.Parse(construction["mean"], CultureInfo.InvariantCulture));
            RoundedAssert.Equal(expected[quarter].National, double.Parse(national["mean"], CultureInfo.InvariantCulture));
            Assert.Equal(("10", "22"), (construction["organisations"], national["organisations"]));

            // Medians and quartiles from ten organisations on (in smaller cells they are organisations' own scores).
            Assert.NotEqual("", construction["median"]);
            var scores = expected[quarter].Scores.Order().ToList();
            Assert.InRange(double.Parse(construction["median"], CultureInfo.InvariantCulture), ((scores[4] + scores[5]) / 2) - 0.5, ((scores[4] + scores[5]) / 2) + 0.5);
        }
    }

    [Fact]
    public async Task Every_grouping_lists_every_combination_of_the_requested_codes_and_hidden_ones_carry_no_figure()
    {
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4 + (0.2 * i), "C", "small", "NL-UT", "2025-Q2"))
            .Append(V2(6, "F", "micro", "NL-UT", "2025-Q2")));
        await ReleaseAsync();

        var bySize = await ObservationsAsync("&groupBy=sizeClass&startPeriod=2025-Q2&endPeriod=2025-Q2");
        Assert.Equal(["micro", "small", "medium", "large"], bySize.Select(o => o!["sizeClass"]!["code"]!.GetValue<string>()));
        Assert.All(bySize, o => Assert.Equal("_T", o!["sector"]!["code"]!.GetValue<string>()));

        // F's one organisation is hidden; so is a second cell, or F would be the total minus the rest.
        var bySector = await ObservationsAsync("&groupBy=sector&startPeriod=2025-Q2&endPeriod=2025-Q2");
        Assert.Equal(22, bySector.Count);
        var hidden = bySector.Where(o => o!["status"]!.GetValue<string>() == "suppressed").ToList();
        Assert.All(hidden, o => Assert.Null(o!["mean"]));
        Assert.All(hidden, o => Assert.Null(o!["organisations"]));
        Assert.Contains(hidden, o => o!["sector"]!["code"]!.GetValue<string>() == "F");
        var c = bySector.Single(o => o!["sector"]!["code"]!.GetValue<string>() == "C");
        Assert.Equal("secondary", c!["reason"]!.GetValue<string>());

        // An empty cell says exactly what a cell of one says.
        var empty = bySector.Single(o => o!["sector"]!["code"]!.GetValue<string>() == "Q");
        var f = bySector.Single(o => o!["sector"]!["code"]!.GetValue<string>() == "F");
        Assert.Equal(f!["reason"]!.ToJsonString(), empty!["reason"]!.ToJsonString());

        var twoWays = await ObservationsAsync("&groupBy=sector,province&sector=C,F,_T&province=NL-UT,NL-GR&startPeriod=2025-Q2&endPeriod=2025-Q2");
        Assert.Equal(6, twoWays.Count);
        var sbi2008 = await ObservationsAsync("&groupBy=sector&sbiVersion=2008&startPeriod=2025-Q2&endPeriod=2025-Q2");
        Assert.Equal(21, sbi2008.Count);
        Assert.DoesNotContain(sbi2008, o => o!["sector"]!["code"]!.GetValue<string>() == "V");
    }

    [Fact]
    public async Task Role_rows_give_each_roles_figures_without_respondents_and_hide_a_role_that_fewer_than_k_organisations_lack()
    {
        // Eight organisations: all have team members, six also managers (two do not: fewer than k).
        var scans = Enumerable.Range(0, 8).Select(i => WithRoles(
            V2(4 + (0.1 * i), "C", "small", "NL-UT", "2025-Q4"),
            ("team-member", 5, 3.5 + (0.1 * i)),
            i < 6 ? ("manager", 3, 5.0 + (0.2 * i)) : null)).ToList();
        await IngestAsync(scans);
        await ReleaseAsync();

        var rows = await ObservationsAsync($"&dimension={Dimension}&role=_T,team-member,manager,nobody&startPeriod=2025-Q4&endPeriod=2025-Q4");
        Assert.Equal(["_T", "team-member", "manager", "nobody"], rows.Select(r => r!["role"]!.GetValue<string>()));
        var all = rows[0]!;
        var members = rows[1]!;
        Assert.Equal(("published", 8L, 58L), (all["status"]!.GetValue<string>(), all["organisations"]!.GetValue<long>(), all["respondents"]!.GetValue<long>()));
        Assert.Equal(("published", 8L), (members["status"]!.GetValue<string>(), members["organisations"]!.GetValue<long>()));
        RoundedAssert.Equal(Enumerable.Range(0, 8).Average(i => 3.5 + (0.1 * i)), members["mean"]!.GetValue<double>());
        Assert.Null(members["respondents"]);

        // Beside the all-respondents row the managers' row would describe the two organisations without managers.
        Assert.Equal(("suppressed", "roleComplement"), (rows[2]!["status"]!.GetValue<string>(), rows[2]!["reason"]!.GetValue<string>()));
        Assert.Null(rows[2]!["mean"]);

        // A role nobody answered in is listed as a cell nobody is in: suppressed, the same reason as a cell of one.
        Assert.Equal(("suppressed", "minimumOrganisations"), (rows[3]!["status"]!.GetValue<string>(), rows[3]!["reason"]!.GetValue<string>()));

        // The default is all respondents only; the CSV carries the role column.
        Assert.Equal(["_T"], (await ObservationsAsync($"&dimension={Dimension}&startPeriod=2025-Q4&endPeriod=2025-Q4")).Select(r => r!["role"]!.GetValue<string>()));
        var csv = await ParseCsvAsync(await ClientAs(null).GetAsync($"{Base}&dimension={Dimension}&role=team-member&startPeriod=2025-Q4&endPeriod=2025-Q4&format=csv"));
        Assert.Equal(("team-member", "", "published"), (csv.Single()["role"], csv.Single()["respondents"], csv.Single()["status"]));
    }

    [Fact]
    public async Task A_role_cell_is_hidden_where_its_all_respondents_cell_is_hidden_so_it_cannot_stand_in_for_it()
    {
        // Micro: six organisations, one with most respondents (hidden for dominance), none with managers.
        // Small: six organisations whose respondents are all managers: their managers' figures are their own.
        // Small is hidden beside micro (else micro = the sector's total − small); its managers' cell would be small itself.
        var micro = Enumerable.Range(0, 6).Select(i => WithRoles(V2(4 + (0.1 * i), "C", "micro", "NL-UT", "2025-Q1"), ("team-member", i == 0 ? 20 : 3, 4 + (0.1 * i)), null));
        var small = Enumerable.Range(0, 6).Select(i => WithRoles(V2(5 + (0.1 * i), "C", "small", "NL-UT", "2025-Q1"), ("manager", 3, 5 + (0.1 * i)), null));
        await IngestAsync(micro.Concat(small));
        await ReleaseAsync();

        var rows = await ObservationsAsync($"&dimension={Dimension}&role=_T,manager&groupBy=sector,sizeClass&sector=C&sizeClass=micro,small,_T&startPeriod=2025-Q1&endPeriod=2025-Q1");
        string Status(string role, string size) => rows.Single(r => r!["role"]!.GetValue<string>() == role && r["sizeClass"]!["code"]!.GetValue<string>() == size)!["status"]!.GetValue<string>();
        Assert.Equal(("suppressed", "suppressed", "published"), (Status("_T", "micro"), Status("_T", "small"), Status("_T", "_T")));
        Assert.Equal("suppressed", Status("manager", "small"));
        Assert.Equal("secondary", rows.Single(r => r!["role"]!.GetValue<string>() == "manager" && r["sizeClass"]!["code"]!.GetValue<string>() == "small")!["reason"]!.GetValue<string>());
    }

    private static ScanCompletedV2 WithRoles(ScanCompletedV2 scan, params (string Role, int Respondents, double Mean)?[] roles) => scan with
    {
        RespondentCount = roles.OfType<(string Role, int Respondents, double Mean)>().Sum(r => r.Respondents),
        Roles = roles.OfType<(string Role, int Respondents, double Mean)>().Select(r => new RoleScores
        {
            Role = r.Role,
            RespondentCount = r.Respondents,
            Scores = [new DimensionScoreV2 { Dimension = Dimension, RespondentCount = r.Respondents, Mean = r.Mean, Score = (r.Mean - 1) / 6 * 100, ScaleMin = 1, ScaleMax = 7 }],
        }).ToList(),
    };

    [Fact]
    public async Task A_rebuild_switches_every_period_at_once_and_one_that_fails_leaves_every_release_in_force()
    {
        await IngestAsync(Enumerable.Range(0, 6).Select(i => V2(4 + (0.1 * i), "C", "small", "NL-UT", "2024-Q2"))
            .Concat(Enumerable.Range(0, 6).Select(i => V2(5 + (0.1 * i), "C", "small", "NL-UT", "2024-Q3"))));
        await ReleaseAsync();
        const string twoQuarters = $"&dimension={Dimension}&startPeriod=2024-Q2&endPeriod=2024-Q3";
        var inForce = await ObservationsAsync(twoQuarters);
        Assert.Equal([6L, 6L], inForce.Select(o => o!["organisations"]!.GetValue<long>()));

        // Five more organisations in each quarter: enough for a revision of both.
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(3 + (0.1 * i), "C", "small", "NL-UT", "2024-Q2"))
            .Concat(Enumerable.Range(0, 5).Select(i => V2(6 + (0.1 * i), "C", "small", "NL-UT", "2024-Q3"))));

        // The second period's rows cannot be written (think of a full disk): the first one's, replaced
        // before it in the same transaction, come back too.
        var database = Factory.Services.GetRequiredService<Leercultuur.Data.Database<ReportingModule>>();
        await using (var connection = await database.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "CREATE TRIGGER refuse_2024_q3 BEFORE INSERT ON observations WHEN NEW.period = '2024-Q3' BEGIN SELECT RAISE(ABORT, 'refused on purpose'); END;");
        }

        var job = Factory.Services.GetRequiredService<Reporting.Observations.ReleaseJob>();
        var failed = await job.RebuildAsync(CancellationToken.None);
        Assert.Contains(failed, o => o.Period == "2024-Q2");
        Assert.All(failed, o => Assert.Equal("failed", o.Outcome));
        Assert.Equal(
            inForce.Select(o => o!.ToJsonString()),
            (await ObservationsAsync(twoQuarters)).Select(o => o!.ToJsonString()));

        await using (var connection = await database.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "DROP TRIGGER refuse_2024_q3");
        }

        var rebuilt = await job.RebuildAsync(CancellationToken.None);
        Assert.Equal(["released", "released"], rebuilt.Where(o => o.Period is "2024-Q2" or "2024-Q3").Select(o => o.Outcome));
        Assert.Equal([11L, 11L], (await ObservationsAsync(twoQuarters)).Select(o => o!["organisations"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_dimension_continues_across_versions_only_where_the_later_version_declares_it_comparable()
    {
        // v1 in 2025-Q2; v2 in 2025-Q3 renames the dimension and declares it comparable; v3 in 2025-Q4 declares nothing.
        ScanCompletedV2 Version(ScanCompletedV2 scan, int version, string dimension, VersionComparability? comparable) => scan with
        {
            InstrumentVersion = version,
            Scores = [.. scan.Scores.Select(d => d with { Dimension = dimension })],
            ComparableTo = comparable,
        };
        var declared = new VersionComparability { Version = 1, Dimensions = new Dictionary<string, string> { ["safety-v2"] = Dimension } };
        await IngestAsync(Enumerable.Range(0, 6).Select(i => V2(4 + (0.1 * i), "C", "small", "NL-UT", "2025-Q2"))
            .Concat(Enumerable.Range(0, 6).Select(i => Version(V2(5 + (0.1 * i), "C", "small", "NL-UT", "2025-Q3"), 2, "safety-v2", declared)))
            .Concat(Enumerable.Range(0, 6).Select(i => Version(V2(3 + (0.1 * i), "C", "small", "NL-UT", "2025-Q4"), 3, Dimension, null))));
        await ReleaseAsync();

        // Asked by v1's key: v1's rows, v2's renamed rows of the same series, and v3's rows of its own series.
        var rows = await ObservationsAsync($"&dimension={Dimension}&startPeriod=2025-Q2&endPeriod=2025-Q4");
        Assert.Equal(
            [("2025-Q2", 1, Dimension, 1, Dimension), ("2025-Q3", 2, "safety-v2", 1, Dimension), ("2025-Q4", 3, Dimension, 3, Dimension)],
            rows.Select(r => (r!["period"]!.GetValue<string>(), r["instrumentVersion"]!.GetValue<int>(), r["dimension"]!.GetValue<string>(), r["series"]!["instrumentVersion"]!.GetValue<int>(), r["series"]!["dimension"]!.GetValue<string>())));

        // A trend of v2's key runs through v1 (declared comparable) and marks the version change.
        var trend = JsonNode.Parse(await ClientAs(null).GetStringAsync($"/reporting/v1/trends?instrument={TestEvents.Instrument}&dimension=safety-v2&startPeriod=2025-Q2&endPeriod=2025-Q4"))!;
        var points = trend["series"]![0]!["points"]!.AsArray();
        Assert.Equal([("2025-Q2", 1, false), ("2025-Q3", 2, true)], points.Select(p => (p!["period"]!.GetValue<string>(), p["instrumentVersion"]!.GetValue<int>(), p["versionChanged"]!.GetValue<bool>())));
        RoundedAssert.Equal(Enumerable.Range(0, 6).Average(i => 4 + (0.1 * i)), points[0]!["mean"]!.GetValue<double>());

        // A trend of the key as v3 has it starts with v3: v3 declares nothing comparable.
        var broken = JsonNode.Parse(await ClientAs(null).GetStringAsync($"/reporting/v1/trends?instrument={TestEvents.Instrument}&dimension={Dimension}&startPeriod=2025-Q2&endPeriod=2025-Q4"))!;
        Assert.Equal(["2025-Q4"], broken["series"]![0]!["points"]!.AsArray().Select(p => p!["period"]!.GetValue<string>()));
        Assert.Equal(3, broken["dimensionSeries"]!["instrumentVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Comparable_versions_scanned_in_one_period_are_pooled_in_one_row_where_each_organisation_counts_once_with_its_latest_scan()
    {
        // 2025-Q3: three organisations on v1, two on v2 (its safety-v2 declared comparable with v1's key, its
        // new-dimension not), and one that scanned v1 and then v2 in the same quarter. Apart, each version's
        // cell would be under k; pooled, the series has six organisations.
        var declared = new VersionComparability { Version = 1, Dimensions = new Dictionary<string, string> { ["safety-v2"] = Dimension } };
        var start = new DateTimeOffset(2025, 7, 10, 9, 0, 0, TimeSpan.Zero);
        ScanCompletedV2 Scan(double mean, int version, Guid? organisation = null, int minutes = 0)
        {
            var scan = TestEvents.V2(TestEvents.ScanCompleted(mean, period: "2025-Q3", organisationId: organisation, completedAt: start.AddMinutes(minutes)));
            return version == 1 ? scan : scan with
            {
                InstrumentVersion = 2,
                Scores = [.. scan.Scores.Select(d => d with { Dimension = "safety-v2" }), scan.Scores[0] with { Dimension = "new-dimension" }],
                ComparableTo = declared,
            };
        }

        var switcher = Guid.NewGuid();
        await IngestAsync(new[] { 4.0, 4.2, 4.4 }.Select(m => Scan(m, 1))
            .Concat(new[] { 5.0, 5.2 }.Select(m => Scan(m, 2)))
            .Append(Scan(1.0, 1, switcher, 0))
            .Append(Scan(6.0, 2, switcher, 60))
            .Concat(Enumerable.Range(0, 5).Select(i => V2(3 + (0.1 * i), "C", "small", "NL-UT", "2025-Q2"))));
        await ReleaseAsync();

        // Asked by either version's key: the one pooled row of the series, under the latest version's key.
        foreach (var key in new[] { Dimension, "safety-v2" })
        {
            var row = Assert.Single(await ObservationsAsync($"&dimension={key}&startPeriod=2025-Q3&endPeriod=2025-Q3"))!;
            Assert.Equal(
                ("published", 6L, 2, "safety-v2", "1,2", 1, Dimension),
                (row["status"]!.GetValue<string>(), row["organisations"]!.GetValue<long>(), row["instrumentVersion"]!.GetValue<int>(), row["dimension"]!.GetValue<string>(),
                    string.Join(',', row["instrumentVersions"]!.AsArray().Select(v => v!.GetValue<int>())), row["series"]!["instrumentVersion"]!.GetValue<int>(), row["series"]!["dimension"]!.GetValue<string>()));
            RoundedAssert.Equal(new[] { 4.0, 4.2, 4.4, 5.0, 5.2, 6.0 }.Average(), row["mean"]!.GetValue<double>());
        }

        // A dimension v2 does not declare comparable is a series of its own: v2's three organisations, under k.
        var own = Assert.Single(await ObservationsAsync("&dimension=new-dimension&startPeriod=2025-Q3&endPeriod=2025-Q3"))!;
        Assert.Equal(("suppressed", 2, "2"), (own["status"]!.GetValue<string>(), own["series"]!["instrumentVersion"]!.GetValue<int>(), string.Join(',', own["instrumentVersions"]!.AsArray().Select(v => v!.GetValue<int>()))));

        // The trend of the series marks the quarter that pools another version.
        var trend = JsonNode.Parse(await ClientAs(null).GetStringAsync($"/reporting/v1/trends?instrument={TestEvents.Instrument}&dimension=safety-v2&startPeriod=2025-Q2&endPeriod=2025-Q3"))!;
        Assert.Equal(
            [("2025-Q2", 1, "1", false), ("2025-Q3", 2, "1,2", true)],
            trend["series"]![0]!["points"]!.AsArray().Select(p => (p!["period"]!.GetValue<string>(), p["instrumentVersion"]!.GetValue<int>(), string.Join(',', p["instrumentVersions"]!.AsArray().Select(v => v!.GetValue<int>())), p["versionChanged"]!.GetValue<bool>())));

        // What reporting holds: each version with its own keys.
        var instrument = JsonNode.Parse(await ClientAs(null).GetStringAsync("/reporting/v1/instruments"))!.AsArray().Single(i => i!["key"]!.GetValue<string>() == TestEvents.Instrument)!;
        Assert.Equal(
            ["1:" + Dimension, "2:new-dimension,safety-v2"],
            instrument["versions"]!.AsArray().Select(v => $"{v!["version"]!.GetValue<int>()}:{string.Join(',', v["dimensions"]!.AsArray().Select(d => d!.GetValue<string>()))}"));

        // A scan's benchmark (the shape the scan service reads) gives the pooled figure to either version's scans, under its own key.
        var benchmark = JsonNode.Parse(await ClientAs(null).GetStringAsync($"/reporting/v1/benchmarks?instrument={TestEvents.Instrument}&period=2025-Q3&sector=C&sbiVersion=2008"))!;
        Assert.Equal(
            [(1, Dimension, 6L), (2, "safety-v2", 6L)],
            benchmark["cells"]!.AsArray().Where(c => c!["status"]!.GetValue<string>() == "published")
                .Select(c => (c!["instrumentVersion"]!.GetValue<int>(), c["dimension"]!.GetValue<string>(), c["organisations"]!.GetValue<long>())));

        // One release for the family's quarter, and a rebuild finds nothing to change.
        var job = Factory.Services.GetRequiredService<Reporting.Observations.ReleaseJob>();
        var rebuilt = await job.RebuildAsync(CancellationToken.None);
        Assert.Equal([("2025-Q2", 1, "unchanged"), ("2025-Q3", 1, "unchanged"), ("2025", 1, "unchanged")], rebuilt.Select(o => (o.Period, o.InstrumentVersion, o.Outcome)));
    }

    [Fact]
    public async Task An_organisation_whose_teams_scanned_with_two_comparable_versions_counts_once_with_its_teams_combined_and_a_team_s_later_version_replaces_its_earlier()
    {
        var declared = new VersionComparability { Version = 1, Dimensions = new Dictionary<string, string> { ["safety-v2"] = Dimension } };
        var start = new DateTimeOffset(2025, 10, 6, 9, 0, 0, TimeSpan.Zero);
        ScanCompletedV2 Team(Guid organisation, string team, int version, double mean, int respondents, int minutes)
        {
            var scan = TestEvents.V2(TestEvents.ScanCompleted(mean, period: "2025-Q4", respondents: respondents, organisationId: organisation, completedAt: start.AddMinutes(minutes)), team);
            return version == 1 ? scan : scan with
            {
                InstrumentVersion = 2,
                Scores = [.. scan.Scores.Select(d => d with { Dimension = "safety-v2" })],
                ComparableTo = declared,
            };
        }

        // Five organisations with team a on v1 (3 respondents) and team b on v2 (6); one whose only team
        // scanned v1 and then v2.
        var organisations = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var replaced = Guid.NewGuid();
        await IngestAsync(organisations.SelectMany((o, i) => new[] { Team(o, "a", 1, 3 + (0.2 * i), 3, i), Team(o, "b", 2, 5 + (0.1 * i), 6, 10 + i) })
            .Append(Team(replaced, "a", 1, 1.0, 4, 0))
            .Append(Team(replaced, "a", 2, 6.5, 4, 30)));
        await ReleaseAsync();

        var expected = organisations.Select((_, i) => ((3 * (3 + (0.2 * i))) + (6 * (5 + (0.1 * i)))) / 9).Append(6.5).ToList();
        var row = Assert.Single(await ObservationsAsync($"&dimension={Dimension}&startPeriod=2025-Q4&endPeriod=2025-Q4"))!;
        Assert.Equal(("published", 6L, (5 * 9) + 4L), (row["status"]!.GetValue<string>(), row["organisations"]!.GetValue<long>(), row["respondents"]!.GetValue<long>()));
        RoundedAssert.Equal(expected.Average(), row["mean"]!.GetValue<double>());

        // The year counts each organisation once, as its quarter did.
        var year = Assert.Single(await ObservationsAsync($"&dimension={Dimension}&startPeriod=2025&endPeriod=2025"))!;
        Assert.Equal(6L, year["organisations"]!.GetValue<long>());
        RoundedAssert.Equal(expected.Average(), year["mean"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_declaration_that_arrives_after_facts_of_its_version_is_kept_but_not_applied_so_periods_released_apart_stay_apart()
    {
        // v2 scans from before declarations were carried, released on their own; then v2 scans that declare v1's key comparable.
        ScanCompletedV2 Version2(double mean, string period, VersionComparability? comparable) => V2(mean, "C", "small", "NL-UT", period) with
        {
            InstrumentVersion = 2,
            ComparableTo = comparable,
        };
        var declared = new VersionComparability { Version = 1, Dimensions = new Dictionary<string, string> { [Dimension] = Dimension } };
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4 + (0.1 * i), "C", "small", "NL-UT", "2025-Q1"))
            .Concat(Enumerable.Range(0, 5).Select(i => Version2(5 + (0.1 * i), "2025-Q1", null))));
        await ReleaseAsync();
        await IngestAsync(Enumerable.Range(0, 5).Select(i => Version2(6 + (0.1 * i), "2025-Q2", declared)));
        await ReleaseAsync();

        // Each version its own row and series, in both quarters: v2's late declaration joined nothing.
        var rows = await ObservationsAsync($"&dimension={Dimension}&startPeriod=2025-Q1&endPeriod=2025-Q2");
        Assert.Equal(
            [("2025-Q1", 1, 1, 5L), ("2025-Q1", 2, 2, 5L), ("2025-Q2", 2, 2, 5L)],
            rows.Where(r => r!["status"]!.GetValue<string>() == "published")
                .Select(r => (r!["period"]!.GetValue<string>(), r["instrumentVersion"]!.GetValue<int>(), r["series"]!["instrumentVersion"]!.GetValue<int>(), r["organisations"]!.GetValue<long>())));
        var job = Factory.Services.GetRequiredService<Reporting.Observations.ReleaseJob>();
        Assert.All(await job.RebuildAsync(CancellationToken.None), o => Assert.Equal("unchanged", o.Outcome));
    }

    [Fact]
    public async Task A_family_that_gains_a_version_leaves_the_releases_made_before_unchanged()
    {
        // Role figures in more than one dimension, in the order the scan gave them: a release that read them in
        // another order would see every organisation as changed and hold its revision.
        ScanCompletedV2 WithRoles(ScanCompletedV2 scan, string first, string second) => scan with
        {
            RespondentCount = 6,
            Scores = [.. scan.Scores.Select(d => d with { Dimension = first, RespondentCount = 6 }), scan.Scores[0] with { Dimension = second, RespondentCount = 6 }],
            Roles =
            [
                new RoleScores { Role = "manager", RespondentCount = 3, Scores = [scan.Scores[0] with { Dimension = first, RespondentCount = 3 }, scan.Scores[0] with { Dimension = second, RespondentCount = 3 }] },
                new RoleScores { Role = "team-member", RespondentCount = 3, Scores = [scan.Scores[0] with { Dimension = first, RespondentCount = 3 }, scan.Scores[0] with { Dimension = second, RespondentCount = 3 }] },
            ],
        };
        // Two in a cell of their own: a revision that saw them as changed would change that cell by fewer than k.
        await IngestAsync(Enumerable.Range(0, 8).Select(i => WithRoles(V2(4 + (0.1 * i), i < 6 ? "C" : "F", "small", "NL-UT", "2025-Q1"), "zeal", Dimension)));
        var first = await ReleaseAsync();
        Assert.Equal("released", Outcome(first, "2025-Q1")["outcome"]!.GetValue<string>());

        var declared = new VersionComparability { Version = 1, Dimensions = new Dictionary<string, string> { ["zeal"] = "zeal", [Dimension] = Dimension } };
        await IngestAsync(Enumerable.Range(0, 6).Select(i => WithRoles(V2(5 + (0.1 * i), "C", "small", "NL-UT", "2025-Q2"), "zeal", Dimension) with { InstrumentVersion = 2, ComparableTo = declared }));
        await ReleaseAsync();

        var job = Factory.Services.GetRequiredService<Reporting.Observations.ReleaseJob>();
        var rebuilt = await job.RebuildAsync(CancellationToken.None);
        Assert.Equal([("2025-Q1", "unchanged"), ("2025-Q2", "unchanged"), ("2025", "unchanged")], rebuilt.Select(o => (o.Period, o.Outcome)));
        var row = Assert.Single(await ObservationsAsync($"&dimension={Dimension}&role=manager&startPeriod=2025-Q1&endPeriod=2025-Q1"))!;
        Assert.Equal(("published", "1"), (row["status"]!.GetValue<string>(), string.Join(',', row["instrumentVersions"]!.AsArray().Select(v => v!.GetValue<int>()))));
    }

    [Fact]
    public async Task An_answer_is_given_again_for_the_same_request_until_a_release_or_a_revision_changes_it_and_never_after()
    {
        const string query = $"&dimension={Dimension}&groupBy=sector&sector=C&startPeriod=2025-Q2&endPeriod=2025-Q3";
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4 + (0.1 * i), "C", "small", "NL-UT", "2025-Q2")));
        await ReleaseAsync();
        var first = await ClientAs(null).GetAsync(Base + query);
        var again = await ClientAs(null).GetAsync(Base + query);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal([("2025-Q2", "published", 5L), ("2025-Q3", "provisional", 0L)], Rows(await ObservationsAsync(query)));

        // A new period released: the same request answers with it.
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(5, "C", "small", "NL-UT", "2025-Q3")));
        await ReleaseAsync();
        Assert.Equal([("2025-Q2", "published", 5L), ("2025-Q3", "published", 5L)], Rows(await ObservationsAsync(query)));

        // A revision of a released period (five more organisations in the cell): the same request answers with it.
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(6, "C", "small", "NL-UT", "2025-Q2")));
        Assert.Equal("released", Outcome(await ReleaseAsync(), "2025-Q2")["outcome"]!.GetValue<string>());
        Assert.Equal([("2025-Q2", "published", 10L), ("2025-Q3", "published", 5L)], Rows(await ObservationsAsync(query)));
        Assert.NotEqual(first.Headers.ETag, (await ClientAs(null).GetAsync(Base + query)).Headers.ETag);

        static List<(string, string, long)> Rows(List<JsonNode?> rows) =>
            rows.Select(r => (r!["period"]!.GetValue<string>(), r["status"]!.GetValue<string>(), r["organisations"]?.GetValue<long>() ?? 0)).ToList();
    }

    [Fact]
    public async Task Json_and_csv_give_the_same_rows_and_the_csv_parses_back_with_one_header_row()
    {
        await IngestAsync(Enumerable.Range(0, 7).Select(i => V2(3 + (0.5 * i), i < 5 ? "C" : "J", "small", "NL-UT", "2025-Q3")));
        await ReleaseAsync();
        const string query = "&groupBy=sector,province&sector=C,J,_T&province=NL-UT,_T&startPeriod=2025-Q3&endPeriod=2025-Q3";

        var json = await ObservationsAsync(query);
        var request = new HttpRequestMessage(HttpMethod.Get, Base + query);
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await ParseCsvAsync(await ClientAs(null).SendAsync(request));

        Assert.Equal(json.Count, csv.Count);
        foreach (var (o, r) in json.Zip(csv))
        {
            Assert.Equal(o!["sector"]!["code"]!.GetValue<string>(), r["sector"]);
            Assert.Equal(o["province"]!["code"]!.GetValue<string>(), r["province"]);
            Assert.Equal(o["status"]!.GetValue<string>(), r["status"]);
            Assert.Equal(o["mean"]?.GetValue<double>(), r["mean"] == "" ? null : double.Parse(r["mean"], CultureInfo.InvariantCulture));
            Assert.Equal(o["organisations"]?.GetValue<long>(), r["organisations"] == "" ? null : long.Parse(r["organisations"], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task An_answer_carries_an_ETag_that_answers_304_until_a_release_changes_it()
    {
        await IngestAsync(Enumerable.Range(0, 3).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q1")));
        await ReleaseAsync();
        var url = Base + "&groupBy=sector&startPeriod=2025-Q1&endPeriod=2025-Q1";
        var first = await ClientAs(null).GetAsync(url);
        var tag = first.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await ClientAs(null).SendAsync(again)).StatusCode);

        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(5, "F", "small", "NL-UT", "2025-Q1")));
        await ReleaseAsync();
        var changed = new HttpRequestMessage(HttpMethod.Get, url);
        changed.Headers.IfNoneMatch.Add(tag);
        var response = await ClientAs(null).SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(tag, response.Headers.ETag);
    }

    [Fact]
    public async Task UpdatedAfter_gives_only_what_changed_since_a_moment_including_cells_that_are_hidden_now()
    {
        await IngestAsync(Enumerable.Range(0, 3).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q1")));
        await ReleaseAsync();
        const string query = "&groupBy=sector&startPeriod=2025-Q1&endPeriod=2025-Q1";
        Assert.All(await ObservationsAsync(query), o => Assert.Equal("suppressed", o!["status"]!.GetValue<string>()));
        await Task.Delay(50);
        var moment = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var since = $"&updatedAfter={Uri.EscapeDataString(moment.ToString("O"))}";
        Assert.Empty(await ObservationsAsync(query + since));

        // Two more in C and three in F: eight in all, shown; C (five) is hidden with F (three), or the total
        // minus C would describe F's three.
        await IngestAsync(Enumerable.Range(0, 2).Select(i => V2(5, "C", "small", "NL-UT", "2025-Q1"))
            .Concat(Enumerable.Range(0, 3).Select(i => V2(6, "F", "small", "NL-UT", "2025-Q1"))));
        await ReleaseAsync();
        var changed = await ObservationsAsync(query + since);

        // The sync gives the whole table of the period that changed, every sector: which cells hold
        // organisations is no more visible in a sync than in any other answer.
        Assert.Equal(22, changed.Count);
        Assert.All(changed, o => Assert.Equal("suppressed", o!["status"]!.GetValue<string>()));
        Assert.All(changed, o => Assert.Null(o!["mean"]));
        Assert.All(changed, o => Assert.True(o!["changedAt"]!.GetValue<DateTimeOffset>() > moment));
        Assert.Equal("secondary", changed.Single(o => o!["sector"]!["code"]!.GetValue<string>() == "C")!["reason"]!.GetValue<string>());
        Assert.Equal("minimumOrganisations", changed.Single(o => o!["sector"]!["code"]!.GetValue<string>() == "Q")!["reason"]!.GetValue<string>());
        var total = Assert.Single(await ObservationsAsync("&startPeriod=2025-Q1&endPeriod=2025-Q1" + since))!;
        Assert.Equal(("published", 8), (total["status"]!.GetValue<string>(), total["organisations"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_period_not_yet_released_is_provisional_with_no_figures()
    {
        var open = new Period(DateTimeOffset.UtcNow.Year, ((DateTimeOffset.UtcNow.Month - 1) / 3) + 1).ToString();
        await IngestAsync(Enumerable.Range(0, 6).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q2")));
        await ReleaseAsync();
        await IngestAsync(Enumerable.Range(0, 6).Select(i => V2(4, "C", "small", "NL-UT", open)));
        Assert.DoesNotContain(await ReleaseAsync(), o => o!["period"]!.GetValue<string>() == open);

        var rows = await ObservationsAsync($"&groupBy=sector&startPeriod={open}&endPeriod={open}");
        Assert.Equal(22, rows.Count);
        Assert.All(rows, o => Assert.Equal("provisional", o!["status"]!.GetValue<string>()));
        Assert.All(rows, o => Assert.Null(o!["mean"]));
        Assert.All(rows, o => Assert.Null(o!["organisations"]));
    }

    [Fact]
    public async Task A_revision_that_would_change_a_shown_figure_by_fewer_than_k_organisations_waits_until_k_have_changed()
    {
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q2")));
        Assert.Equal("released", Outcome(await ReleaseAsync(), "2025-Q2")["outcome"]!.GetValue<string>());
        var query = "&startPeriod=2025-Q2&endPeriod=2025-Q2";
        Assert.Equal(5, (await ObservationsAsync(query)).Single()!["organisations"]!.GetValue<int>());

        // One more: comparing the two totals would give that one organisation's score away.
        await IngestAsync([V2(7, "C", "small", "NL-UT", "2025-Q2")]);
        var held = Outcome(await ReleaseAsync(), "2025-Q2");
        Assert.Equal("held", held["outcome"]!.GetValue<string>());
        Assert.Contains("fewer than 5", held["reason"]!.GetValue<string>());
        Assert.Equal(5, (await ObservationsAsync(query)).Single()!["organisations"]!.GetValue<int>());

        // Four more: five changed since the release, and the revision goes out.
        await IngestAsync(Enumerable.Range(0, 4).Select(i => V2(3, "C", "small", "NL-UT", "2025-Q2")));
        Assert.Equal("released", Outcome(await ReleaseAsync(), "2025-Q2")["outcome"]!.GetValue<string>());
        var total = (await ObservationsAsync(query)).Single()!;
        Assert.Equal(10, total["organisations"]!.GetValue<int>());
        Assert.Equal((20 + 7 + 12) / 10.0, total["mean"]!.GetValue<double>(), 9);
    }

    [Fact]
    public async Task A_revision_is_held_when_a_hidden_cell_changes_by_fewer_than_k_even_where_every_shown_one_changes_by_k()
    {
        // C shown (5); F (2) and G (3) hidden together; the total shown (10).
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q3"))
            .Concat(Enumerable.Range(0, 2).Select(i => V2(5, "F", "small", "NL-UT", "2025-Q3")))
            .Concat(Enumerable.Range(0, 3).Select(i => V2(6, "G", "small", "NL-UT", "2025-Q3"))));
        await ReleaseAsync();
        var before = await ObservationsAsync("&groupBy=sector&sector=C,F,G,_T&startPeriod=2025-Q3&endPeriod=2025-Q3");
        Assert.Equal(["published", "suppressed", "suppressed", "published"], before.Select(o => o!["status"]!.GetValue<string>()));

        // Five more in C and one in F: the total and C change by five or more, but total minus C would be F's
        // change, one organisation.
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(3, "C", "small", "NL-UT", "2025-Q3")).Append(V2(7, "F", "small", "NL-UT", "2025-Q3")));
        Assert.Equal("held", Outcome(await ReleaseAsync(), "2025-Q3")["outcome"]!.GetValue<string>());
        Assert.Equal(
            before.Select(o => o!.ToJsonString()),
            (await ObservationsAsync("&groupBy=sector&sector=C,F,G,_T&startPeriod=2025-Q3&endPeriod=2025-Q3")).Select(o => o!.ToJsonString()));
    }

    [Fact]
    public async Task A_rebuild_recomputes_every_release_from_the_facts_and_changes_nothing_visible()
    {
        await IngestAsync(Enumerable.Range(0, 9).Select(i => V2(3 + (0.3 * i), i % 3 == 0 ? "F" : "C", i % 2 == 0 ? "micro" : "small", "NL-UT", "2025-Q4")));
        await ReleaseAsync();
        var url = Base + "&groupBy=sector,sizeClass&sector=C,F,_T&sizeClass=micro,small,_T&startPeriod=2025-Q4&endPeriod=2025-Q4";
        var before = await ClientAs(null).GetAsync(url);

        var rebuilt = await Client.PostAsync("/reporting/v1/rebuilds", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal("unchanged", Outcome(JsonNode.Parse(await rebuilt.Content.ReadAsStringAsync())!["outcomes"]!.AsArray(), "2025-Q4")["outcome"]!.GetValue<string>());

        var after = await ClientAs(null).GetAsync(url);
        Assert.Equal(await before.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task A_kept_answer_goes_gzip_compressed_to_a_client_that_takes_it_under_a_tag_of_its_own()
    {
        await IngestAsync(Enumerable.Range(0, 6).Select(i => V2(4 + (0.1 * i), i < 3 ? "C" : "F", "small", "NL-UT", "2025-Q1")));
        await ReleaseAsync();
        var url = Base + "&groupBy=sector,sizeClass,province&startPeriod=2025-Q1&endPeriod=2025-Q1";
        var plain = await ClientAs(null).GetAsync(url);
        var body = await plain.Content.ReadAsByteArrayAsync();
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.True(body.Length >= Leercultuur.Reporting.Observations.AnswerCache.SmallestToCompress, "the three-way answer is large enough to compress");

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br;q=0");
        var compressed = await ClientAs(null).SendAsync(request);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        var zipped = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(zipped.Length < body.Length / 4, $"{zipped.Length} bytes compressed of {body.Length}");
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(zipped), System.IO.Compression.CompressionMode.Decompress))
        using (var unzipped = new MemoryStream())
        {
            await gzip.CopyToAsync(unzipped);
            Assert.Equal(body, unzipped.ToArray());
        }

        // Each representation revalidates under its own tag.
        Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.AcceptEncoding.ParseAdd("gzip");
        revalidate.Headers.IfNoneMatch.Add(compressed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await ClientAs(null).SendAsync(revalidate)).StatusCode);
        using var other = new HttpRequestMessage(HttpMethod.Get, url);
        other.Headers.IfNoneMatch.Add(compressed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await ClientAs(null).SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Rows_read_with_a_token_vary_with_the_token_so_no_browser_gives_them_to_the_next_caller()
    {
        var a = Guid.NewGuid();
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q2", [a])));
        await ReleaseAsync();
        var own = await ClientAs("programme", a).GetAsync($"{Base}&groupBy=programme&startPeriod=2025-Q2&endPeriod=2025-Q2");
        Assert.Contains("Authorization", own.Headers.Vary);
        Assert.True(own.Headers.CacheControl!.Private);
        var open = await ClientAs(null).GetAsync($"{Base}&groupBy=sector&startPeriod=2025-Q2&endPeriod=2025-Q2");
        Assert.DoesNotContain("Authorization", open.Headers.Vary);
    }

    [Fact]
    public async Task Programme_rows_are_for_that_programmes_token_or_an_analyst_and_never_another_programmes()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4 + i, "C", "small", "NL-UT", "2025-Q2", [a]))
            .Concat(Enumerable.Range(0, 5).Select(i => V2(3, "F", "small", "NL-UT", "2025-Q2", [b]))));
        await ReleaseAsync();
        var own = $"{Base}&groupBy=programme&programme={a}&startPeriod=2025-Q2&endPeriod=2025-Q2";

        await HttpAssert.ProblemAsync(await ClientAs(null).GetAsync(own), HttpStatusCode.Unauthorized);
        var mine = JsonNode.Parse(await ClientAs("programme", a).GetStringAsync(own))!["observations"]!.AsArray();
        var row = Assert.Single(mine)!;
        Assert.Equal((a.ToString("D"), 5, 6.0), (row["programme"]!["code"]!.GetValue<string>(), row["organisations"]!.GetValue<int>(), row["mean"]!.GetValue<double>()));
        await HttpAssert.ProblemAsync(await ClientAs("programme", b).GetAsync(own), HttpStatusCode.NotFound);

        // Without a programme filter a programme client gets its own rows only; an analyst gets every programme's.
        var listing = $"{Base}&groupBy=programme&startPeriod=2025-Q2&endPeriod=2025-Q2";
        Assert.Equal([b.ToString("D")], JsonNode.Parse(await ClientAs("programme", b).GetStringAsync(listing))!["observations"]!.AsArray().Select(o => o!["programme"]!["code"]!.GetValue<string>()));
        Assert.Equal(
            new[] { a, b }.Select(p => p.ToString("D")).Order(StringComparer.Ordinal),
            JsonNode.Parse(await ClientAs("analyst").GetStringAsync(listing))!["observations"]!.AsArray().Select(o => o!["programme"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_trend_runs_over_the_periods_and_marks_where_the_instrument_version_changed()
    {
        await IngestAsync(Enumerable.Range(0, 5).Select(i => V2(4, "C", "small", "NL-UT", "2025-Q1"))
            .Concat(Enumerable.Range(0, 5).Select(i => V2(5, "C", "small", "NL-UT", "2025-Q2") with
            {
                InstrumentVersion = 2,
                ComparableTo = new VersionComparability { Version = 1, Dimensions = new Dictionary<string, string> { [Dimension] = Dimension } },
            })));
        await ReleaseAsync();

        var trend = JsonNode.Parse(await ClientAs(null).GetStringAsync($"/reporting/v1/trends?instrument={TestEvents.Instrument}&dimension={Dimension}&startPeriod=2025-Q1&endPeriod=2025-Q2"))!;
        var points = Assert.Single(trend["series"]!.AsArray())!["points"]!.AsArray();
        Assert.Equal(
            [("2025-Q1", 1, false, 4.0), ("2025-Q2", 2, true, 5.0)],
            points.Select(p => (p!["period"]!.GetValue<string>(), p["instrumentVersion"]!.GetValue<int>(), p["versionChanged"]!.GetValue<bool>(), p["mean"]!.GetValue<double>())));
    }

    [Fact]
    public async Task The_code_lists_give_each_dimension_with_labels_and_the_total_and_the_sector_correspondence_names_its_source()
    {
        var sectors = JsonNode.Parse(await ClientAs(null).GetStringAsync("/reporting/v1/code-lists/sector"))!;
        Assert.Equal(23, sectors["codes"]!.AsArray().Count);
        Assert.Contains("CBS", sectors["source"]!.GetValue<string>());
        Assert.Contains("45", sectors["rule"]!.GetValue<string>());
        Assert.Equal(22, JsonNode.Parse(await ClientAs(null).GetStringAsync("/reporting/v1/code-lists/sector?sbiVersion=2008"))!["codes"]!.AsArray().Count);
        Assert.Equal(
            ["_T", "micro", "small", "medium", "large"],
            JsonNode.Parse(await ClientAs(null).GetStringAsync("/reporting/v1/code-lists/sizeClass"))!["codes"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()));
        await HttpAssert.ProblemAsync(await ClientAs(null).GetAsync("/reporting/v1/code-lists/kvkNumber"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("&groupBy=sector&sector=Z", "sector")]
    [InlineData("&groupBy=sector&sbiVersion=2008&sector=V", "sector")]
    [InlineData("&sector=C", "sector")]
    [InlineData("&groupBy=kvkNumber", "groupBy")]
    [InlineData("&groupBy=sector,sector", "groupBy")]
    [InlineData("&startPeriod=2026-Q2&endPeriod=2026-Q1", "endPeriod")]
    [InlineData("&startPeriod=2025&endPeriod=2026-Q1", "endPeriod")]
    [InlineData("&startPeriod=2000-Q1&endPeriod=2026-Q1", "endPeriod")]
    [InlineData("&startPeriod=2026-Q5", "startPeriod")]
    [InlineData("&groupBy=sizeClass&sizeClass=tiny", "sizeClass")]
    [InlineData("&groupBy=province&province=Utrecht", "province")]
    [InlineData("&groupBy=programme&programme=not-a-guid", "programme")]
    [InlineData("&sbiVersion=2015", "sbiVersion")]
    [InlineData("&format=xml", "format")]
    [InlineData("&groupBy=sector,sizeClass,province&startPeriod=2023-Q1&endPeriod=2025-Q4", "groupBy")]
    public async Task A_bad_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        if (parameter == "groupBy" && query.Contains("2023", StringComparison.Ordinal))
        {
            // Too many rows only once there is something to list: ten released quarters of 1056 cells each.
            await IngestAsync(Enumerable.Range(0, 10).Select(i => V2(4, "C", "small", "NL-UT", new Period(2023 + (i / 4), (i % 4) + 1).ToString())));
            await ReleaseAsync();
        }

        var problem = await HttpAssert.ProblemAsync(await ClientAs(null).GetAsync(Base + query), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task A_filter_of_300_values_is_a_400_problem_naming_it()
    {
        var dimensions = string.Join(',', Enumerable.Range(0, 300).Select(i => $"d{i}"));
        var problem = await HttpAssert.ProblemAsync(await ClientAs(null).GetAsync($"{Base}&dimension={dimensions}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["dimension"]);
    }

    private static ScanCompletedV2 V2(double mean, string section, string size, string province, string period, IReadOnlyList<Guid>? programmes = null) =>
        TestEvents.V2(TestEvents.ScanCompleted(mean, section: section, sizeClass: size, province: province, period: period, programmes: programmes));

    private async Task IngestAsync(IEnumerable<ScanCompletedV2> scans)
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        var count = 0;
        foreach (var scan in scans)
        {
            await bus.Publish(scan);
            count++;
        }

        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n >= count, what: $"{count} scans consumed");
    }

    private async Task<JsonArray> ReleaseAsync()
    {
        var response = await Client.PostAsJsonAsync("/reporting/v1/releases", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outcomes"]!.AsArray();
    }

    private static JsonNode Outcome(JsonArray outcomes, string period) => outcomes.Single(o => o!["period"]!.GetValue<string>() == period)!;

    private async Task<List<JsonNode?>> ObservationsAsync(string query) =>
        JsonNode.Parse(await ClientAs(null).GetStringAsync(Base + query))!["observations"]!.AsArray().ToList();

    private static async Task<List<Dictionary<string, string>>> ParseCsvAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var reader = CsvReader.Create(new StringReader(text), CsvReaderOptions.Default, false);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers!.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => reader[x.i].ToString()));
        }

        Assert.Equal(Leercultuur.Reporting.Observations.ObservationsApi.CsvHeader.Count, reader.Headers!.Count);
        Assert.Equal(1, text.Split('\n').Count(l => l.StartsWith("instrumentVersion", StringComparison.Ordinal)));
        return rows;
    }
}
