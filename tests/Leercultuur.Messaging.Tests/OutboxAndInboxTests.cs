using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.Messaging.Tests;

/// <summary>
/// The delivery guarantees on a real RabbitMQ and each database engine: nothing lost, nothing counted
/// twice, whatever step a relay or consumer dies at.
/// </summary>
public sealed class OutboxAndInboxTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Only_committed_rows_are_published(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var host = await MessagingHost.StartAsync(test, broker, consumers: true);
        var outbox = host.Services.GetRequiredService<Outbox<TestOwner>>();

        await using (var connection = await database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await outbox.EnqueueAsync(connection, transaction, MessagingHost.NewEvent(), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        var committed = await EnqueueAsync(host, database);

        var log = host.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 1, what: "the committed message");
        Assert.Equal([committed], log.MessageIds);
        await using var check = await database.OpenAsync();
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_row_claimed_by_a_relay_that_died_is_published_once_its_lease_runs_out(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);

        // A relay claimed the row and died before publishing: its claim holds for two seconds.
        var outbox = new Outbox<TestOwner>(new Database<TestOwner>(test.Options), new OutboxSignal<TestOwner>(), TimeProvider.System);
        Guid messageId;
        await using (var connection = await database.OpenAsync())
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                messageId = await outbox.EnqueueAsync(connection, transaction, MessagingHost.NewEvent(), CancellationToken.None);
                await transaction.CommitAsync();
            }

            var claim = new OutboxStatements(database.Dialect).Claim;
            var claimed = await connection.QueryAsync(claim, new { batchSize = 10, owner = "relay-that-died", now = DateTimeOffset.UtcNow, lockedUntil = DateTimeOffset.UtcNow.AddSeconds(2) });
            Assert.Single(claimed);
        }

        using var restarted = await MessagingHost.StartAsync(test, broker, consumers: true, [new("Messaging:Outbox:PollInterval", "00:00:00.200")]);

        var log = restarted.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n >= 1, what: "the stranded message");
        Assert.Equal([messageId], log.MessageIds);
        await Eventually.Until(() => UnsentAsync(database), n => n == 0, what: "the row to be marked sent");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_relay_that_died_between_publish_and_mark_publishes_again_and_the_inbox_counts_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var host = await MessagingHost.StartAsync(test, broker, consumers: true);
        var log = host.Services.GetRequiredService<DeliveryLog>();
        long duplicatesTurnedAway = 0;
        using var meter = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == OutboxTelemetry.Name && instrument.Name == "leercultuur.inbox.duplicates")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meter.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "consumer" && (string?)tag.Value == "test.counting")
                {
                    Interlocked.Add(ref duplicatesTurnedAway, value);
                }
            }
        });
        meter.Start();

        var messageId = await EnqueueAsync(host, database);
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 1, what: "the first delivery");
        await Eventually.Until(() => UnsentAsync(database), n => n == 0, what: "the row to be marked sent");

        // Undo the mark, as if the relay had died right after the broker confirmed the publish.
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE outbox_messages SET sent_at = NULL, locked_by = NULL, locked_until = NULL");
        }

        host.Services.GetRequiredService<Outbox<TestOwner>>().WakeRelay();

        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 2, what: "the redelivery");
        Assert.All(log.MessageIds, id => Assert.Equal(messageId, id));
        Assert.Equal(1, await EffectsAsync(database));
        Assert.Equal(1, Interlocked.Read(ref duplicatesTurnedAway));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Two_relays_on_one_outbox_publish_every_row_exactly_once_between_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumerHost = await MessagingHost.StartAsync(test, broker, consumers: true, [new("Messaging:Outbox:BatchSize", "7")]);
        using var secondRelay = await MessagingHost.StartAsync(test, broker, consumers: false, [new("Messaging:Outbox:BatchSize", "7")]);
        var outbox = consumerHost.Services.GetRequiredService<Outbox<TestOwner>>();

        var ids = new List<Guid>();
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < 100; i++)
            {
                ids.Add(await outbox.EnqueueAsync(connection, transaction, MessagingHost.NewEvent(), CancellationToken.None));
            }

            await transaction.CommitAsync();
        }

        outbox.WakeRelay();
        secondRelay.Services.GetRequiredService<Outbox<TestOwner>>().WakeRelay();

        var log = consumerHost.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Distinct().Count()), n => n == 100, what: "all 100 messages");
        await Eventually.Until(() => UnsentAsync(database), n => n == 0, what: "all rows to be marked sent");
        Assert.Equal(ids.Order(), log.MessageIds.Order());
        Assert.Equal(100, await EffectsAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_row_that_cannot_be_published_is_held_back_while_the_rest_of_its_batch_is_sent(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        var outbox = new Outbox<TestOwner>(new Database<TestOwner>(test.Options), new OutboxSignal<TestOwner>(), TimeProvider.System);
        var good = new List<Guid>();
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            good.Add(await outbox.EnqueueAsync(connection, transaction, MessagingHost.NewEvent(), CancellationToken.None));
            await connection.ExecuteAsync(
                "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts) VALUES (@id, @type, '{not json', @now, 0)",
                new { id = Guid.NewGuid(), type = ContractTypes.NameOf(typeof(OrganisationRegistered)), now = DateTimeOffset.UtcNow },
                transaction);
            good.Add(await outbox.EnqueueAsync(connection, transaction, MessagingHost.NewEvent(), CancellationToken.None));
            await transaction.CommitAsync();
        }

        using var host = await MessagingHost.StartAsync(test, broker, consumers: true);

        var log = host.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 2, what: "the two publishable rows");
        Assert.Equal(good.Order(), log.MessageIds.Order());
        await using var check = await database.OpenAsync();
        var held = await Eventually.Until(
            () => check.QuerySingleAsync<(int Attempts, string? LockedBy, string? LastError)>("SELECT attempts, locked_by, last_error FROM outbox_messages WHERE body = '{not json'"),
            row => row.Attempts >= 1,
            what: "the unreadable row's failure to be recorded");
        Assert.Null(held.LockedBy);
        Assert.StartsWith("System.Text.Json.JsonException", held.LastError);
        await Eventually.Until(() => check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), n => n == 1, what: "only the unreadable row to stay unsent");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task An_effect_that_fails_takes_its_inbox_row_with_it_so_the_retry_applies_it_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = await MessagingHost.MigrateAsync(test);
        var owned = new Database<TestOwner>(test.Options);
        var inbox = new Inbox<TestOwner>(owned, TimeProvider.System);
        var messageId = Guid.NewGuid();

        Task Effect(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t) =>
            c.ExecuteAsync("UPDATE effect_counter SET n = n + 1 WHERE name = 'effects'", transaction: t);

        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.ProcessOnceAsync(messageId, "test", async (c, t) =>
        {
            await Effect(c, t);
            throw new InvalidOperationException("crash after the effect, before the commit");
        }, CancellationToken.None));
        Assert.Equal(0, await EffectsAsync(database));

        Assert.True(await inbox.ProcessOnceAsync(messageId, "test", Effect, CancellationToken.None));
        Assert.False(await inbox.ProcessOnceAsync(messageId, "test", Effect, CancellationToken.None));
        Assert.True(await inbox.ProcessOnceAsync(messageId, "another-consumer", Effect, CancellationToken.None));
        Assert.Equal(2, await EffectsAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_duplicates_of_one_message_take_effect_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = await MessagingHost.MigrateAsync(test);
        var inbox = new Inbox<TestOwner>(new Database<TestOwner>(test.Options), TimeProvider.System);
        var messageId = Guid.NewGuid();

        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            inbox.ProcessOnceAsync(messageId, "test", (c, t) => c.ExecuteAsync("UPDATE effect_counter SET n = n + 1 WHERE name = 'effects'", transaction: t), CancellationToken.None)));
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, await EffectsAsync(database));
    }

    [Fact]
    public async Task Queues_are_durable_quorum_queues_with_a_delivery_limit_and_poison_messages_end_in_the_error_queue()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await MessagingHost.MigrateAsync(test);
        using var host = await MessagingHost.StartAsync(test, broker, consumers: true);

        var queue = JsonNode.Parse(await broker.QueueJsonAsync("test-counting"))!;
        Assert.True(queue["durable"]!.GetValue<bool>());
        Assert.Equal("quorum", queue["arguments"]!["x-queue-type"]!.GetValue<string>());
        Assert.Equal(10, queue["arguments"]!["x-delivery-limit"]!.GetValue<int>());

        await host.Services.GetRequiredService<IBus>().Publish(TestEvents.ScanCompleted(4.0));

        await Eventually.Until(
            () => broker.MessagesInAsync("test-poison_error"),
            n => n == 1,
            TimeSpan.FromSeconds(60),
            "the poison message in test-poison_error");
    }

    private static async Task<Guid> EnqueueAsync(IHost host, Database database)
    {
        var outbox = host.Services.GetRequiredService<Outbox<TestOwner>>();
        Guid id;
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            id = await outbox.EnqueueAsync(connection, transaction, MessagingHost.NewEvent(), CancellationToken.None);
            await transaction.CommitAsync();
        }

        outbox.WakeRelay();
        return id;
    }

    private static async Task<int> UnsentAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL");
    }

    private static async Task<int> EffectsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT n FROM effect_counter WHERE name = 'effects'");
    }
}
