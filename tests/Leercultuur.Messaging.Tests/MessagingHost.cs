using System.Collections.Concurrent;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Leercultuur.Messaging.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leercultuur.Messaging.Tests;

/// <summary>The owner type of the test database, as a service module's type owns a service's.</summary>
public sealed class TestOwner;

/// <summary>Every delivery a consumer finished, duplicates included.</summary>
public sealed class DeliveryLog
{
    public ConcurrentQueue<Guid> MessageIds { get; } = new();
}

/// <summary>Counts deliveries, and applies its effect (a counter increment) through the inbox.</summary>
public sealed class CountingConsumer(DeliveryLog log, Inbox<TestOwner> inbox) : IConsumer<OrganisationRegistered>
{
    public async Task Consume(ConsumeContext<OrganisationRegistered> context)
    {
        await inbox.ProcessOnceAsync(
            context.MessageId!.Value,
            "test.counting",
            (connection, transaction) => connection.ExecuteAsync("UPDATE effect_counter SET n = n + 1 WHERE name = 'effects'", transaction: transaction),
            context.CancellationToken);

        // Logged after the commit, so a test that has seen a delivery also sees its effect.
        log.MessageIds.Enqueue(context.MessageId!.Value);
    }
}

public sealed class CountingConsumerDefinition : ConsumerDefinition<CountingConsumer>
{
    public CountingConsumerDefinition() => EndpointName = "test-counting";
}

/// <summary>Always fails: what a poison message meets.</summary>
public sealed class FailingConsumer : IConsumer<ScanCompleted>
{
    public Task Consume(ConsumeContext<ScanCompleted> context) => throw new InvalidOperationException("This consumer always fails.");
}

public sealed class FailingConsumerDefinition : ConsumerDefinition<FailingConsumer>
{
    public FailingConsumerDefinition() => EndpointName = "test-poison";
}

/// <summary>A message of the tests' own, published straight to the bus.</summary>
public sealed record FlakyTestMessage(int Number);

/// <summary>Whether the flaky consumer's effect fails now, and with which exception.</summary>
public sealed class FlakyEffect
{
    public volatile Exception? Failure;

    public int Failures;
}

/// <summary>Applies its effect through the inbox, unless its test made it fail for now.</summary>
public sealed class FlakyConsumer(FlakyEffect flaky, Inbox<TestOwner> inbox, DeliveryLog log) : IConsumer<FlakyTestMessage>
{
    public async Task Consume(ConsumeContext<FlakyTestMessage> context)
    {
        if (flaky.Failure is { } failure)
        {
            Interlocked.Increment(ref flaky.Failures);
            throw failure;
        }

        await inbox.ProcessOnceAsync(
            context.MessageId!.Value,
            "test.flaky",
            (connection, transaction) => connection.ExecuteAsync("UPDATE effect_counter SET n = n + 1 WHERE name = 'effects'", transaction: transaction),
            context.CancellationToken);
        log.MessageIds.Enqueue(context.MessageId!.Value);
    }
}

public sealed class FlakyConsumerDefinition : ConsumerDefinition<FlakyConsumer>
{
    public FlakyConsumerDefinition()
    {
        EndpointName = "test-flaky";

        // As reporting's consumer: a concurrency limit of its own, which must not change the prefetch the broker sees.
        ConcurrentMessageLimit = 8;
    }
}

/// <summary>A generic host with the real messaging setup, a real database and a real broker virtual host.</summary>
public static class MessagingHost
{
    public static Task<IHost> StartAsync(TestDatabase database, RabbitMqVirtualHost virtualHost, bool consumers, IEnumerable<KeyValuePair<string, string?>>? settings = null, bool relay = true) =>
        BusHost.StartAsync(
            virtualHost.Settings()
                .Concat(database.Settings("Test:Database"))
                .Append(new("Messaging:RetryIntervalsMs:0", "10"))
                .Append(new("Messaging:RetryIntervalsMs:1", "10"))
                .Concat(settings ?? []),
            (services, configuration) =>
            {
                services.AddServiceDatabase<TestOwner>(configuration, "Test:Database", "unused.db");
                services.AddSingleton<DeliveryLog>();
                services.AddSingleton<FlakyEffect>();
                services.AddInbox<TestOwner>();
                if (relay)
                {
                    services.AddOutbox<TestOwner>();
                }
            },
            bus =>
            {
                if (consumers)
                {
                    bus.AddConsumer<CountingConsumer, CountingConsumerDefinition>();
                    bus.AddConsumer<FailingConsumer, FailingConsumerDefinition>();
                    bus.AddConsumer<FlakyConsumer, FlakyConsumerDefinition>();
                }
            });

    /// <summary>The outbox and inbox tables, and the counter the test consumer's effect increments.</summary>
    public static async Task<Database> MigrateAsync(TestDatabase test)
    {
        var database = new Database(test.Options);
        DatabaseMigrator.Migrate(database, [typeof(MessagingOptions).Assembly], NullLogger.Instance);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE effect_counter (name VARCHAR(20) NOT NULL PRIMARY KEY, n INT NOT NULL)");
        await connection.ExecuteAsync("INSERT INTO effect_counter (name, n) VALUES ('effects', 0)");
        return database;
    }

    public static OrganisationRegistered NewEvent() => TestEvents.OrganisationRegistered();

    /// <summary>A relay of the test database driven by hand, one pass at a time, on the given bus and clock.</summary>
    /// <param name="lifetime">The host's lifetime the relay's loop waits on (when a test starts it as a background service).</param>
    public static OutboxRelay<TestOwner> Relay(TestDatabase test, IBus bus, TimeProvider clock, Action<OutboxOptions>? configure = null, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime? lifetime = null)
    {
        var options = new MessagingOptions();
        configure?.Invoke(options.Outbox);
        return new OutboxRelay<TestOwner>(
            new Database<TestOwner>(test.Options),
            bus,
            new OutboxSignal<TestOwner>(),
            Options.Create(options),
            lifetime ?? new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance),
            clock,
            NullLogger<OutboxRelay<TestOwner>>.Instance);
    }

    /// <summary>Writes one event to the outbox in its own committed transaction; returns its message id.</summary>
    public static async Task<Guid> EnqueueAsync(TestDatabase test, TimeProvider clock, object? message = null)
    {
        var database = new Database<TestOwner>(test.Options);
        var outbox = new Outbox<TestOwner>(database, new OutboxSignal<TestOwner>(), clock);
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await outbox.EnqueueAsync(connection, transaction, (OrganisationRegistered)(message ?? NewEvent()), CancellationToken.None);
        await transaction.CommitAsync();
        return id;
    }
}
