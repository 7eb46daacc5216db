using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>
/// The reporting service as a real process on RabbitMQ and PostgreSQL, killed with SIGKILL while it
/// consumes: after a restart every message has taken effect exactly once, redeliveries included.
/// </summary>
public sealed class ProcessCrashTests
{
    [Fact]
    public async Task Reporting_killed_while_consuming_counts_every_scan_exactly_once_after_restart()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var settings = broker.Settings().Concat(database.Settings("Reporting:Database")).ToList();
        var reportingDb = new Database(database.Options);
        const int total = 2000;
        var messages = Enumerable.Range(0, total).Select(i => (Id: NewId.NextGuid(), Scan: TestEvents.ScanCompleted(1 + (i % 7), section: "F", period: "2024"))).ToList();

        using var publisher = await StartPublisherAsync(broker);
        var bus = publisher.Services.GetRequiredService<IBus>();

        // A first start creates the durable queue; the backlog then waits in it while the service is down.
        (await ServiceProcess.StartAsync("Leercultuur.Reporting", settings)).Dispose();
        foreach (var (id, scan) in messages)
        {
            await bus.Publish(scan, context => context.MessageId = id);
        }

        var reporting = await ServiceProcess.StartAsync("Leercultuur.Reporting", settings);
        await Eventually.Until(() => CountAsync(reportingDb, "SELECT COUNT(*) FROM inbox_messages"), n => n >= 20, TimeSpan.FromSeconds(60), "the first messages to be consumed");
        reporting.Kill();
        var consumedBeforeCrash = await CountAsync(reportingDb, "SELECT COUNT(*) FROM inbox_messages");
        Console.WriteLine($"Consumed before the kill: {consumedBeforeCrash} of {total}");

        // While it is down, some messages arrive again, as a relay that died before marking them would send them.
        foreach (var (id, scan) in messages.Take(50))
        {
            await bus.Publish(scan, context => context.MessageId = id);
        }

        using (await ServiceProcess.StartAsync("Leercultuur.Reporting", settings))
        {
            await Eventually.Until(() => CountAsync(reportingDb, "SELECT COUNT(*) FROM inbox_messages"), n => n == total, TimeSpan.FromSeconds(120), "every message to be consumed");
            await Eventually.Until(() => broker.MessagesInAsync("reporting-scan-completed"), n => n == 0, TimeSpan.FromSeconds(60), "the queue to drain");
        }

        Assert.InRange(consumedBeforeCrash, 20, total - 1);
        await using var connection = await reportingDb.OpenAsync();
        var cell = await connection.QuerySingleAsync<(long Organisations, double Sum)>(
            "SELECT SUM(organisations), SUM(sum_of_means) FROM aggregate_cells WHERE period = '2024'");
        Assert.Equal(total, cell.Organisations);
        Assert.Equal(messages.Sum(m => m.Scan.Scores[0].Mean), cell.Sum, 6);
        Assert.Equal(0, await broker.MessagesInAsync("reporting-scan-completed_error"));
    }

    [Fact]
    public async Task Organisations_killed_right_after_answering_201_still_publishes_every_event_after_restart()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        // A dead relay's claims hold for the lease; a short one keeps the test quick (with batches of 100, which
        // a lease of 3 s covers: start-up refuses a lease shorter than a batch at 10 ms a confirm).
        var settings = broker.Settings().Concat(database.Settings("Organisations:Database"))
            .Append(new("Messaging:Outbox:LeaseDuration", "00:00:03"))
            .Append(new("Messaging:Outbox:PublishTimeout", "00:00:01"))
            .Append(new("Messaging:Outbox:BatchSize", "100"))
            .ToList();
        using var observer = await StartPublisherAsync(broker, bus => bus.AddConsumer<OrganisationObserver, OrganisationObserverDefinition>());
        var seen = observer.Services.GetRequiredService<SeenOrganisations>();

        var registered = new List<Guid>();
        using (var organisations = await ServiceProcess.StartAsync("Leercultuur.Organisations", settings))
        {
            var client = new ApiClient(new HttpClient { BaseAddress = organisations.BaseAddress }, null!, null!);
            for (var i = 0; i < 100; i++)
            {
                registered.Add(await client.RegisterAsync($"74{i:D6}"));
            }

            organisations.Kill();
        }

        var unsentAtCrash = await CountAsync(new Database(database.Options), "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL");
        Console.WriteLine($"Outbox rows unsent when the process died: {unsentAtCrash} of {registered.Count}");

        using (await ServiceProcess.StartAsync("Leercultuur.Organisations", settings))
        {
            await Eventually.Until(() => Task.FromResult(seen.Ids.Count), n => n == registered.Count, TimeSpan.FromSeconds(90), "every OrganisationRegistered");
        }

        Assert.Equal(registered.Order(), seen.Ids.Keys.Order());
    }

    private static Task<IHost> StartPublisherAsync(RabbitMqVirtualHost broker, Action<IBusRegistrationConfigurator>? consumers = null) =>
        BusHost.StartAsync(broker.Settings(), (services, _) => services.AddSingleton<SeenOrganisations>(), consumers);

    private static async Task<int> CountAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}

/// <summary>The organisation ids a downstream consumer has seen, duplicates folded.</summary>
public sealed class SeenOrganisations
{
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, int> Ids { get; } = new();
}

public sealed class OrganisationObserver(SeenOrganisations seen) : IConsumer<OrganisationRegistered>
{
    public Task Consume(ConsumeContext<OrganisationRegistered> context)
    {
        seen.Ids.AddOrUpdate(context.Message.OrganisationId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

public sealed class OrganisationObserverDefinition : ConsumerDefinition<OrganisationObserver>
{
    public OrganisationObserverDefinition() => EndpointName = "test-organisation-observer";
}
