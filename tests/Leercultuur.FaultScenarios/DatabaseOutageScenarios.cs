using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.ErrorQueues;
using Leercultuur.Testing;
using Microsoft.Extensions.Options;

namespace Leercultuur.FaultScenarios;

/// <summary>
/// A consuming service's database stopped for 30 seconds in the middle of a steady flow, with the three
/// services as separate processes on RabbitMQ and PostgreSQL. A passing outage is not a poison message:
/// nothing may end in an error queue, every count must come out exact, and clients get 503, never 500.
/// </summary>
public sealed class DatabaseOutageScenarios
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reporting_database_stopped_for_30_seconds_while_scans_keep_completing_loses_and_doubles_nothing()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var organisationsDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var scansDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var reportingDb = await TestDatabase.CreateOnServerAsync(PostgresCluster.AdminConnectionString);
        var (organisations, scans, reporting) = await StartServicesAsync(broker, organisationsDb, scansDb, reportingDb);
        using var _ = organisations;
        using var __ = scans;
        using var ___ = reporting;
        var client = new ApiClient(Http(organisations), Http(scans), Http(reporting));
        var statuses = new ConcurrentBag<(string What, HttpStatusCode Status)>();

        var organisationIds = new List<Guid>();
        for (var i = 0; i < 240; i++)
        {
            organisationIds.Add(await client.RegisterAsync($"80{i:D6}"));
        }

        // Scans complete one after another; a third of the way in, reporting's database goes away for 30 s.
        var completed = new List<double>();
        var outage = Task.CompletedTask;
        for (var i = 0; i < organisationIds.Count; i++)
        {
            if (i == organisationIds.Count / 3)
            {
                outage = StopAndRestartAsync(async () =>
                {
                    var response = await Probe(reporting).GetAsync($"/reporting/v1/indicators?instrument={ApiClient.Instrument}&period=2025-Q4");
                    statuses.Add(("indicators during the outage", response.StatusCode));
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Assert.True(response.Headers.RetryAfter is not null);
                    }
                });
            }

            var value = 1 + (i % 7);
            await client.ScanAsync(organisationIds[i], "2025-Q4", [value, value, value]);
            completed.Add(value);
            if (i >= organisationIds.Count / 3 && !outage.IsCompleted)
            {
                await Task.Delay(150); // keep the flow going through the whole outage
            }
        }

        await outage;

        await Eventually.Until(
            () => ScalarAsync<long>(reportingDb, "SELECT COALESCE(SUM(organisations), 0) FROM aggregate_cells WHERE period = '2025-Q4'"),
            n => n >= completed.Count,
            TimeSpan.FromMinutes(3),
            "every completed scan in reporting");
        // The deprecated v1 twin of a completion may still sit in a transient retry (up to 30 s apart)
        // when its v2 has counted: wait for the last one too before looking for doubles.
        await Eventually.Until(
            () => ScalarAsync<long>(reportingDb, "SELECT COUNT(*) FROM inbox_messages WHERE consumer = 'reporting.scan-completed'"),
            n => n >= completed.Count,
            TimeSpan.FromMinutes(3),
            "every v1 twin recorded in reporting's inbox");
        await Task.Delay(TimeSpan.FromSeconds(2)); // nothing more may arrive: a double count would show now

        Assert.Equal(completed.Count, await ScalarAsync<long>(reportingDb, "SELECT SUM(organisations) FROM aggregate_cells WHERE period = '2025-Q4'"));
        Assert.Equal(completed.Sum(), await ScalarAsync<double>(reportingDb, "SELECT SUM(sum_of_means) FROM aggregate_cells WHERE period = '2025-Q4'"), 6);
        // Each completion once as version 2 (applied) and once as version 1 (recorded and skipped: its twin counts).
        Assert.Equal(completed.Count, await ScalarAsync<long>(reportingDb, "SELECT COUNT(*) FROM inbox_messages WHERE consumer = 'reporting.scan-completed-v2'"));
        Assert.Equal(completed.Count, await ScalarAsync<long>(reportingDb, "SELECT COUNT(*) FROM inbox_messages WHERE consumer = 'reporting.scan-completed'"));
        Assert.Equal(new uint[] { 0, 0, 0 }, await ErrorCountsAsync(broker, "reporting-scan-completed", "reporting-scan-completed-v2", "scans-organisations"));
        Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain(statuses, s => (int)s.Status >= 500 && s.Status != HttpStatusCode.ServiceUnavailable);
        // The released national figure: shown (k or more), never more than were completed; later completions
        // wait for a revision that changes every cell they touch by k or more (docs/disclosure-control.md).
        var shown = await Eventually.Until(
            async () => JsonNode.Parse(await Http(reporting).GetStringAsync($"/reporting/v1/indicators?instrument={ApiClient.Instrument}&period=2025-Q4"))!["cells"]!.AsArray().SingleOrDefault()?["organisations"]?.GetValue<int>(),
            n => n is not null,
            what: "a release of the quarter");
        Assert.InRange(shown!.Value, 5, completed.Count);
    }

    [Fact]
    public async Task Scan_database_stopped_for_30_seconds_while_organisations_keep_registering_loses_no_organisation()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var organisationsDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var scansDb = await TestDatabase.CreateOnServerAsync(PostgresCluster.AdminConnectionString);
        await using var reportingDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var (organisations, scans, reporting) = await StartServicesAsync(broker, organisationsDb, scansDb, reportingDb);
        using var _ = organisations;
        using var __ = scans;
        using var ___ = reporting;
        var client = new ApiClient(Http(organisations), Http(scans), Http(reporting));
        var statuses = new ConcurrentBag<HttpStatusCode>();

        var registered = new List<Guid>();
        var outage = Task.CompletedTask;
        for (var i = 0; i < 200; i++)
        {
            if (i == 50)
            {
                outage = StopAndRestartAsync(async () =>
                {
                    statuses.Add((await Probe(scans).GetAsync($"/scans/v1/scans/{Guid.NewGuid()}")).StatusCode);
                    statuses.Add((await Probe(scans).PostAsJsonAsync("/scans/v1/scans", new { organisationId = registered[0], instrument = ApiClient.Instrument, period = "2026" })).StatusCode);
                });
            }

            registered.Add(await client.RegisterAsync($"81{i:D6}"));
            if (i >= 50 && !outage.IsCompleted)
            {
                await Task.Delay(150);
            }
        }

        await outage;

        await Eventually.Until(() => ScalarAsync<long>(scansDb, "SELECT COUNT(*) FROM organisation_replicas"), n => n == registered.Count, TimeSpan.FromMinutes(3), "every organisation in the scan service's replica");
        await using var connection = await new Database(scansDb.Options).OpenAsync();
        Assert.Equal(registered.Order(), (await connection.QueryAsync<Guid>("SELECT organisation_id FROM organisation_replicas")).Order());
        Assert.Equal(registered.Count, await ScalarAsync<long>(scansDb, "SELECT COUNT(*) FROM inbox_messages"));
        Assert.Equal(new uint[] { 0, 0, 0 }, await ErrorCountsAsync(broker, "scans-organisations", "reporting-scan-completed", "reporting-scan-completed-v2"));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.DoesNotContain(statuses, s => s == HttpStatusCode.InternalServerError);
    }

    /// <summary>Stops the faults cluster, probes the API while it is down, and starts it again after the outage.</summary>
    private static async Task StopAndRestartAsync(Func<Task> duringOutage)
    {
        await PostgresCluster.StopAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await duringOutage();
            await Task.Delay(Outage - TimeSpan.FromSeconds(3));
        }
        finally
        {
            await PostgresCluster.StartAsync();
        }
    }

    private static async Task<(ServiceProcess Organisations, ServiceProcess Scans, ServiceProcess Reporting)> StartServicesAsync(
        RabbitMqVirtualHost broker, TestDatabase organisationsDb, TestDatabase scansDb, TestDatabase reportingDb)
    {
        var organisations = broker.Settings().Concat(organisationsDb.Settings("Organisations:Database")).ToList();
        var scans = broker.Settings().Concat(scansDb.Settings("Scans:Database")).ToList();
        var reporting = broker.Settings().Concat(reportingDb.Settings("Reporting:Database")).Concat(ServiceFactory<Leercultuur.Reporting.Program>.Releases).ToList();

        // As a deployment does: migrate and declare the topology first, then start in any order.
        foreach (var (service, settings) in new[] { ("Leercultuur.Organisations", organisations), ("Leercultuur.Scans", scans), ("Leercultuur.Reporting", reporting) })
        {
            var (exitCode, output) = await ServiceProcess.RunCommandAsync(service, settings, "migrate");
            Assert.True(exitCode == 0, output);
        }

        return (
            await ServiceProcess.StartAsync("Leercultuur.Organisations", organisations),
            await ServiceProcess.StartAsync("Leercultuur.Scans", scans),
            await ServiceProcess.StartAsync("Leercultuur.Reporting", reporting));
    }

    private static HttpClient Http(ServiceProcess service) => RetryingClient.For(service.BaseAddress);

    // Sees every answer as it is, 503 included.
    private static HttpClient Probe(ServiceProcess service) => new HttpClient { BaseAddress = service.BaseAddress }.As(ServiceDefaults.Security.Roles.Admin);

    private static async Task<uint[]> ErrorCountsAsync(RabbitMqVirtualHost broker, params string[] queues)
    {
        var options = new MessagingOptions();
        foreach (var (key, value) in broker.Settings())
        {
            switch (key)
            {
                case "Messaging:RabbitMq:Host": options.RabbitMq.Host = value!; break;
                case "Messaging:RabbitMq:VirtualHost": options.RabbitMq.VirtualHost = value!; break;
                case "Messaging:RabbitMq:Username": options.RabbitMq.Username = value!; break;
                case "Messaging:RabbitMq:Password": options.RabbitMq.Password = value!; break;
            }
        }

        var counts = await new ErrorQueueTool(Options.Create(options)).CountAsync(queues, CancellationToken.None);
        return counts.Select(c => c.Messages).ToArray();
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }
}
