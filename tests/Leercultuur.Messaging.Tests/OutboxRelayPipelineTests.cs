using Dapper;
using Leercultuur.Data;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leercultuur.Messaging.Tests;

/// <summary>
/// The relay's loop works through a backlog with its passes overlapping: the next batch is claimed while one
/// is published, and a pass's marks are written while the next one publishes. Order, exactly-once marking and
/// the lease rules hold as they do pass by pass.
/// </summary>
public sealed class OutboxRelayPipelineTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task The_relay_loop_claims_the_next_batch_while_it_publishes_one_and_delivers_every_row_of_a_backlog_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);

        // At the last publish of the first batch of 10, the rows under a claim are counted (waiting up to five
        // seconds for them to reach 20): the first batch and the next one, claimed while the first goes out.
        var claimedDuringFirstBatch = 0;
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>(), publish =>
        {
            if (publish == 10)
            {
                using var connection = new Database(test.Options).OpenAsync().GetAwaiter().GetResult();
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
                do
                {
                    claimedDuringFirstBatch = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox_messages WHERE locked_by IS NOT NULL AND sent_at IS NULL");
                }
                while (claimedDuringFirstBatch < 20 && DateTime.UtcNow < until && SleptBriefly());
            }

            return false;
        });
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var relay = MessagingHost.Relay(test, bus, TimeProvider.System, outbox => outbox.BatchSize = 10, lifetime);
        var enqueued = new List<Guid>();
        for (var i = 0; i < 45; i++)
        {
            enqueued.Add(await MessagingHost.EnqueueAsync(test, TimeProvider.System));
        }

        await relay.StartAsync(CancellationToken.None);
        lifetime.NotifyStarted();
        try
        {
            await using var connection = await database.OpenAsync();
            await Eventually.Until(
                () => connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"),
                n => n == 0,
                TimeSpan.FromSeconds(30),
                "every row marked sent");
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }

        Assert.Equal(20, claimedDuringFirstBatch);
        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 45, what: "every row delivered");
        Assert.Equal(45, ((WatchedBus)(object)bus).Publishes);
        Assert.Equal(enqueued.Order(), log.MessageIds.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_batch_claimed_ahead_of_a_pass_the_broker_interrupts_is_given_back_with_the_pass_and_not_left_to_its_lease(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);

        // Batches of 10 under a ten-minute lease. The first batch goes out (its windows grow to 8), the second is
        // published in one window of 8 of which publishes 13 to 16 are not confirmed: an outage, which ends the
        // pass while the third batch is already claimed. Every row must still go out within seconds, uncounted.
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>(), publish => publish is >= 13 and <= 16);
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var relay = MessagingHost.Relay(
            test,
            bus,
            TimeProvider.System,
            outbox =>
            {
                outbox.BatchSize = 10;
                outbox.LeaseDuration = TimeSpan.FromMinutes(10);
                outbox.PollInterval = TimeSpan.FromMilliseconds(50);
            },
            lifetime);
        var enqueued = new List<Guid>();
        for (var i = 0; i < 35; i++)
        {
            enqueued.Add(await MessagingHost.EnqueueAsync(test, TimeProvider.System));
        }

        await relay.StartAsync(CancellationToken.None);
        lifetime.NotifyStarted();
        try
        {
            await using var connection = await database.OpenAsync();
            await Eventually.Until(
                () => connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"),
                n => n == 0,
                TimeSpan.FromSeconds(30),
                "every row marked sent, none waiting for its lease");
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE attempts > 0 OR dead_lettered_at IS NOT NULL"));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }

        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 35, what: "every row delivered");
        Assert.Equal(enqueued.Order(), log.MessageIds.Order());
    }

    private static bool SleptBriefly()
    {
        Thread.Sleep(10);
        return true;
    }
}
