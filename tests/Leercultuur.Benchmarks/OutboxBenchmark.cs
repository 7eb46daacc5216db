using Dapper;
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
            broker.Settings().Concat(test.Settings("Benchmark:Database"))
                .Append(new("Messaging:Outbox:PollInterval", "01:00:00"))
                .Append(new("Messaging:Outbox:BatchSize", "100")),
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

        // A backlog drains in batches of 100 here: one claim, 100 confirmed publishes (in windows), one mark;
        // enough rows for every timed pass and its warm-up to take a full batch.
        await database.InTransactionAsync(async (c, t) =>
        {
            for (var i = 0; i < 1600; i++)
            {
                await outbox.EnqueueAsync(c, t, Event(), CancellationToken.None);
            }

            return 0;
        });
        var batchBaseline = await Measurement.RunAsync("publish 100 straight to RabbitMQ, all in flight (baseline)", engine.ToString(), 12, _ =>
            Task.WhenAll(Enumerable.Range(0, 100).Select(_ => bus.Publish(Event()))), warmup: 2);
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
        var signal = host.Services.GetRequiredService<OutboxSignal<OutboxBenchmarkOwner>>();
        var inFlight = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.Outbox.MaxPublishesInFlight;

        // Both warmed up first (JIT, channel, exchange), then the baseline and the drain.
        await PublishAsync(bus, Math.Min(rows, 2000), inFlight);
        await EnqueueAsync(database, Math.Min(rows, 2000));
        await DrainRelayAsync(database, signal, Math.Min(rows, 2000));

        var publishing = System.Diagnostics.Stopwatch.StartNew();
        await PublishAsync(bus, rows, inFlight);
        var publishRate = rows / publishing.Elapsed.TotalSeconds;

        await EnqueueAsync(database, rows);
        var draining = System.Diagnostics.Stopwatch.StartNew();
        await DrainRelayAsync(database, signal, rows);
        var relayRate = rows / draining.Elapsed.TotalSeconds;
        await host.StopAsync();
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"outbox: {rows} events published by MassTransit at {publishRate:F0}/s, drained by the relay at {relayRate:F0}/s"));
        return (relayRate, publishRate);
    }

    private static async Task PublishAsync(IBus bus, int count, int inFlight)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(inFlight))
        {
            await Task.WhenAll(chunk.Select(_ => bus.Publish(Event())));
        }
    }

    // Rows written straight into the table, as committed writers leave them, without waking the host's own
    // relay (it polls once an hour here), so that only the passes below drain them.
    private static async Task EnqueueAsync(Database<OutboxBenchmarkOwner> database, int count)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(Event(), MessageJson.Options);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts) " +
            "SELECT gen_random_uuid(), @type, @body, now(), 0 FROM generate_series(1, @count)",
            new { type = ContractTypes.NameOf(typeof(OrganisationRegistered)), body, count },
            commandTimeout: 600));
    }

    // The host's own relay loop, woken as a writer's commit wakes it, drains the rows: passes back to back
    // while they come back full, each claiming the next batch while it publishes and marking while the
    // next one publishes. Timed until no row is left unsent; woken again at every look, as further commits
    // would wake it, so a pass that stopped early does not leave it asleep for its hour-long poll.
    private static async Task DrainRelayAsync(Database<OutboxBenchmarkOwner> database, OutboxSignal<OutboxBenchmarkOwner> signal, int rows)
    {
        await using var connection = await database.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);

        // Whether any row is left, not how many: a count over the unsent rows every few milliseconds would take
        // a good part of a core from the relay it times.
        do
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The relay did not drain {rows} rows in ten minutes.");
            }

            signal.Notify();
            await Task.Delay(50);
        }
        while (await connection.ExecuteScalarAsync<int?>("SELECT 1 FROM outbox_messages WHERE sent_at IS NULL AND dead_lettered_at IS NULL LIMIT 1") is not null);
    }

    private static OrganisationRegistered Event() => TestEvents.OrganisationRegistered();
}

public sealed class OutboxBenchmarkOwner;
