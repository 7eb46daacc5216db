using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Reporting.Tests;

/// <summary>The reporting API and its consumer through a real host on SQLite with the in-memory bus.</summary>
public sealed class IndicatorsApiTests() : SqliteServiceHost<Program>("Reporting:Database")
{
    private const string Query = "/reporting/v1/indicators?instrument=team-psychological-safety&period=2026-Q2&groupBy=sector";

    // Releases when the test says, so that what a test reads is the release of what it sent.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Reporting:Releases:Interval", "1.00:00:00")];

    private async Task ReleaseAsync()
    {
        var response = await Client.PostAsJsonAsync("/reporting/v1/releases", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_instruments_and_periods_released_are_listed_with_quarters_years_and_what_awaits_its_release_as_provisional()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var anonymous = ClientAs(null);
        Assert.Equal("[]", (await anonymous.GetStringAsync("/reporting/v1/periods")).Trim());

        await bus.Publish(TestEvents.ScanCompleted(4.0, period: "2025-Q1"));
        await bus.Publish(TestEvents.ScanCompleted(5.0, period: "2099-Q4"));
        var waiting = await Eventually.Until(
            async () => System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync("/reporting/v1/periods"))!.AsArray(),
            p => p.Count == 4,
            what: "both quarters and their years");
        Assert.All(waiting, p => Assert.True(p!["provisional"]!.GetValue<bool>()));
        Assert.Equal("[]", (await anonymous.GetStringAsync("/reporting/v1/instruments")).Trim());

        // Quarters with their years, oldest first; a period not released (not over yet) stays provisional.
        await ReleaseAsync();
        var periods = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync("/reporting/v1/periods"))!.AsArray();
        Assert.Equal(
            [("2025", "year", false), ("2025-Q1", "quarter", false), ("2099", "year", true), ("2099-Q4", "quarter", true)],
            periods.Select(p => (p!["period"]!.GetValue<string>(), p["granularity"]!.GetValue<string>(), p["provisional"]!.GetValue<bool>())));
        Assert.Equal(("2099-10-01", "2099-12-31"), (periods[3]!["start"]!.GetValue<string>(), periods[3]!["end"]!.GetValue<string>()));
        var instruments = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync("/reporting/v1/instruments"))!.AsArray();
        var held = Assert.Single(instruments)!;
        Assert.Equal((TestEvents.Instrument, 1, "psychological-safety"), (held["key"]!.GetValue<string>(), held["versions"]![0]!["version"]!.GetValue<int>(), held["versions"]![0]!["dimensions"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_cell_is_suppressed_at_four_organisations_and_published_at_five_with_the_right_mean()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        foreach (var mean in new[] { 4.0, 5.0, 6.0, 5.5 })
        {
            await bus.Publish(TestEvents.ScanCompleted(mean, section: "C", period: "2026-Q2"));
        }

        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 4, what: "the four scans");
        await ReleaseAsync();
        var suppressed = await CellAsync("C", c => c is not null);
        Assert.Equal("suppressed", suppressed!["status"]!.GetValue<string>());
        Assert.Null(suppressed["mean"]);
        Assert.Null(suppressed["organisations"]);

        await bus.Publish(TestEvents.ScanCompleted(4.5, section: "C", period: "2026-Q2"));
        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 5, what: "the fifth scan");
        await ReleaseAsync();

        var published = await CellAsync("C", c => c?["status"]?.GetValue<string>() == "published");
        Assert.Equal(5, published!["organisations"]!.GetValue<int>());
        Assert.Equal(15, published["respondents"]!.GetValue<int>());
        Assert.Equal(5.0, published["mean"]!.GetValue<double>(), 4);
        Assert.Equal(Math.Sqrt(0.625), published["standardDeviation"]!.GetValue<double>(), 4);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_counted_once()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        var messageId = NewId.NextGuid();
        var scans = Enumerable.Range(0, 5).Select(_ => TestEvents.ScanCompleted(5.0, section: "F", period: "2026-Q2")).ToList();

        foreach (var scan in scans)
        {
            await bus.Publish(scan);
        }

        var duplicate = TestEvents.ScanCompleted(1.0, section: "F", period: "2026-Q2");
        await bus.Publish(duplicate, context => context.MessageId = messageId);
        await bus.Publish(duplicate, context => context.MessageId = messageId);
        var sixth = TestEvents.ScanCompleted(7.0, section: "F", period: "2026-Q2");
        await bus.Publish(sixth);

        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 8, what: "all eight deliveries to be consumed");
        await ReleaseAsync();
        var cell = await CellAsync("F", c => c is not null);
        Assert.Equal(7, cell!["organisations"]!.GetValue<int>());
        Assert.Equal((25.0 + 1.0 + 7.0) / 7, cell["mean"]!.GetValue<double>(), 4);
    }

    [Theory]
    [InlineData("/reporting/v1/indicators?period=2026-Q4", "instrument")]
    [InlineData("/reporting/v1/indicators?instrument=Team%20Safety&period=2026-Q4", "instrument")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety", "period")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026-13", "period")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=%D9%A2%D9%A0%D9%A2%D9%A6", "period")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-Q1", "period")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026%0A", "period")]
    [InlineData("/reporting/v1/indicators?instrument=team%0A&period=2026", "instrument")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026&groupBy=kvkNumber", "groupBy")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026&groupBy=sector,sector", "groupBy")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026&groupBy=sector,%20province", "groupBy")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026&groupBy=", "groupBy")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026&groupBy=sector,", "groupBy")]
    [InlineData("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026&programme=abc", "programme")]
    public async Task Bad_queries_get_400_naming_the_parameter(string url, string field)
    {
        var problem = await HttpAssert.ProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_programme_reads_its_own_figures_with_a_token_never_another_programmes_and_never_beside_a_complement_below_k()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        foreach (var mean in new[] { 4.0, 5.0, 6.0, 5.5, 4.5 })
        {
            await bus.Publish(TestEvents.ScanCompleted(mean, section: "J", period: "2026-Q2", programmes: [a]));
        }

        await bus.Publish(TestEvents.ScanCompleted(2.0, section: "J", period: "2026-Q2", programmes: [b]));
        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 6, what: "the six scans");
        await ReleaseAsync();
        var ofA = $"/reporting/v1/indicators?instrument={TestEvents.Instrument}&period=2026-Q2&programme={a}";
        var nationally = $"/reporting/v1/indicators?instrument={TestEvents.Instrument}&period=2026-Q2";

        // Six nationally, five of them A's: the sixth (B's) would be national minus A. Both cells are hidden.
        var own = JsonNode.Parse(await ClientAs("programme", a).GetStringAsync(ofA))!;
        Assert.Equal(a, own["programme"]!.GetValue<Guid>());
        var hidden = Assert.Single(own["cells"]!.AsArray())!;
        Assert.Equal(("suppressed", "programmeComplement"), (hidden["status"]!.GetValue<string>(), hidden["suppressionReason"]!.GetValue<string>()));
        Assert.Null(hidden["mean"]);
        var hiddenNationally = Assert.Single(JsonNode.Parse(await ClientAs(null).GetStringAsync(nationally))!["cells"]!.AsArray())!;
        Assert.Equal(("suppressed", "programmeComplement"), (hiddenNationally["status"]!.GetValue<string>(), hiddenNationally["suppressionReason"]!.GetValue<string>()));
        Assert.Null(hiddenNationally["organisations"]);

        // Four more outside A: five outside it, and both tables publish.
        foreach (var mean in new[] { 3.0, 3.5, 4.0, 4.5 })
        {
            await bus.Publish(TestEvents.ScanCompleted(mean, section: "J", period: "2026-Q2"));
        }

        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 10, what: "the ten scans");
        await ReleaseAsync();
        var cell = Assert.Single(JsonNode.Parse(await ClientAs("programme", a).GetStringAsync(ofA))!["cells"]!.AsArray());
        Assert.Equal((5, 5.0), (cell!["organisations"]!.GetValue<int>(), Math.Round(cell["mean"]!.GetValue<double>(), 6)));
        Assert.Equal(10, Assert.Single(JsonNode.Parse(await ClientAs(null).GetStringAsync(nationally))!["cells"]!.AsArray())!["organisations"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await ClientAs("analyst").GetAsync(ofA)).StatusCode);

        await HttpAssert.ProblemAsync(await ClientAs("programme", b).GetAsync(ofA), HttpStatusCode.NotFound);
        var anonymous = await ClientAs(null).GetAsync(ofA);
        await HttpAssert.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_empty_period_returns_no_cells_and_the_rules_in_force()
    {
        var body = JsonNode.Parse(await Client.GetStringAsync("/reporting/v1/indicators?instrument=team-psychological-safety&period=2030&groupBy=sector,sizeClass,province"))!;

        Assert.Empty(body["cells"]!.AsArray());
        Assert.Equal(5, body["minimumOrganisations"]!.GetValue<int>());
        Assert.Equal(["sector", "sizeClass", "province"], body["groupBy"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task A_server_fault_is_a_500_problem_that_reveals_nothing_inside()
    {
        await using (var connection = await new Database(DatabaseOptions).OpenAsync())
        {
            await connection.ExecuteAsync("DROP TABLE observations");
        }

        var response = await Client.GetAsync(Query);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.ToJsonString();
        Assert.DoesNotContain("observations", body);
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(problem["traceId"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_indicators_query()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("/reporting/v1/openapi.json"))!;

        Assert.StartsWith("3.0", document["openapi"]!.GetValue<string>());
        Assert.Equal("/reporting/v1", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/indicators"]);
    }

    private async Task<JsonNode?> CellAsync(string section, Func<JsonNode?, bool> done) =>
        await Eventually.Until(
            async () => JsonNode.Parse(await Client.GetStringAsync(Query))!["cells"]!.AsArray().SingleOrDefault(c => c!["sector"]!["section"]!.GetValue<string>() == section),
            done,
            what: $"cell {section}");
}
