using Dapper;
using Leercultuur.Data;
using Leercultuur.Messaging.ErrorQueues;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leercultuur.Messaging.Tests;

/// <summary>
/// How receive endpoints treat failures and what the broker sees of their settings: a passing outage
/// waits, poison goes to the error queue and can be listed and replayed, prefetch is what is configured.
/// </summary>
public sealed class ConsumerPolicyTests
{
    [Fact]
    public async Task A_passing_infrastructure_fault_longer_than_the_short_retries_waits_instead_of_going_to_the_error_queue()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var host = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var flaky = host.Services.GetRequiredService<FlakyEffect>();

        // The database "refuses connections" for four seconds: far longer than the short retries (10 ms, 10 ms).
        flaky.Failure = new TimeoutException("The database did not answer.");
        await host.Services.GetRequiredService<IBus>().Publish(new FlakyTestMessage(1));
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref flaky.Failures)), n => n >= 2, what: "the first failures");
        await Task.Delay(TimeSpan.FromSeconds(4));
        flaky.Failure = null;

        var log = host.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 1, TimeSpan.FromSeconds(60), "the message once the fault passed");
        Assert.Equal([("test-flaky_error", 0u)], await host.Services.GetRequiredService<ErrorQueueTool>().CountAsync(["test-flaky"], CancellationToken.None));
        Assert.Equal(1, await CountEffectsAsync(database));
    }

    [Fact]
    public async Task Poison_goes_to_the_error_queue_at_once_and_a_replay_through_the_inbox_counts_once()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var host = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var flaky = host.Services.GetRequiredService<FlakyEffect>();
        var bus = host.Services.GetRequiredService<IBus>();
        var tool = host.Services.GetRequiredService<ErrorQueueTool>();
        var messageId = NewId.NextGuid();

        flaky.Failure = new InvalidOperationException("A bug, until it is fixed.");
        await bus.Publish(new FlakyTestMessage(7), context => context.MessageId = messageId);
        await Eventually.Until(() => broker.MessagesInAsync("test-flaky_error"), n => n == 1, TimeSpan.FromSeconds(30), "the poison message in the error queue");

        // Listing leaves it there, however often it is done (no delivery limit on error queues).
        for (var i = 0; i < 12; i++)
        {
            var listed = Assert.Single(await tool.ListAsync("test-flaky", 10, CancellationToken.None));
            Assert.Equal(messageId.ToString(), listed.MessageId);
            Assert.Equal(["urn:message:Leercultuur.Messaging.Tests:FlakyTestMessage"], listed.MessageTypes);
            Assert.Equal("System.InvalidOperationException", listed.ExceptionType);
            Assert.Equal("A bug, until it is fixed.", listed.ExceptionMessage);
        }

        Assert.Equal([("test-flaky_error", 1u), ("test-counting_error", 0u)], await tool.CountAsync(["test-flaky", "test-counting"], CancellationToken.None));

        // The bug is fixed; the operator replays; then the same message arrives once more anyway.
        flaky.Failure = null;
        Assert.Equal(1, await tool.ReplayAsync("test-flaky", 100, CancellationToken.None));
        var log = host.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 1, what: "the replayed message");
        await bus.Publish(new FlakyTestMessage(7), context => context.MessageId = messageId);
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 2, what: "the duplicate");

        Assert.Equal(0, await tool.ReplayAsync("test-flaky", 100, CancellationToken.None));
        Assert.Equal([("test-flaky_error", 0u)], await tool.CountAsync(["test-flaky"], CancellationToken.None));
        Assert.Equal(1, await CountEffectsAsync(database));
    }

    [Fact]
    public async Task A_message_delivered_more_often_than_the_limit_lands_in_its_error_queue_not_nowhere()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await MessagingHost.MigrateAsync(test);
        IEnumerable<KeyValuePair<string, string?>> settings = [new("Messaging:RabbitMq:DeliveryLimit", "2")];
        using (var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false, settings: settings))
        {
            // What the migrate command does: the error queues exist before anything can be dead-lettered.
            await consumers.Services.GetRequiredService<ErrorQueueTool>().DeclareAsync(["test-flaky"], CancellationToken.None);
            await consumers.StopAsync();
        }

        using var publisher = await BusHost.StartAsync(broker.Settings().Concat(settings));
        await publisher.Services.GetRequiredService<IBus>().Publish(new FlakyTestMessage(3));

        // A consumer that takes the message and dies before its ack, again and again.
        var factory = new RabbitMQ.Client.ConnectionFactory { HostName = TestEnvironment.RabbitMqHost, VirtualHost = broker.Name, UserName = TestEnvironment.RabbitMqUsername, Password = TestEnvironment.RabbitMqPassword };
        await using var connection = await factory.CreateConnectionAsync();
        var crashes = 0;
        while (crashes < 10)
        {
            await using var channel = await connection.CreateChannelAsync();
            if (await channel.BasicGetAsync("test-flaky", autoAck: false) is null)
            {
                break;
            }

            crashes++;
        }

        var tool = publisher.Services.GetRequiredService<ErrorQueueTool>();
        Assert.Equal(3, crashes);
        await Eventually.Until(() => tool.CountAsync(["test-flaky"], CancellationToken.None), counts => counts[0].Messages == 1, what: "the message in the error queue");
        Assert.Single(await tool.ListAsync("test-flaky", 10, CancellationToken.None));
    }

    [Fact]
    public async Task The_broker_sees_the_configured_prefetch_on_every_endpoint_whatever_its_concurrency_limit()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await MessagingHost.MigrateAsync(test);
        using var host = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false, settings:
        [
            new("Messaging:RabbitMq:PrefetchCount", "64"),
            new("Messaging:Endpoints:test-poison:PrefetchCount", "20"),
        ]);

        var prefetch = await Eventually.Until(() => PrefetchByQueueAsync(broker), p => p.Count >= 3, what: "the consumers");

        // test-flaky has a concurrency limit of 8, from which MassTransit would otherwise derive 9.
        Assert.Equal(64, prefetch["test-flaky"]);
        Assert.Equal(64, prefetch["test-counting"]);
        Assert.Equal(20, prefetch["test-poison"]);
    }

    [Fact]
    public async Task Settings_that_would_stop_the_relay_or_drop_messages_stop_start_up_naming_the_setting()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BusHost.StartAsync(broker.Settings().Concat(
        [
            new("Messaging:Outbox:BatchSize", "0"),
            new("Messaging:RabbitMq:PrefetchCount", "0"),
            new("Messaging:TransientRetry:Limit", "2"),
            new("Messaging:Inbox:Retention", "00:10:00"),
        ])));

        Assert.Contains("Messaging:Outbox:BatchSize", failure.Message);
        Assert.Contains("Messaging:RabbitMq:PrefetchCount", failure.Message);
        Assert.Contains("Messaging:TransientRetry:Limit", failure.Message);
        Assert.Contains("Messaging:Inbox:Retention", failure.Message);
    }

    private static async Task<Dictionary<string, int>> PrefetchByQueueAsync(RabbitMqVirtualHost broker) =>
        (await broker.PrefetchByQueueAsync()).Where(q => q.Key.StartsWith("test-", StringComparison.Ordinal)).ToDictionary();

    private static async Task<int> CountEffectsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT n FROM effect_counter WHERE name = 'effects'");
    }
}
