using Dapper;
using Leercultuur.Data;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Messaging.Tests;

/// <summary>
/// The relay keeps several publishes awaiting the broker's confirm at once (a window that doubles up to
/// <see cref="OutboxOptions.MaxPublishesInFlight"/>), and still marks exactly what the broker confirmed.
/// </summary>
public sealed class OutboxRelayWindowTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_backlog_goes_out_with_several_publishes_awaiting_confirms_at_once_never_more_than_the_limit_and_every_row_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>());
        var relay = MessagingHost.Relay(test, bus, TimeProvider.System, outbox =>
        {
            outbox.BatchSize = 100;
            outbox.MaxPublishesInFlight = 16;
        });
        var enqueued = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            enqueued.Add(await MessagingHost.EnqueueAsync(test, TimeProvider.System));
        }

        var result = await relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(new RelayResult(100, 100, false), result);
        var watched = (WatchedBus)(object)bus;
        Assert.Equal(100, watched.Publishes);
        Assert.InRange(watched.MostInFlight, 2, 16);
        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 100, what: "every row delivered");
        Assert.Equal(enqueued.Order(), log.MessageIds.Order());
        await using var connection = await database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_broker_gone_in_the_middle_of_a_window_gives_the_rows_from_the_first_unconfirmed_one_back_uncounted_and_marks_what_it_confirmed(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);

        // Windows of 1, 2 and 4 rows: the broker confirms publishes 1 to 5 and none after, so the third window
        // has two confirmed rows, then two unconfirmed ones in a row: an outage, not a refused message.
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>(), publish => publish >= 6);
        var relay = MessagingHost.Relay(test, bus, TimeProvider.System, outbox => outbox.MaxPublishesInFlight = 64);
        var enqueued = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            enqueued.Add(await MessagingHost.EnqueueAsync(test, TimeProvider.System));
        }

        var result = await relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(new RelayResult(20, 5, true), result);
        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<(Guid MessageId, int Attempts, string? LockedBy, int Sent, int Dead)>(
            "SELECT message_id, attempts, locked_by, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END, CASE WHEN dead_lettered_at IS NULL THEN 0 ELSE 1 END FROM outbox_messages ORDER BY id")).ToList();
        Assert.Equal(enqueued, rows.Select(r => r.MessageId));
        Assert.All(rows.Take(5), r => Assert.Equal(1, r.Sent));
        Assert.All(rows.Skip(5), r => Assert.Equal((0, (string?)null, 0, 0), (r.Attempts, r.LockedBy, r.Sent, r.Dead)));
        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 5, what: "the confirmed rows delivered");
        Assert.Equal(enqueued.Take(5).Order(), log.MessageIds.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task One_unconfirmed_row_among_confirmed_ones_of_a_window_is_given_back_uncounted_and_the_rows_confirmed_after_it_are_sent(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);

        // Windows of 1, 2 and 4 rows: the broker does not confirm publish 5, the second of the third window, and
        // confirms 6 and 7 beside it. Published together, 6 and 7 may have been confirmed before 5 failed, so
        // they cannot tell whether the broker refused row 5 or was briefly gone: row 5 is not counted against.
        var bus = WatchedBus.Create(consumers.Services.GetRequiredService<IBus>(), publish => publish == 5);
        var relay = MessagingHost.Relay(test, bus, TimeProvider.System, outbox => outbox.MaxPublishesInFlight = 64);
        var enqueued = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            enqueued.Add(await MessagingHost.EnqueueAsync(test, TimeProvider.System));
        }

        var result = await relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(new RelayResult(12, 6, true), result);
        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<(Guid MessageId, int Attempts, string? LockedBy, int Sent)>(
            "SELECT message_id, attempts, locked_by, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END FROM outbox_messages ORDER BY id")).ToList();
        Assert.Equal(enqueued, rows.Select(r => r.MessageId));
        Assert.Equal([1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0], rows.Select(r => r.Sent));
        Assert.All(rows.Where(r => r.Sent == 0), r => Assert.Equal((0, (string?)null), (r.Attempts, r.LockedBy)));
        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 6, what: "the confirmed rows delivered");
        Assert.Equal(rows.Where(r => r.Sent == 1).Select(r => r.MessageId).Order(), log.MessageIds.Order());
    }
}
