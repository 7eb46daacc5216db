using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leercultuur.Benchmarks;

/// <summary>The price of the transactional outbox per event, against a direct publish on the same broker.</summary>
public static class OutboxBenchmark
{
    private const int Events = 500;

    public static async Task<IReadOnlyList<(Measurement Run, Measurement Baseline)>> RunAsync(DatabaseProvider engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = new Database<OutboxBenchmarkOwner>(test.Options);
        DatabaseMigrator.Migrate(database, [typeof(MessagingOptions).Assembly], NullLogger.Instance);

        using var host = await BusHost.StartAsync(
            broker.Settings().Concat(test.Settings("Benchmark:Database")).Append(new("Messaging:Outbox:PollInterval", "01:00:00")),
            (services, configuration) =>
            {
                services.AddServiceDatabase<OutboxBenchmarkOwner>(configuration, "Benchmark:Database", "unused.db");
                services.AddOutbox<OutboxBenchmarkOwner>();
            });
        var bus = host.Services.GetRequiredService<IBus>();
        var outbox = host.Services.GetRequiredService<Outbox<OutboxBenchmarkOwner>>();
        var relay = host.Services.GetRequiredService<OutboxRelay<OutboxBenchmarkOwner>>();

        var baseline = await Measurement.RunAsync("publish straight to RabbitMQ (baseline)", engine.ToString(), Events, _ => bus.Publish(Event()));
        var run = await Measurement.RunAsync("publish through the outbox and relay", engine.ToString(), Events, async _ =>
        {
            await database.InTransactionAsync((c, t) => outbox.EnqueueAsync(c, t, Event(), CancellationToken.None));
            await relay.RelayOnceAsync(CancellationToken.None);
        });

        // A backlog drains in batches of 100 (the default): one claim, 100 confirmed publishes, 100 marks.
        await database.InTransactionAsync(async (c, t) =>
        {
            for (var i = 0; i < 1500; i++)
            {
                await outbox.EnqueueAsync(c, t, Event(), CancellationToken.None);
            }

            return 0;
        });
        var batchBaseline = await Measurement.RunAsync("publish 100 straight to RabbitMQ (baseline)", engine.ToString(), 12, async _ =>
        {
            for (var i = 0; i < 100; i++)
            {
                await bus.Publish(Event());
            }
        }, warmup: 2);
        var batch = await Measurement.RunAsync("relay a batch of 100 from a backlog", engine.ToString(), 12, _ => relay.RelayOnceAsync(CancellationToken.None), warmup: 2);
        await host.StopAsync();
        return [(run, baseline), (batch, batchBaseline)];
    }

    /// <summary>
    /// A backlog of <paramref name="rows"/> outbox rows drained by the relay (passes of the configured batch,
    /// back to back, as its background loop runs them when a pass comes back full), against MassTransit
    /// publishing as many events with confirms, as many at a time as the relay may have in flight (<see cref="OutboxOptions.MaxPublishesInFlight"/>),
    /// on the same broker, to the same exchange, in the same run. Rates in events per second.
    /// </summary>
    public static async Task<(double Relay, double Publish)> DrainAsync(int rows)
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = new Database<OutboxBenchmarkOwner>(test.Options);
        DatabaseMigrator.Migrate(database, [typeof(MessagingOptions).Assembly], NullLogger.Instance);
        using var host = await BusHost.StartAsync(
            broker.Settings().Concat(test.Settings("Benchmark:Database")).Append(new("Messaging:Outbox:PollInterval", "01:00:00")),
            (services, configuration) =>
            {
                services.AddServiceDatabase<OutboxBenchmarkOwner>(configuration, "Benchmark:Database", "unused.db");
                services.AddOutbox<OutboxBenchmarkOwner>();
            });
        var bus = host.Services.GetRequiredService<IBus>();
        var outbox = host.Services.GetRequiredService<Outbox<OutboxBenchmarkOwner>>();
        var relay = host.Services.GetRequiredService<OutboxRelay<OutboxBenchmarkOwner>>();
        var inFlight = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.Outbox.MaxPublishesInFlight;

        var publishing = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(0, rows).Chunk(inFlight))
        {
            await Task.WhenAll(chunk.Select(_ => bus.Publish(Event())));
        }

        var publishRate = rows / publishing.Elapsed.TotalSeconds;

        foreach (var chunk in Enumerable.Range(0, rows).Chunk(1000))
        {
            await database.InTransactionAsync(async (c, t) =>
            {
                foreach (var _ in chunk)
                {
                    await outbox.EnqueueAsync(c, t, Event(), CancellationToken.None);
                }

                return 0;
            });
        }

        var draining = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        while (sent < rows)
        {
            var pass = await relay.RelayOnceAsync(CancellationToken.None);
            if (pass.Claimed == 0)
            {
                throw new InvalidOperationException($"The relay stopped after {sent} of {rows} rows.");
            }

            sent += pass.Published;
        }

        var relayRate = rows / draining.Elapsed.TotalSeconds;
        await host.StopAsync();
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"outbox: {rows} events published by MassTransit at {publishRate:F0}/s, drained by the relay at {relayRate:F0}/s"));
        return (relayRate, publishRate);
    }

    private static OrganisationRegistered Event() => TestEvents.OrganisationRegistered();
}

public sealed class OutboxBenchmarkOwner;
