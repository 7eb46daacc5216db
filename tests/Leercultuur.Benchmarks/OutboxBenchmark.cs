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

    private static OrganisationRegistered Event() => TestEvents.OrganisationRegistered();
}

public sealed class OutboxBenchmarkOwner;
