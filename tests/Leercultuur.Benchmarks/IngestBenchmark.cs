using System.Diagnostics;
using System.Globalization;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Testing;
using MassTransit;
using RabbitMQ.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.Benchmarks;

/// <summary>
/// Reporting draining a backlog of <c>ScanCompletedV2</c> from RabbitMQ into PostgreSQL, against a MassTransit
/// consumer that does nothing, on the same queue name, with the product's messaging set-up (prefetch) and the
/// same batch options, in the same run. The rate is taken from the first message's consumption to the last's.
/// </summary>
internal static class IngestBenchmark
{
    private const string Queue = "reporting-scan-completed-v2";

    // What MassTransit gives a batch queue (both consumers here): room for every batch that runs at once.
    private static readonly int BatchPrefetch = new IngestOptions().BatchSize * new IngestOptions().ConcurrentBatches;

    public static async Task<(Measurement Run, Measurement Baseline, Measurement Raw)> RunAsync(Database<ReportingModule> database, string engine, int messages)
    {
        var raw = await RawDrainAsync(engine, messages);
        var baseline = await DrainAsync("ingest backlog: MassTransit no-op batch consumer (baseline)", engine, messages, (_, _) => { }, bus => bus.AddConsumer<NoOpConsumer, NoOpConsumerDefinition>());
        var run = await DrainAsync("ingest backlog: reporting's batch consumer into PostgreSQL", engine, messages,
            (services, _) =>
            {
                services.AddSingleton(database);
                services.AddSingleton(new Inbox<ReportingModule>(database, TimeProvider.System));
                services.AddSingleton(new AggregateRepository(database));
                services.AddSingleton(new InstrumentVersions(database));
                services.AddOptions<DisclosureOptions>();
                services.AddOptions<IngestOptions>();
            },
            bus => bus.AddConsumer<ScanCompletedBatchConsumer, ScanCompletedBatchConsumerDefinition>());
        return (run, baseline, raw);
    }

    /// <summary>
    /// The broker library's own rate: RabbitMQ.Client consuming and acknowledging a backlog of the same
    /// messages (MassTransit's envelope, as published) from a quorum queue with the product's prefetch.
    /// </summary>
    private static async Task<Measurement> RawDrainAsync(string engine, int messages)
    {
        const string scenario = "ingest backlog: raw RabbitMQ.Client consume + ack (baseline)";
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var settings = broker.Settings().ToDictionary(s => s.Key, s => s.Value);
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            HostName = settings["Messaging:RabbitMq:Host"]!,
            VirtualHost = settings["Messaging:RabbitMq:VirtualHost"]!,
            UserName = settings["Messaging:RabbitMq:Username"]!,
            Password = settings["Messaging:RabbitMq:Password"]!,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var publishing = await connection.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await publishing.QueueDeclareAsync("raw-baseline", durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            var random = new Random(11);
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { message = BatchIngest.RandomScan(random), messageType = new[] { "urn:message:Leercultuur.Contracts:ScanCompletedV2" } });
            foreach (var chunk in Enumerable.Range(0, messages).Chunk(500))
            {
                await Task.WhenAll(chunk.Select(_ => publishing.BasicPublishAsync(string.Empty, "raw-baseline", true, new RabbitMQ.Client.BasicProperties { Persistent = true }, body).AsTask()));
            }
        }

        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, (ushort)BatchPrefetch, false);
        var consumed = 0;
        long first = 0;
        long last = 0;
        var done = new TaskCompletionSource();
        var consumer = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.CompareExchange(ref first, Stopwatch.GetTimestamp(), 0);
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
            if (Interlocked.Increment(ref consumed) == messages)
            {
                last = Stopwatch.GetTimestamp();
                done.TrySetResult();
            }
        };
        await channel.BasicConsumeAsync("raw-baseline", false, consumer);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var elapsed = Stopwatch.GetElapsedTime(first, last);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario} ({engine}): {messages} messages in {elapsed.TotalSeconds:F2} s, {messages / elapsed.TotalSeconds:F0}/s"));
        var microsecondsPerMessage = elapsed.TotalMicroseconds / messages;
        return new Measurement(scenario, engine, messages, microsecondsPerMessage, microsecondsPerMessage, 0);
    }

    private static async Task<Measurement> DrainAsync(
        string scenario, string engine, int messages, Action<IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration> services, Action<IBusRegistrationConfigurator> consumers)
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var settings = broker.Settings().ToList();

        // The consumer's queue and bindings first, then the backlog while nothing consumes it. The stopped hosts
        // are disposed only at the end: MassTransit keeps the last host's logging for the process.
        using var topology = await BusHost.StartAsync(settings, services, consumers);
        await topology.StopAsync();
        using var publisher = await BusHost.StartAsync(settings);
        var random = new Random(11);
        var publishing = publisher.Services.GetRequiredService<IBus>();
        await Task.WhenAll(Enumerable.Range(0, messages).Select(_ => publishing.Publish(BatchIngest.RandomScan(random))));
        await publisher.StopAsync();

        await Eventually.Until(() => broker.MessagesInAsync(Queue), n => n == messages, TimeSpan.FromSeconds(60), "the backlog in the queue");
        var clock = new DrainClock();
        using var host = await BusHost.StartAsync(
            settings,
            (collection, configuration) =>
            {
                services(collection, configuration);
                collection.AddConsumeObserver(_ => clock);
            },
            consumers);
        await Eventually.Until(() => Task.FromResult(clock.Consumed), n => n >= messages, TimeSpan.FromMinutes(30), "the backlog drained");
        await host.StopAsync();
        var microsecondsPerMessage = clock.Elapsed.TotalMicroseconds / messages;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario} ({engine}): {messages} messages in {clock.Elapsed.TotalSeconds:F2} s, {messages / clock.Elapsed.TotalSeconds:F0}/s"));
        return new Measurement(scenario, engine, messages, microsecondsPerMessage, microsecondsPerMessage, 0);
    }

    /// <summary>From the first message taken to the last one done.</summary>
    private sealed class DrainClock : IConsumeObserver
    {
        private long first;
        private long last;
        private int consumed;

        public int Consumed => Volatile.Read(ref consumed);

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Interlocked.Read(ref first), Interlocked.Read(ref last));

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            Interlocked.CompareExchange(ref first, Stopwatch.GetTimestamp(), 0);
            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (context.Message is ScanCompletedV2)
            {
                Interlocked.Exchange(ref last, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref consumed);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }

    private sealed class NoOpConsumer : IConsumer<Batch<ScanCompletedV2>>
    {
        public Task Consume(ConsumeContext<Batch<ScanCompletedV2>> context) => Task.CompletedTask;
    }

    /// <summary>The same queue name and batch options as <see cref="ScanCompletedBatchConsumerDefinition"/>.</summary>
    private sealed class NoOpConsumerDefinition : ConsumerDefinition<NoOpConsumer>
    {
        private readonly IngestOptions options = new();

        public NoOpConsumerDefinition() => EndpointName = Queue;

        protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<NoOpConsumer> consumerConfigurator, IRegistrationContext context) =>
            consumerConfigurator.Options<BatchOptions>(batch => batch
                .SetMessageLimit(options.BatchSize)
                .SetTimeLimit(options.BatchTimeLimit)
                .SetConcurrencyLimit(options.ConcurrentBatches));
    }
}
