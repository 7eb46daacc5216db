using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Diagnostics;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>
/// The three services as separate hosts, each on its own PostgreSQL database, talking over a real
/// RabbitMQ: the whole event flow, as a branch programme and an analyst see it.
/// </summary>
public sealed class SeparateHostsTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> resources = [];
    private ServiceFactory<Organisations.Program> organisations = null!;
    private ServiceFactory<Scans.Program> scans = null!;
    private ServiceFactory<Reporting.Program> reporting = null!;
    private List<KeyValuePair<string, string?>> brokerSettings = null!;
    private ApiClient client = null!;
    private TestDatabase organisationsDb = null!;
    private TestDatabase scansDb = null!;
    private TestDatabase reportingDb = null!;

    public async Task InitializeAsync()
    {
        var broker = await RabbitMqVirtualHost.CreateAsync();
        brokerSettings = broker.Settings().ToList();
        organisationsDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        scansDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        reportingDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        resources.AddRange([broker, organisationsDb, scansDb, reportingDb]);

        organisations = new ServiceFactory<Organisations.Program>(broker.Settings().Concat(organisationsDb.Settings("Organisations:Database")));
        // Results ask reporting for their benchmark over HTTP: here through reporting's own test server.
        scans = new ServiceFactory<Scans.Program>(
            broker.Settings().Concat(scansDb.Settings("Scans:Database")).Append(new("Scans:Benchmarks:BaseAddress", "http://reporting.test/")),
            services => services.AddHttpClient(Scans.Results.BenchmarkClient.Name).ConfigurePrimaryHttpMessageHandler(() => reporting.Server.CreateHandler()));
        reporting = new ServiceFactory<Reporting.Program>(broker.Settings().Concat(reportingDb.Settings("Reporting:Database")));

        // Consuming services first, and ready: a host serves before its bus is connected, and its queues
        // must exist before anything is published to them.
        var reportingClient = await reporting.CreateReadyClientAsync();
        var scansClient = await scans.CreateReadyClientAsync();
        client = new ApiClient(await organisations.CreateReadyClientAsync(), scansClient, reportingClient);
    }

    public async Task DisposeAsync()
    {
        await organisations.DisposeAsync();
        await scans.DisposeAsync();
        await reporting.DisposeAsync();
        foreach (var resource in Enumerable.Reverse(resources))
        {
            await resource.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scans_flow_to_a_suppressed_cell_at_four_organisations_and_a_published_one_at_five()
    {
        var organisationIds = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            organisationIds.Add(await client.RegisterAsync($"7100000{i}"));
        }

        // Organisation means after reversal: 4, 5, 6, 5, 5 → cell mean 5, standard deviation √0.5.
        int[][] answers = [[3, 4, 5], [5, 5, 5], [6, 6, 6], [4, 5, 6], [5, 5, 5]];
        for (var i = 0; i < 4; i++)
        {
            await client.ScanAsync(organisationIds[i], "2025-Q4", answers[i]);
        }

        // A closed quarter: released as scans arrive (in tests every 200 ms, no grace).
        var suppressed = await client.CellAsync("2025-Q4", "C", c => c?["status"]?.GetValue<string>() is "suppressed");
        Assert.Null(suppressed!["mean"]);

        await client.ScanAsync(organisationIds[4], "2025-Q4", answers[4]);

        var published = await client.CellAsync("2025-Q4", "C", c => c?["status"]?.GetValue<string>() == "published");
        Assert.Equal(5, published!["organisations"]!.GetValue<int>());
        Assert.Equal(15, published["respondents"]!.GetValue<int>());
        Assert.Equal(5.0, published["mean"]!.GetValue<double>(), 4);
        Assert.Equal(Math.Sqrt(0.5), published["standardDeviation"]!.GetValue<double>(), 4);
    }

    [Fact]
    public async Task A_withdrawal_and_a_replacement_reach_reporting_exactly_once()
    {
        var organisationIds = new List<Guid>();
        var scanIds = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            organisationIds.Add(await client.RegisterAsync($"7400000{i}"));
            scanIds.Add(await client.ScanAsync(organisationIds[i], "2026-Q1", [2 + i, 2 + i, 2 + i]));
        }

        var shown = await client.CellAsync("2026-Q1", "C", c => c?["organisations"]?.GetValue<int>() == 5);

        // Withdrawn, the organisation counts nowhere: four are left in the facts. The release in force keeps
        // showing five: hiding the figure now would let the two releases be compared (docs/disclosure-control.md).
        await client.WithdrawAsync(scanIds[0]);
        await RunningCellAsync("2026-Q1", "C", (4L, 12L, 3.0 + 4 + 5 + 6));
        await HeldAsync("2026-Q1");
        Assert.Equal(shown!.ToJsonString(), (await client.CellAsync("2026-Q1", "C", c => c is not null))!.ToJsonString());

        // A new scan of it replaces the withdrawn one: five again in the facts, with its new mean (2 → 7).
        await client.ScanAsync(organisationIds[0], "2026-Q1", [7, 7, 7]);
        await RunningCellAsync("2026-Q1", "C", (5L, 15L, 7.0 + 3 + 4 + 5 + 6));

        // Withdrawing the first scan again changes nothing.
        await client.WithdrawAsync(scanIds[0]);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await RunningCellAsync("2026-Q1", "C", (5L, 15L, 7.0 + 3 + 4 + 5 + 6));
    }

    /// <summary>The running cells of a quarter's sector summed: exactly what the facts add up to, whatever is released.</summary>
    private async Task RunningCellAsync(string period, string section, (long Organisations, long Respondents, double Sum) expected) =>
        await Eventually.Until(
            async () =>
            {
                await using var connection = await new Leercultuur.Data.Database(reportingDb.Options).OpenAsync();
                var row = await Dapper.SqlMapper.QuerySingleAsync<(long?, long?, double?)>(
                    connection,
                    "SELECT SUM(organisations), SUM(respondents), SUM(sum_of_means) FROM aggregate_cells WHERE period = @period AND sector_section = @section AND dimension = 'psychological-safety'",
                    new { period, section });
                return (row.Item1 ?? 0, row.Item2 ?? 0, Math.Round(row.Item3 ?? 0, 6));
            },
            cell => cell == (expected.Organisations, expected.Respondents, Math.Round(expected.Sum, 6)),
            TimeSpan.FromSeconds(60),
            $"the running {section} cell of {period}");

    /// <summary>The release of a period held back: the change since the release in force is too small to show.</summary>
    private async Task HeldAsync(string period) =>
        await Eventually.Until(
            async () =>
            {
                await using var connection = await new Leercultuur.Data.Database(reportingDb.Options).OpenAsync();
                return await Dapper.SqlMapper.QuerySingleOrDefaultAsync<string?>(connection, "SELECT held_reason FROM releases WHERE period = @period", new { period });
            },
            reason => reason is not null,
            TimeSpan.FromSeconds(60),
            $"the revision of {period} to be held");

    [Fact]
    public async Task An_erasure_leaves_no_trace_in_any_service_and_erasing_twice_changes_nothing()
    {
        var organisationIds = new List<Guid>();
        var scanIds = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            organisationIds.Add(await client.RegisterAsync($"7300000{i}"));
            scanIds.Add(await client.ScanAsync(organisationIds[i], "2026-Q2", [2 + i, 2 + i, 2 + i]));
        }

        // Means after reversal 2..7: all six in one cell, then the fourth (mean 5) is erased.
        await RunningCellAsync("2026-Q2", "C", (6L, 18L, 2.0 + 3 + 4 + 5 + 6 + 7));
        var http = organisations.CreateClient().As(ServiceDefaults.Security.Roles.Admin);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync($"/organisations/v1/organisations/{organisationIds[3]}")).StatusCode);

        // The facts lose it at once. (The release in force changes only once five organisations have changed:
        // docs/disclosure-control.md; the observations tests hold that.)
        await RunningCellAsync("2026-Q2", "C", (5L, 15L, 2.0 + 3 + 4 + 6 + 7));
        var cell = await client.CellAsync("2026-Q2", "C", c => c is not null);
        var scansApi = scans.CreateClient().As(ServiceDefaults.Security.Roles.Admin);
        await Eventually.Until(async () => (await scansApi.GetAsync($"/scans/v1/scans/{scanIds[3]}")).StatusCode, s => s == System.Net.HttpStatusCode.NotFound, what: "the erased organisation's scan to be gone");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await scansApi.GetAsync($"/scans/v1/scans/{scanIds[2]}")).StatusCode);

        // Erasing again answers 204 and publishes nothing more; the figures stay as they are.
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync($"/organisations/v1/organisations/{organisationIds[3]}")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await RunningCellAsync("2026-Q2", "C", (5L, 15L, 2.0 + 3 + 4 + 6 + 7));
        var again = await client.CellAsync("2026-Q2", "C", c => c is not null);
        Assert.Equal(cell!.ToJsonString(), again!.ToJsonString());
        await HttpAssert.ProblemAsync(await http.GetAsync($"/organisations/v1/organisations/{organisationIds[3]}"), System.Net.HttpStatusCode.NotFound);

        // No row of it in any service's own tables, only its tombstone; one erasure event ever.
        var erased = new { id = organisationIds[3], scan = scanIds[3] };
        Assert.Equal(
            (0L, 0L, 1L, 1L),
            await CountAsync(organisationsDb, "SELECT (SELECT COUNT(*) FROM organisations WHERE id = @id), (SELECT COUNT(*) FROM programme_members WHERE organisation_id = @id), (SELECT COUNT(*) FROM erased_organisations WHERE organisation_id = @id), (SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%OrganisationErased%')", erased));
        await Eventually.Until(
            () => CountAsync(scansDb, "SELECT (SELECT COUNT(*) FROM organisation_replicas WHERE organisation_id = @id), (SELECT COUNT(*) FROM scans WHERE organisation_id = @id), (SELECT COUNT(*) FROM respondents WHERE scan_id = @scan), (SELECT COUNT(*) FROM erased_organisations WHERE organisation_id = @id)", erased),
            counts => counts == (0L, 0L, 0L, 1L),
            what: "the scan service to hold nothing of it but its tombstone");
        Assert.Equal(
            (0L, 1L, 0L, 0L),
            await CountAsync(reportingDb, "SELECT (SELECT COUNT(*) FROM contributions WHERE organisation_id = @id) + (SELECT COUNT(*) FROM team_facts WHERE organisation_id = @id) + (SELECT COUNT(*) FROM year_contributions WHERE organisation_id = @id), (SELECT COUNT(*) FROM erased_organisations WHERE organisation_id = @id), (SELECT COUNT(*) FROM aggregate_cells WHERE organisations = 0), (SELECT COUNT(*) FROM programme_cells WHERE organisations = 0)", erased));
    }

    [Fact]
    public async Task A_result_shows_the_sector_benchmark_once_it_is_published_and_says_unavailable_while_reporting_is_stopped()
    {
        var organisationIds = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            organisationIds.Add(await client.RegisterAsync($"7500000{i}"));
        }

        // Four organisations: the sector cell exists but is suppressed, so the benchmark shows no number.
        for (var i = 0; i < 4; i++)
        {
            await client.ScanAsync(organisationIds[i], "2026-Q3", [4, 5, 6]);
        }

        await client.CellAsync("2026-Q3", "C", c => c?["status"]?.GetValue<string>() == "suppressed");
        var scanId = await client.StartScanAsync(organisationIds[4], "2026-Q3");
        foreach (var token in await client.InviteAsync(scanId, 3))
        {
            await client.RespondAsync(scanId, token, 5);
        }

        var resultToken = await client.CompleteAsync(scanId);
        var holder = scans.CreateClient();
        async Task<JsonNode> ResultAsync(string accept = "application/json")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{scanId}/result");
            request.Headers.Add("Result-Token", resultToken);
            request.Headers.Accept.ParseAdd(accept);
            var response = await holder.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            return accept == "application/json" ? JsonNode.Parse(await response.Content.ReadAsStringAsync())! : JsonValue.Create(await response.Content.ReadAsStringAsync())!;
        }

        // Five: published, and the result compares with it (the sector's mean 5, its five organisations).
        await client.CellAsync("2026-Q3", "C", c => c?["status"]?.GetValue<string>() == "published");
        var result = await ResultAsync();
        Assert.Equal(("available", "C"), (result["benchmark"]!["status"]!.GetValue<string>(), result["benchmark"]!["section"]!.GetValue<string>()));
        var cell = result["benchmark"]!["cells"]!.AsArray().Single()!;
        Assert.Equal((5L, 5.0), (cell["organisations"]!.GetValue<long>(), cell["mean"]!.GetValue<double>()));
        Assert.Equal(5.0, result["dimensions"]![0]!["mean"]!.GetValue<double>(), 6);
        Assert.Contains("Psychologische veiligheid", (await ResultAsync("text/html")).GetValue<string>(), StringComparison.Ordinal);

        // Reporting stopped: the result still answers, with the benchmark unavailable.
        await reporting.DisposeAsync();
        var without = await ResultAsync();
        Assert.Equal("unavailable", without["benchmark"]!["status"]!.GetValue<string>());
        Assert.Empty(without["benchmark"]!["cells"]!.AsArray());
        Assert.Equal(5.0, without["dimensions"]![0]!["mean"]!.GetValue<double>(), 6);
    }

    [Fact]
    public async Task A_stream_with_replacements_withdrawals_and_an_erasure_gives_the_direct_computation_a_rebuild_changes_nothing_and_a_replay_into_an_empty_database_gives_the_same_observations()
    {
        // Reporting releases only when asked here, so what is compared is one release of the final facts.
        await reporting.DisposeAsync();
        var manual = new KeyValuePair<string, string?>("Reporting:Releases:Interval", "1.00:00:00");
        await using var first = new ServiceFactory<Reporting.Program>(brokerSettings.Concat(reportingDb.Settings("Reporting:Database")).Append(manual));
        var firstClient = await first.CreateReadyClientAsync();

        // Twelve organisations: seven in manufacturing (C), five in construction (F); one scan each.
        var organisationIds = new List<Guid>();
        var scanIds = new List<Guid>();
        var means = new Dictionary<int, double>();
        for (var i = 0; i < 12; i++)
        {
            organisationIds.Add(await client.RegisterAsync($"770000{i:D2}", i < 7 ? "2562" : "4120"));
            int[] values = [2 + (i % 5), 3 + (i % 4), 4];
            scanIds.Add(await client.ScanAsync(organisationIds[i], "2025-Q4", values));
            means[i] = values.Average();
        }

        // Three replaced by a later scan; one withdrawn for good; one withdrawn and scanned again; one erased.
        foreach (var i in new[] { 0, 1, 2 })
        {
            await client.ScanAsync(organisationIds[i], "2025-Q4", [6, 6, 6]);
            means[i] = 6;
        }

        await client.WithdrawAsync(scanIds[3]);
        means.Remove(3);
        await client.WithdrawAsync(scanIds[7]);
        await client.ScanAsync(organisationIds[7], "2025-Q4", [5, 5, 5]);
        means[7] = 5;
        var admin = organisations.CreateClient().As(ServiceDefaults.Security.Roles.Admin);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.DeleteAsync($"/organisations/v1/organisations/{organisationIds[4]}")).StatusCode);
        means.Remove(4);

        await SettledAsync(reportingDb, means.Values);
        var released = await ObservationsAfterReleaseAsync(firstClient);

        // The direct computation: per sector and in all, the organisations' latest scans that still count.
        var rows = JsonNode.Parse(released.Body)!["observations"]!.AsArray();
        foreach (var (sector, members) in new[] { ("C", means.Where(m => m.Key < 7)), ("F", means.Where(m => m.Key >= 7)), ("_T", means) })
        {
            var row = rows.Single(r => r!["sector"]!["code"]!.GetValue<string>() == sector)!;
            Assert.Equal("published", row["status"]!.GetValue<string>());
            Assert.Equal(members.Count(), row["organisations"]!.GetValue<int>());
            Assert.Equal(3 * members.Count(), row["respondents"]!.GetValue<int>());
            RoundedAssert.Equal(members.Average(m => m.Value), row["mean"]!.GetValue<double>());
        }

        // A rebuild in the middle: every release recomputed from the facts, nothing visible changes.
        var rebuild = await firstClient.As(ServiceDefaults.Security.Roles.Admin).PostAsync("/reporting/v1/rebuilds", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, rebuild.StatusCode);
        var outcomes = JsonNode.Parse(await rebuild.Content.ReadAsStringAsync())!["outcomes"]!.AsArray();
        Assert.Contains(outcomes, o => o!["period"]!.GetValue<string>() == "2025-Q4");
        Assert.All(outcomes, o => Assert.Equal("unchanged", o!["outcome"]!.GetValue<string>()));
        var rebuilt = await ObservationsAsync(firstClient);
        Assert.Equal(released, rebuilt);

        // A fresh reporting database asks the scan service for every completed scan again (the replay
        // command's client), on the same broker and queues; then the same observations, byte for byte.
        await first.DisposeAsync();
        await using var freshDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var fresh = new ServiceFactory<Reporting.Program>(
            brokerSettings.Concat(freshDb.Settings("Reporting:Database")).Append(manual).Append(new("Reporting:Replay:ScansBaseAddress", "http://scans.test/")),
            services => services.AddHttpClient(Reporting.Replays.ScansReplayClient.Name).ConfigurePrimaryHttpMessageHandler(() => scans.Server.CreateHandler()));
        var freshClient = await fresh.CreateReadyClientAsync();
        var replay = await fresh.Services.GetRequiredService<Reporting.Replays.ScansReplayClient>().ReplayAllAsync(CancellationToken.None);
        Assert.Equal(13, replay.Published); // 12 scans, 3 replacements and 1 rescan, less the 2 withdrawn and the erased organisation's
        await SettledAsync(freshDb, means.Values);
        Assert.Equal(released, await ObservationsAfterReleaseAsync(freshClient));

        // A second replay changes nothing.
        await fresh.Services.GetRequiredService<Reporting.Replays.ScansReplayClient>().ReplayAllAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await SettledAsync(freshDb, means.Values);
        Assert.Equal(released, await ObservationsAfterReleaseAsync(freshClient));
    }

    private const string StreamQuery = "/reporting/v1/observations?instrument=team-psychological-safety&dimension=psychological-safety&groupBy=sector&sector=C,F,_T&startPeriod=2025-Q4&endPeriod=2025-Q4";

    private static async Task<(string Body, string? Tag)> ObservationsAfterReleaseAsync(HttpClient reportingClient)
    {
        var release = await reportingClient.As(ServiceDefaults.Security.Roles.Admin).PostAsJsonAsync("/reporting/v1/releases", new { });
        Assert.Equal(System.Net.HttpStatusCode.OK, release.StatusCode);
        return await ObservationsAsync(reportingClient);
    }

    private static async Task<(string Body, string? Tag)> ObservationsAsync(HttpClient reportingClient)
    {
        var response = await reportingClient.GetAsync(StreamQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag);
    }

    /// <summary>The facts of 2025-Q4 hold exactly these organisations' means: every message of the stream is in.</summary>
    private static async Task SettledAsync(TestDatabase database, IEnumerable<double> means)
    {
        var expected = (means.LongCount(), Math.Round(means.Sum(), 6));
        await Eventually.Until(
            async () =>
            {
                await using var connection = await new Leercultuur.Data.Database(database.Options).OpenAsync();
                var row = await Dapper.SqlMapper.QuerySingleAsync<(long?, double?)>(
                    connection,
                    "SELECT SUM(organisations), SUM(sum_of_means) FROM aggregate_cells WHERE period = '2025-Q4' AND dimension = 'psychological-safety'",
                    new { });
                return (row.Item1 ?? 0, Math.Round(row.Item2 ?? 0, 6));
            },
            cell => cell == expected,
            TimeSpan.FromSeconds(90),
            "the stream's facts in reporting");
    }

    private static async Task<(long, long, long, long)> CountAsync(TestDatabase database, string sql, object parameters)
    {
        await using var connection = await new Leercultuur.Data.Database(database.Options).OpenAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<(long, long, long, long)>(connection, sql, parameters);
    }

    [Fact]
    public async Task The_trace_of_a_completion_request_continues_into_the_reporting_consumer_and_no_span_or_log_carries_a_token_a_secret_or_personal_data()
    {
        using var recorder = new ActivityRecorder();
        var organisationId = await client.RegisterAsync("72000001");
        var traceId = ActivityTraceId.CreateRandom();
        var scanId = await client.StartScanAsync(organisationId, "2026-Q3");
        var tokens = await client.InviteAsync(scanId, 3);
        var token = tokens[0];
        foreach (var (value, respondentToken) in new[] { 2, 3, 4 }.Zip(tokens))
        {
            await client.RespondAsync(scanId, respondentToken, value);
        }

        var resultToken = await client.CompleteAsync(scanId, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        await client.CellAsync("2026-Q3", "C", c => c is not null);

        var consumer = await Eventually.Until(
            () => Task.FromResult(recorder.Stopped.FirstOrDefault(a =>
                a.TraceId == traceId && a.Kind == ActivityKind.Consumer && a.Source.Name.StartsWith("MassTransit", StringComparison.Ordinal) &&
                a.TagObjects.Any(t => t.Value?.ToString()?.Contains("reporting-scan-completed", StringComparison.Ordinal) == true))),
            a => a is not null,
            what: "the reporting consumer's span in the completion's trace");
        Assert.Equal(traceId, consumer!.TraceId);
        Assert.Contains(recorder.Stopped, a => a.TraceId == traceId && a.Source.Name == "Leercultuur.Messaging.Outbox");

        // What a log is most tempted to show: a refused token (the bearer handler logs why), a wrong
        // respondent token, a broken body.
        var refused = TestTokens.SignedByAnotherKey(ServiceDefaults.Security.Roles.Admin);
        var expired = TestTokens.Expired(ServiceDefaults.Security.Roles.Admin);
        var wrongRespondentToken = Leercultuur.Scans.Scanning.RespondentToken.New();
        using (var anonymous = organisations.CreateClient())
        {
            foreach (var bearer in new[] { refused, expired })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/organisations/v1/organisations/{organisationId}");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.SendAsync(request)).StatusCode);
            }
        }

        using (var respondent = scans.CreateClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scanId}/questionnaire/submission")
            {
                Content = new StringContent("{\"answers\":{\"ps1\":9}}", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Respondent-Token", wrongRespondentToken);
            var wrong = await respondent.SendAsync(request);
            Assert.True((int)wrong.StatusCode is >= 400 and < 500, $"a wrong respondent token: {(int)wrong.StatusCode}");
        }

        // Spans carry ids and types, never the respondent token or anything from the request bodies.
        Assert.DoesNotContain(
            recorder.Stopped.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? ""),
            value => tokens.Any(t => value.Contains(t, StringComparison.Ordinal)) || value.Contains(resultToken, StringComparison.Ordinal) || value.Contains("ps1", StringComparison.Ordinal));

        // Nor do the logs of any of the three hosts, down to Debug: no bearer token (any JWT), no respondent
        // token, no signing key, no name or KvK number of the organisation, no answer.
        var logs = organisations.Logs.Entries.Concat(scans.Logs.Entries).Concat(reporting.Logs.Entries).ToList();
        Assert.True(logs.Count > 50, $"the hosts logged only {logs.Count} entries: is the recorder attached?");
        Assert.Contains(logs, entry => entry.Contains("JwtBearerHandler", StringComparison.Ordinal) && entry.Contains("Failed", StringComparison.OrdinalIgnoreCase));
        var key = File.ReadAllLines(TestTokens.KeyFile).Where(line => !line.StartsWith("-----", StringComparison.Ordinal) && line.Length > 16).ToList();
        Assert.NotEmpty(key);
        var jwt = new System.Text.RegularExpressions.Regex("eyJ[A-Za-z0-9_-]{10,}[.][A-Za-z0-9_-]{10,}");
        var leaks = logs.Where(entry =>
                jwt.IsMatch(entry) ||
                tokens.Any(t => entry.Contains(t, StringComparison.Ordinal)) ||
                entry.Contains(resultToken, StringComparison.Ordinal) ||
                entry.Contains(wrongRespondentToken, StringComparison.Ordinal) ||
                entry.Contains(refused.Split('.')[2], StringComparison.Ordinal) ||
                entry.Contains(expired.Split('.')[2], StringComparison.Ordinal) ||
                key.Any(line => entry.Contains(line, StringComparison.Ordinal)) ||
                entry.Contains("72000001", StringComparison.Ordinal) ||
                entry.Contains("E2E 72000001", StringComparison.Ordinal) ||
                entry.Contains("\"ps1\"", StringComparison.Ordinal))
            .ToList();
        Assert.True(leaks.Count == 0, "Logged what must not be:\n" + string.Join("\n", leaks.Take(5)));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_over_RabbitMQ_is_counted_once()
    {
        var bus = reporting.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        var duplicateId = NewId.NextGuid();
        var messages = Enumerable.Range(0, 5).Select(i => TestEvents.ScanCompleted(4 + (i * 0.5), section: "Q", period: "2025", respondents: 4)).ToList();

        foreach (var message in messages)
        {
            await bus.Publish(message);
        }

        var duplicate = TestEvents.ScanCompleted(1.0, section: "Q", period: "2025", respondents: 4);
        await bus.Publish(duplicate, context => context.MessageId = duplicateId);
        await bus.Publish(duplicate, context => context.MessageId = duplicateId);

        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 7, TimeSpan.FromSeconds(60), "seven deliveries");
        await YearCellAsync("Q", (6L, 4.0 + 4.5 + 5.0 + 5.5 + 6.0 + 1.0));
    }

    private async Task YearCellAsync(string section, (long Organisations, double Sum) expected) =>
        await Eventually.Until(
            async () =>
            {
                await using var connection = await new Leercultuur.Data.Database(reportingDb.Options).OpenAsync();
                var row = await Dapper.SqlMapper.QuerySingleAsync<(long?, double?)>(
                    connection,
                    "SELECT SUM(organisations), SUM(sum_of_means) FROM aggregate_cells WHERE period = '2025' AND sector_section = @section",
                    new { section });
                return (row.Item1 ?? 0, Math.Round(row.Item2 ?? 0, 6));
            },
            cell => cell == (expected.Organisations, Math.Round(expected.Sum, 6)),
            TimeSpan.FromSeconds(60),
            $"the running {section} cell of 2025");
}
