using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Messaging.Tests;

/// <summary>
/// The relay under injected faults, driven one pass at a time on a hand-moved clock: a row is marked sent
/// only when the broker confirmed it, a hung broker never outlives a lease, and a row that keeps failing
/// ends in the dead-letter state instead of being retried for ever.
/// </summary>
public sealed class OutboxRelayFaultTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_failed_row_whose_failure_cannot_be_recorded_is_never_marked_sent(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var clock = new ManualClock();
        var relay = MessagingHost.Relay(test, consumers.Services.GetRequiredService<IBus>(), clock);
        var unreadable = await InsertUnreadableRowAsync(database, clock);

        // The fault: the database refuses to record that the row failed (release it from the claim).
        await InjectAsync(database, RefuseRecordingFailures[provider]);
        try
        {
            await relay.RelayOnceAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            // Whether the pass reports the fault or logs it, what matters is what it leaves behind.
        }

        // The unreadable row still carries this relay's claim. The next pass sends a good row and marks it.
        var good = await MessagingHost.EnqueueAsync(test, clock);
        await relay.RelayOnceAsync(CancellationToken.None);

        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 1, what: "the good row");
        Assert.Equal([good], log.MessageIds);
        await using var connection = await database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE id = @unreadable AND sent_at IS NOT NULL", new { unreadable }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE message_id = @good AND sent_at IS NOT NULL", new { good }));

        // Once the fault is gone and the lease has run out, the row is tried again and its failure counted.
        await connection.ExecuteAsync("DROP TRIGGER refuse_failure_record" + (provider == DatabaseProvider.PostgreSql ? " ON outbox_messages" : ""));
        clock.Advance(TimeSpan.FromMinutes(1));
        await relay.RelayOnceAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(int Attempts, int Sent)>("SELECT attempts, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END FROM outbox_messages WHERE id = @unreadable", new { unreadable });
        Assert.Equal((1, 0), row);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_publish_that_hangs_is_given_up_before_the_lease_ends_and_its_batch_waits_uncounted(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = await MessagingHost.MigrateAsync(test);
        var hanging = HangingBus.Create();
        var relay = MessagingHost.Relay(test, hanging, TimeProvider.System, outbox =>
        {
            outbox.LeaseDuration = TimeSpan.FromSeconds(4);
            outbox.PublishTimeout = TimeSpan.FromMilliseconds(500);
        });
        for (var i = 0; i < 3; i++)
        {
            await MessagingHost.EnqueueAsync(test, TimeProvider.System);
        }

        var watch = Stopwatch.StartNew();
        var result = await relay.RelayOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(4));
        watch.Stop();

        // Two publishes tried (the second tells an outage from a refused message), each given up after
        // its timeout, well inside the lease; nothing counted against the rows.
        Assert.Equal(new RelayResult(3, 0, true), result);
        Assert.Equal(2, ((HangingBus)(object)hanging).Publishes);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3));
        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<(int Attempts, string? LockedBy, int Done)>(
            "SELECT attempts, locked_by, CASE WHEN sent_at IS NULL AND dead_lettered_at IS NULL THEN 0 ELSE 1 END FROM outbox_messages")).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal((0, (string?)null, 0), row));
    }

    [Fact]
    public void A_lease_too_short_for_a_batch_or_a_publish_timeout_is_refused()
    {
        var outbox = new OutboxOptions { BatchSize = 1000, PublishTimeout = TimeSpan.FromSeconds(10), LeaseDuration = TimeSpan.FromSeconds(15) };

        var failures = Validate(outbox);

        Assert.Contains(failures, f => f.MemberNames.Contains(nameof(OutboxOptions.LeaseDuration)));
        Assert.Empty(Validate(new OutboxOptions()));
        Assert.NotEmpty(Validate(new OutboxOptions { PublishTimeout = TimeSpan.FromSeconds(20), LeaseDuration = TimeSpan.FromSeconds(30) }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_row_that_keeps_failing_is_dead_lettered_with_its_error_counted_and_can_be_replayed(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var clock = new ManualClock();
        var relay = MessagingHost.Relay(test, consumers.Services.GetRequiredService<IBus>(), clock, outbox => outbox.MaxAttempts = 3);
        var unreadable = await InsertUnreadableRowAsync(database, clock);
        long deadLettered = 0;
        using var meter = ListenTo("leercultuur.outbox.dead_lettered", value => Interlocked.Add(ref deadLettered, value));

        for (var pass = 0; pass < 5; pass++)
        {
            await relay.RelayOnceAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(2)); // past any back-off
        }

        var administration = new OutboxAdministration<TestOwner>(new Database<TestOwner>(test.Options));
        var dead = Assert.Single(await administration.DeadLettersAsync(10, CancellationToken.None));
        Assert.Equal((unreadable, 3L), (dead.Id, dead.Attempts));
        Assert.StartsWith("System.Text.Json.JsonException", dead.LastError);
        Assert.Equal(1, Interlocked.Read(ref deadLettered));

        // The relay leaves it alone now; an operator fixes the cause and replays it.
        await using var connection = await database.OpenAsync();
        Assert.Equal(0, (await relay.RelayOnceAsync(CancellationToken.None)).Claimed);
        await connection.ExecuteAsync("UPDATE outbox_messages SET body = @body WHERE id = @unreadable", new { body = System.Text.Json.JsonSerializer.Serialize(MessagingHost.NewEvent(), MessageJson.Options), unreadable });
        Assert.Equal(1, await administration.ReplayAsync(null, CancellationToken.None));
        await relay.RelayOnceAsync(CancellationToken.None);

        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 1, what: "the replayed row");
        Assert.Empty(await administration.DeadLettersAsync(10, CancellationToken.None));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_message_the_broker_refuses_is_counted_against_it_and_dead_lettered_while_the_rest_flows(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var clock = new ManualClock();
        var refused = MessagingHost.NewEvent();
        var bus = SelectiveBus.Create(consumers.Services.GetRequiredService<IBus>(), message => message is OrganisationRegistered o && o.OrganisationId == refused.OrganisationId);
        var relay = MessagingHost.Relay(test, bus, clock, outbox => outbox.MaxAttempts = 2);
        var sent = new List<Guid> { await MessagingHost.EnqueueAsync(test, clock) };
        var refusedId = await MessagingHost.EnqueueAsync(test, clock, refused);
        sent.Add(await MessagingHost.EnqueueAsync(test, clock));

        // The first pass publishes the refused row in a window with the row after it, which cannot tell a
        // refusal from an outage: nothing counted yet. Each later pass tries it alone, then the next row.
        await relay.RelayOnceAsync(CancellationToken.None);
        for (var pass = 0; pass < 2; pass++)
        {
            sent.Add(await MessagingHost.EnqueueAsync(test, clock));
            clock.Advance(TimeSpan.FromMinutes(2));
            await relay.RelayOnceAsync(CancellationToken.None);
        }

        var log = consumers.Services.GetRequiredService<DeliveryLog>();
        await Eventually.Until(() => Task.FromResult(log.MessageIds.Count), n => n == 4, what: "the four other rows");
        Assert.Equal(sent.Order(), log.MessageIds.Order());
        var dead = Assert.Single(await new OutboxAdministration<TestOwner>(new Database<TestOwner>(test.Options)).DeadLettersAsync(10, CancellationToken.None));
        Assert.Equal((refusedId, 2L), (dead.MessageId, dead.Attempts));
        Assert.StartsWith("MassTransit.MessageNotAcknowledgedException", dead.LastError);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_row_of_a_type_only_a_newer_version_knows_is_left_for_it_and_never_dead_lettered(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = await MessagingHost.MigrateAsync(test);
        var clock = new ManualClock();
        var relay = MessagingHost.Relay(test, HangingBus.Create(), clock, outbox => outbox.MaxAttempts = 1);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts) VALUES (@id, 'urn:message:Leercultuur.Contracts:SomethingNewer', '{}', @now, 0)",
            new { id = Guid.NewGuid(), now = clock.GetUtcNow() });

        for (var pass = 0; pass < 3; pass++)
        {
            await relay.RelayOnceAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var row = await connection.QuerySingleAsync<(int Attempts, string? LockedBy, int Done)>(
            "SELECT attempts, locked_by, CASE WHEN sent_at IS NULL AND dead_lettered_at IS NULL THEN 0 ELSE 1 END FROM outbox_messages");
        Assert.Equal((0, (string?)null, 0), row);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_claim_and_the_mark_read_an_index_not_the_whole_backlog(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = await MessagingHost.MigrateAsync(test);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(provider == DatabaseProvider.PostgreSql
            ? "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts, sent_at) SELECT gen_random_uuid(), 't', '{}', now(), 0, CASE WHEN g % 10 = 0 THEN NULL ELSE now() END FROM generate_series(1, 20000) g"
            : "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 20000) INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts, sent_at) SELECT lower(hex(randomblob(16))), 't', '{}', '2026-01-01', 0, CASE WHEN n % 10 = 0 THEN NULL ELSE '2026-01-01' END FROM g");
        await connection.ExecuteAsync(provider == DatabaseProvider.PostgreSql ? "ANALYZE outbox_messages" : "ANALYZE", commandType: System.Data.CommandType.Text);
        var statements = new OutboxStatements(database.Dialect);
        var parameters = new { batchSize = 100, owner = "o", now = DateTimeOffset.UtcNow, lockedUntil = DateTimeOffset.UtcNow, ids = database.Dialect.KeyList([10, 20, 30]), retryAt = DateTimeOffset.UtcNow };

        // The claim reads the index of pending rows; the mark and the release find their rows by primary key.
        var primaryKey = provider == DatabaseProvider.PostgreSql ? "outbox_messages_pkey" : "INTEGER PRIMARY KEY";
        foreach (var (sql, index) in new[] { (statements.Claim, "ix_outbox_messages_pending"), (statements.MarkSent, primaryKey), (statements.Release, primaryKey) })
        {
            // PostgreSQL's plan is one text column; SQLite's is rows of (id, parent, notused, detail).
            var plan = provider == DatabaseProvider.PostgreSql
                ? (await connection.QueryAsync<string>("EXPLAIN " + sql, parameters)).ToList()
                : (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(row => row.Detail).ToList();
            var text = string.Join(Environment.NewLine, plan);
            Assert.True(
                text.Contains(index, StringComparison.Ordinal) &&
                !text.Contains("Seq Scan on outbox_messages", StringComparison.Ordinal) &&
                !plan.Any(line => line.Trim() == "SCAN outbox_messages"),
                $"{sql}{Environment.NewLine}{text}");
        }
    }

    private static readonly Dictionary<DatabaseProvider, string> RefuseRecordingFailures = new()
    {
        [DatabaseProvider.PostgreSql] =
            "CREATE FUNCTION refuse_failure_record() RETURNS trigger AS $$ BEGIN " +
            "IF OLD.locked_by IS NOT NULL AND NEW.locked_by IS NULL AND NEW.sent_at IS NULL THEN RAISE EXCEPTION 'injected: the database refuses to record the failure'; END IF; " +
            "RETURN NEW; END $$ LANGUAGE plpgsql; " +
            "CREATE TRIGGER refuse_failure_record BEFORE UPDATE ON outbox_messages FOR EACH ROW EXECUTE FUNCTION refuse_failure_record();",
        [DatabaseProvider.Sqlite] =
            "CREATE TRIGGER refuse_failure_record BEFORE UPDATE ON outbox_messages " +
            "WHEN OLD.locked_by IS NOT NULL AND NEW.locked_by IS NULL AND NEW.sent_at IS NULL " +
            "BEGIN SELECT RAISE(ABORT, 'injected: the database refuses to record the failure'); END;",
        [DatabaseProvider.SqlServer] =
            "CREATE TRIGGER refuse_failure_record ON outbox_messages AFTER UPDATE AS " +
            "IF EXISTS (SELECT 1 FROM inserted i JOIN deleted d ON d.id = i.id WHERE d.locked_by IS NOT NULL AND i.locked_by IS NULL AND i.sent_at IS NULL) " +
            "THROW 51000, 'injected: the database refuses to record the failure', 1;",
    };

    private static async Task InjectAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    private static async Task<long> InsertUnreadableRowAsync(Database database, TimeProvider clock)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts) VALUES (@id, @type, '{not json', @now, 0)",
            new { id = Guid.NewGuid(), type = ContractTypes.NameOf(typeof(OrganisationRegistered)), now = clock.GetUtcNow() });
        return await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM outbox_messages");
    }

    private static List<System.ComponentModel.DataAnnotations.ValidationResult> Validate(object options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        return results;
    }

    private static MeterListener ListenTo(string instrumentName, Action<long> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OutboxTelemetry.Name && instrument.Name == instrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => measured(value));
        listener.Start();
        return listener;
    }
}
