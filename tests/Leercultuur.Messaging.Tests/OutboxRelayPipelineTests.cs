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
/// is published, and a pass's marks are written while the next one publishes. Every row is still delivered
/// once, exactly the confirmed rows are marked, and no row waits for a lease.
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

        // Batches of 10. The first pass of a backlog claims only its own batch; the second, after a quick full
        // pass, claims the third while it publishes. At the second batch's last publish the third batch's rows
        // under a claim are counted (waiting up to ten seconds for all ten).
        var claimedAhead = 0;
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>(), publish =>
        {
            if (publish == 20)
            {
                claimedAhead = ClaimedAmong(test, 21, 30);
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

        Assert.Equal(10, claimedAhead);
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
        // pass while the third batch is claimed (counted at publish 13). Every row must still go out within
        // seconds, uncounted.
        var claimedAhead = 0;
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>(), publish =>
        {
            if (publish == 13)
            {
                claimedAhead = ClaimedAmong(test, 21, 30);
            }

            return publish is >= 13 and <= 16;
        });
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
            Assert.Equal(10, claimedAhead);
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }

        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 35, what: "every row delivered");
        Assert.Equal(enqueued.Order(), log.MessageIds.Order());
    }

    /// <summary>
    /// How many of the rows numbered <paramref name="first"/> to <paramref name="last"/> in the outbox's order are
    /// under a claim, waiting up to ten seconds for all of them. Called inside a publish, on the relay's own
    /// thread, so the relay holds still while it looks.
    /// </summary>
    private static int ClaimedAmong(TestDatabase test, int first, int last)
    {
        using var connection = new Database(test.Options).OpenAsync().GetAwaiter().GetResult();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var ids = connection.Query<(long Id, string? LockedBy, int Sent)>(
                "SELECT id, locked_by, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END FROM outbox_messages ORDER BY id").ToList();
            var claimed = ids.Skip(first - 1).Take(last - first + 1).Count(r => r.LockedBy is not null && r.Sent == 0);
            if (claimed == last - first + 1 || DateTime.UtcNow > until)
            {
                return claimed;
            }

            Thread.Sleep(10);
        }
    }
}
